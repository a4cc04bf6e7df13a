"""The publication guard at the meetings' publication paths: which texts each path makes
public, labelled by where they are, and the secretariat's accepted false hits.

The detection rules are in `policy/guard.py`; this module only gathers the texts (from the
same records the public projection shows) and passes the council's accepted values along.
Every action that makes text public calls `check(...)` inside its transaction, before the
change is written, so a hit rolls everything back and nothing reaches the public.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from udsatteraad.councils.models import Council
from udsatteraad.policy.guard import Hit, require_clean
from udsatteraad.policy.permissions import can_accept_guard_hits
from udsatteraad.policy.projection import item_record

from .models import AcceptedHit, Attachment, Meeting

log = logging.getLogger("udsatteraad.guard")

Texts = list[tuple[str, str]]

FIELD_LABELS = {
    "title": gettext_lazy("titel"),
    "case_number": gettext_lazy("sagsnummer"),
    "summary": gettext_lazy("resumé"),
    "recommendations_intro": gettext_lazy("indledning til indstilling"),
    "recommendations": gettext_lazy("indstilling"),
    "case_presentation": gettext_lazy("sagsfremstilling"),
    "decision": gettext_lazy("beslutning"),
    "minority_statements": gettext_lazy("mindretalsudtalelse"),
    "easy_read": gettext_lazy("lettilgængelig tekst"),
}
_TAG = re.compile(r"<[^>]*>")


def plain(text: str) -> str:
    """Rich text as the reader sees it: tags become spaces, entities characters."""
    return html.unescape(_TAG.sub(" ", text or ""))


def _item_label(row: dict) -> str:
    return _("Punkt %(n)s") % {"n": row["number"]} if row.get("number") else row.get("title", "")


def item_texts(row: dict) -> Texts:
    """The public texts of one item record (`projection.item_record` or a snapshot row):
    closed items are their title only."""
    label = _item_label(row)

    def where(field: str) -> str:
        return f"{label}, {FIELD_LABELS[field]}"

    texts: Texts = [(where("title"), row.get("title") or "")]
    if not row.get("is_public"):
        return texts
    for field in ("case_number", "summary", "recommendations_intro", "case_presentation",
                  "decision"):
        texts.append((where(field), plain(row.get(field) or "")))
    for n, text in enumerate(row.get("recommendations") or [], start=1):
        texts.append((f"{where('recommendations')} {n}", str(text)))
    for statement in row.get("minority_statements") or []:
        texts.append((where("minority_statements"), statement.get("text") or ""))
    return texts


def _meeting_texts(meeting: Meeting) -> Texts:
    return [(_("Mødets titel"), meeting.title), (_("Mødets beskrivelse"), meeting.description),
            (_("Mødested"), meeting.location)]


def attachment_texts(attachments: Iterable[Attachment], label: str) -> Texts:
    texts: Texts = []
    for a in attachments:
        if a.is_public:
            where = _("%(item)s, bilag »%(title)s«") % {"item": label, "title": a.title}
            texts += [(where, a.title), (where, a.text)]
    return texts


def agenda_texts(meeting: Meeting) -> Texts:
    """What publishing the agenda makes public: the meeting's facts, every item as the
    projection shows it (closed items by title), and the text of open attachments (the
    search indexes it)."""
    texts = _meeting_texts(meeting)
    for item in meeting.items.order_by("position", "number", "id").prefetch_related(
            "attachments"):
        row = item_record(item, with_minutes=False)
        texts += item_texts(row)
        if item.is_public:
            texts += attachment_texts(item.attachments.all(), _item_label(row))
    return texts


def snapshot_texts(snapshot: dict) -> Texts:
    """What a minutes version makes public (`minutes.minutes_snapshot`)."""
    texts: Texts = []
    for other in (snapshot.get("attendance") or {}).get("others", []):
        texts.append((_("Fremmøde"), f"{other.get('name', '')}, {other.get('organisation', '')}"))
    for row in snapshot.get("items", []):
        texts += item_texts(row)
    return texts


def accepted_values(council: Council) -> list[str]:
    return list(AcceptedHit.objects.filter(council=council).values_list("value", flat=True))


def check(texts: Texts, *, council: Council) -> None:
    """Raise `guard.PublicationBlocked` for personal data not accepted for this council."""
    # A text gathered twice (an item's agenda text and its minutes row) is one finding.
    require_clean(list(dict.fromkeys(texts)), council=council,
                  accepted=accepted_values(council))


def guard_item(item) -> None:
    """An item changed on an agenda the public has seen (published, or later): its texts
    become public at once, so they pass the guard first."""
    meeting = item.meeting
    if meeting.status in (Meeting.Status.PLANNED, Meeting.Status.CANCELLED):
        return
    row = item_record(item, with_minutes=False)
    # An item opened again brings its open attachments back to the public too.
    texts = item_texts(row) + (attachment_texts(item.attachments.all(), _item_label(row))
                               if item.is_public else [])
    check(texts, council=meeting.council)


class AcceptError(Exception):
    """A refused acceptance; the message is Danish and meant for the user."""


def accept_hit(*, council: Council, kind: str, value: str, reason: str, user) -> AcceptedHit:
    """Record that a hit is fine for this council (logged). Accepting the same value again
    keeps the first record."""
    value, reason = value.strip().lower(), reason.strip()
    if not value:
        raise AcceptError(_("Der er intet fund at godkende."))
    if not reason:
        raise AcceptError(_("Skriv, hvorfor fundet er i orden."))
    try:
        with transaction.atomic():
            accepted = AcceptedHit.objects.create(council=council, kind=kind[:10],
                                                  value=value[:300], reason=reason,
                                                  created_by=user)
    except IntegrityError:
        return AcceptedHit.objects.get(council=council, value=value[:300])
    log.info("guard hit accepted council=%s kind=%s user=%s id=%s", council.slug, kind,
             getattr(user, "pk", None), accepted.pk)
    return accepted


def revoke_hit(*, accepted: AcceptedHit, user) -> None:
    """An acceptance withdrawn (given by mistake): the value stops publication again."""
    log.info("guard hit acceptance withdrawn council=%s kind=%s user=%s id=%s",
             accepted.council.slug, accepted.kind, getattr(user, "pk", None), accepted.pk)
    accepted.delete()


# The hits panel in a form (templates/meetings/guard/_hits.html): one reason field per hit.
POST_VALUE, POST_KIND, POST_REASON = "guard-value-", "guard-kind-", "guard-reason-"


def accept_from_post(post, *, council: Council, user) -> int:
    """Record the hits a blocked form's panel gave a reason for, before the form's action is
    tried again in the same request (so nothing typed is lost). Returns how many."""
    if not can_accept_guard_hits(user, council):
        return 0
    count = 0
    for key in post:
        if not key.startswith(POST_REASON):
            continue
        n = key.removeprefix(POST_REASON)
        reason, value = post.get(key, "").strip(), post.get(POST_VALUE + n, "").strip()
        if reason and value:
            accept_hit(council=council, kind=post.get(POST_KIND + n, ""), value=value,
                       reason=reason, user=user)
            count += 1
    return count


def hits_context(hits: list[Hit]) -> list[dict]:
    """The hits for the panel: what kind, where, the context; each value once."""
    rows, seen = [], set()
    for hit in hits:
        rows.append({"label": hit.label, "where": hit.where, "context": hit.context,
                     "kind": hit.kind, "value": hit.value,
                     "first": hit.value.lower() not in seen})
        seen.add(hit.value.lower())
    return rows
