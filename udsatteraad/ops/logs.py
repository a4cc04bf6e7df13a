"""LOG_FORMAT=json: one JSON object a line, for log shippers (Loki, Elastic, journald + jq)."""

from __future__ import annotations

import datetime as dt
import json
import logging


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            line["path"] = request.path
        status = getattr(record, "status_code", None)
        if status is not None:
            line["status"] = status
        return json.dumps(line, ensure_ascii=False, default=str)
