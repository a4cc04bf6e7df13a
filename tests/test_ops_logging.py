"""Log lines carry time, level and logger; unhandled exceptions are logged with their
traceback and mailed to ADMINS."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import path

from udsatteraad import urls as project_urls
from udsatteraad.ops.logs import JsonFormatter


def explode(request):
    raise RuntimeError("kaboom-ops-test")


# The site's routes too: the 500 page links to them by name.
urlpatterns = [path("explode/", explode), *project_urls.urlpatterns]


@pytest.fixture
def django_console():
    """The console handler of the "django" logger, writing into a buffer."""
    handler = next(h for h in logging.getLogger("django").handlers
                   if isinstance(h, logging.StreamHandler))
    buffer = io.StringIO()
    # Set directly, not with setStream(): that flushes the old stream, which may be a capture
    # file pytest has closed after an earlier test (the handler keeps the stderr it was made with).
    old, handler.stream = handler.stream, buffer
    yield buffer
    handler.stream = old


LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (INFO|WARNING|ERROR) [\w.]+: ")


def test_every_line_has_time_level_and_logger(django_console):
    logging.getLogger("django.request").warning("en advarsel")
    line = django_console.getvalue().splitlines()[0]
    assert LINE.match(line), line
    assert line.endswith("WARNING django.request: en advarsel")


def test_application_loggers_use_the_same_format():
    root = logging.getLogger()
    handler = next(h for h in root.handlers if isinstance(h, logging.StreamHandler)
                   and h.formatter is not None and h.formatter._fmt)
    record = logging.LogRecord("udsatteraad.meetings.publishing", logging.INFO, __file__, 1,
                               "sendt", None, None)
    assert LINE.match(handler.format(record) + " "), handler.format(record)


@pytest.mark.urls(__name__)
@override_settings(ADMINS=["Drift <drift@testregion.example>"])
def test_unhandled_exception_is_logged_with_traceback_and_mailed(db, django_console):
    client = Client(raise_request_exception=False)
    response = client.get("/explode/")
    assert response.status_code == 500
    log = django_console.getvalue()
    assert re.search(r"ERROR django\.request: Internal Server Error: /explode/", log), log
    assert "Traceback (most recent call last)" in log
    assert "RuntimeError: kaboom-ops-test" in log
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Drift <drift@testregion.example>"]
    assert "kaboom-ops-test" in mail.outbox[0].body


@pytest.mark.urls(__name__)
def test_no_mail_without_admins(db, django_console):
    Client(raise_request_exception=False).get("/explode/")
    assert mail.outbox == []
    assert "kaboom-ops-test" in django_console.getvalue()


def test_json_lines():
    try:
        raise ValueError("dårlig værdi")
    except ValueError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1,
                                   "Fejl i %s", ("/x/",), sys.exc_info())
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "ERROR"
    assert line["logger"] == "django.request"
    assert line["message"] == "Fejl i /x/"
    assert line["time"].endswith("+00:00")
    assert "ValueError: dårlig værdi" in line["traceback"]
