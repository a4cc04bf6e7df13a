"""The publication guard: personal data must not reach a public output.

Before a text becomes public (agenda, minutes, corrections, easy-read version, hearing response,
statement, attachment text, imported minutes) the publishing action passes it here. The guard
finds CPR numbers (with a valid date), e-mail addresses and phone numbers of private persons
and the names of the council's inquiry senders. The council's and the authority's own addresses
and numbers are fine. A hit stops publication (`PublicationBlocked`) with where it is; a false
hit the secretariat has accepted (value in `accepted`) lets it pass.

This module only finds; what is accepted and logged, and redaction, live with the actions that
publish. Keep every detection rule here, so every surface is guarded by the same rule.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.apps import apps
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from udsatteraad.councils.models import Council


class Kind:
    CPR = "cpr"
    EMAIL = "email"
    PHONE = "phone"
    NAME = "name"


KIND_LABELS = {
    Kind.CPR: _("CPR-nummer"),
    Kind.EMAIL: _("e-mailadresse"),
    Kind.PHONE: _("telefonnummer"),
    Kind.NAME: _("navn på en borger, der har henvendt sig"),
}

# Not preceded or followed by a digit (or a digit group separator), so parts of longer numbers
# (case numbers such as 27.00.00-A00-1-23, amounts such as 1.234.567) are not hits.
# A CPR number is also written with a space for the hyphen ("010203 1234").
_CPR = re.compile(r"(?<![\d.\-/])(\d{2})(\d{2})(\d{2})[- ]?(\d{4})(?![\d\-/]|[.,]\d)")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", re.UNICODE)
# Danish subscriber numbers have eight digits and do not begin with 0 or 1. Accepted forms:
# 12345678, 12 34 56 78, 1234 5678, 12-34-56-78, 12.34.56.78, each optionally with +45/0045.
_PHONE = re.compile(
    r"(?<![\w.\-/+])(?:(?:\+|00)45[ \-]?)?"
    r"([2-9]\d{7}|[2-9]\d (?:\d\d ){2}\d\d|[2-9]\d{3} \d{4}"
    r"|[2-9]\d-\d\d-\d\d-\d\d|[2-9]\d\.\d\d\.\d\d\.\d\d)"
    r"(?![\w\-/]|[.,]\d)"
)


@dataclass(frozen=True)
class Hit:
    kind: str
    value: str
    where: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def context(self) -> str:
        """The hit with some words either side, for the message that shows where it is."""
        before = self.text[max(0, self.start - 40) : self.start]
        after = self.text[self.end : self.end + 40]
        return f"…{before}[{self.value}]{after}…".replace("\n", " ")


class PublicationBlocked(Exception):
    def __init__(self, hits: list[Hit]) -> None:
        super().__init__(f"{len(hits)} personal data hits")
        self.hits = hits


def _valid_cpr_date(day: str, month: str, year: str) -> bool:
    for century in (1900, 2000):
        try:
            dt.date(century + int(year), int(month), int(day))
        except ValueError:
            continue
        return True
    return False


def _digits(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if len(digits) > 8 and digits.startswith("45"):
        digits = digits[2:]
    if len(digits) > 8 and digits.startswith("0045"):
        digits = digits[4:]
    return digits[-8:]


def _domain(url: str) -> str:
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.").lower()


def own_addresses(council: Council) -> tuple[set[str], set[str], set[str]]:
    """(e-mail addresses, e-mail domains, phone digits) that belong to the council or its
    authority and may be published."""
    emails = {council.contact_email.lower()} - {""}
    domains = {d for d in {_domain(council.authority.website)} if d}
    for address in emails:
        domains.add(address.rsplit("@", 1)[1])
    phones = {_digits(council.contact_phone)} - {""}
    return emails, domains, phones


def private_names(council: Council) -> list[str]:
    """Names of citizens who have contacted this council (inquiries), when that app is in use."""
    if not apps.is_installed("udsatteraad.inquiries"):
        return []
    app_label = "inquiries"  # looked up by name: policy must not import the inquiries app
    inquiry = apps.get_model(app_label, "Inquiry")
    names = inquiry.objects.filter(council=council).exclude(sender_name="")
    found = {" ".join(n.split()) for n in names.values_list("sender_name", flat=True)}
    # A first name alone ("Mette") does not identify anyone and would stop every text that
    # names a member called Mette: a name has at least two parts.
    return sorted(n for n in found if len(n) >= 5 and len(n.split()) >= 2)


def scan(
    text: str, *, council: Council, where: str = "", names: Iterable[str] | None = None
) -> list[Hit]:
    """Every piece of personal data in one text, in order."""
    if not text:
        return []
    emails, domains, phones = own_addresses(council)
    hits: list[Hit] = []
    for m in _CPR.finditer(text):
        if _valid_cpr_date(m.group(1), m.group(2), m.group(3)):
            hits.append(Hit(Kind.CPR, m.group(0), where, m.start(), m.end(), text))
    for m in _EMAIL.finditer(text):
        address = m.group(0).lower()
        if address in emails or m.group(1).lower() in domains:
            continue
        if any(m.group(1).lower().endswith("." + d) for d in domains):
            continue
        hits.append(Hit(Kind.EMAIL, m.group(0), where, m.start(), m.end(), text))
    cpr_spans = [(h.start, h.end) for h in hits if h.kind == Kind.CPR]
    for m in _PHONE.finditer(text):
        if any(s <= m.start() < e for s, e in cpr_spans) or _digits(m.group(1)) in phones:
            continue
        hits.append(Hit(Kind.PHONE, m.group(0), where, m.start(), m.end(), text))
    for name in private_names(council) if names is None else names:
        # Any white space between the parts: a line break or a double space still names them.
        pattern = r"\s+".join(re.escape(part) for part in name.split())
        if not pattern:
            continue
        for m in re.finditer(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE):
            hits.append(Hit(Kind.NAME, m.group(0), where, m.start(), m.end(), text))
    return sorted(hits, key=lambda h: h.start)


def scan_all(texts: Iterable[tuple[str, str]], *, council: Council) -> list[Hit]:
    """Hits in many texts, each given as (where, text); `where` names the field for the message."""
    names = private_names(council)
    hits: list[Hit] = []
    for where, text in texts:
        hits.extend(scan(text, council=council, where=where, names=names))
    return hits


def require_clean(
    texts: Iterable[tuple[str, str]], *, council: Council, accepted: Collection[str] = ()
) -> None:
    """Raise PublicationBlocked when a text holds personal data not accepted as a false hit.
    `accepted` holds hit values (as found) the secretariat has recorded as fine."""
    accepted_norm = {a.strip().lower() for a in accepted}
    hits = [
        h for h in scan_all(texts, council=council)
        if h.value.strip().lower() not in accepted_norm
    ]
    if hits:
        raise PublicationBlocked(hits)
