"""The history of a versioned rule set (terms of reference, rules of procedure) as the
secretariat reads it: who changed which rules when (django-simple-history's diff_against)."""

from __future__ import annotations

from typing import Any

# Fields every save touches; not a change of a rule.
IGNORED = {"modified", "created"}


def changes(obj: Any, *, limit: int = 20) -> list[dict]:
    """The newest `limit` saves of `obj`, each with when, who and the labels of the fields it
    changed (the first save: "oprettet")."""
    records = list(obj.history.select_related("history_user").order_by("-history_date",
                                                                         "-history_id")[:limit + 1])
    model = type(obj)
    out: list[dict] = []
    for i, record in enumerate(records[:limit]):
        older = records[i + 1] if i + 1 < len(records) else None
        if older is None:
            fields: list[str] = []
        else:
            delta = record.diff_against(older, excluded_fields=IGNORED)
            fields = [str(model._meta.get_field(c.field).verbose_name) for c in delta.changes]
        user = record.history_user
        out.append({
            "when": record.history_date,
            "who": (user.get_full_name() or user.get_username()) if user else "",
            "fields": fields,
            "created": older is None,
        })
    return out
