"""Registering a hearing from a forwarded e-mail: an .eml file read with Python's `email`
package. The subject becomes the title (without "Fwd:"/"VS:" prefixes), the date the day
received, the plain-text body the description and each attachment a document (checked as
any upload by the action)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import parsedate_to_datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

_PREFIX = re.compile(r"^\s*(?:(?:fwd?|vs|videresendt|fw|sv|re|aw)\s*:\s*)+", re.IGNORECASE)
DESCRIPTION_LIMIT = 5000


@dataclass
class ParsedMail:
    title: str
    received: dt.date
    sender: str
    description: str
    attachments: list[tuple[str, ContentFile]] = field(default_factory=list)


def parse_eml(data: bytes) -> ParsedMail:
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
    except Exception:  # the parser is lenient; anything it still cannot read is bad input
        raise ValidationError(_("Filen kan ikke læses som en e-mail (.eml)."),
                              code="bad_eml") from None
    if not isinstance(msg, EmailMessage) or not (msg["subject"] or msg["from"]):
        raise ValidationError(_("Filen kan ikke læses som en e-mail (.eml). Gem e-mailen fra "
                                "dit mailprogram som .eml-fil, og prøv igen."), code="bad_eml")
    title = _PREFIX.sub("", str(msg["subject"] or "")).strip()[:300] or _("Høring uden titel")
    received = timezone.localdate()
    if msg["date"]:
        try:
            when = parsedate_to_datetime(str(msg["date"]))
            received = (timezone.localtime(when) if timezone.is_aware(when) else when).date()
        except (TypeError, ValueError, OverflowError):
            pass
    body = msg.get_body(preferencelist=("plain",))
    description = ""
    if body is not None:
        try:
            description = body.get_content().strip()[:DESCRIPTION_LIMIT]
        except (LookupError, ValueError):
            description = ""
    attachments = []
    for part in msg.iter_attachments():
        name = part.get_filename() or _("Bilag")
        try:
            payload = part.get_payload(decode=True)
        except Exception:
            payload = None
        if not isinstance(payload, bytes) or not payload:
            continue
        attachments.append((name.rsplit(".", 1)[0][:300], ContentFile(payload, name=name)))
    return ParsedMail(title=title, received=received, sender=str(msg["from"] or ""),
                      description=description, attachments=attachments)
