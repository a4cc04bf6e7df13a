"""What happens to an inquiry: sent or registered, screened, turned into an agenda item,
answered, closed, erased. Each step locks the row and re-checks its state, so two secretaries
clicking at once cannot both act; each saves its fields with update_fields and so writes one
history row, with the acting user.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from udsatteraad.councils.models import Council
from udsatteraad.lib import mail
from udsatteraad.policy import guard
from udsatteraad.policy.permissions import can_handle_inquiries

from . import screening
from .models import PERSONAL_CASE_DAYS, Inquiry, InquirySettings


class InquiryStateError(Exception):
    """The inquiry is no longer in a state where this can be done; the message is for the user."""


def _check(user: Any, council: Council) -> None:
    if user is not None and not can_handle_inquiries(user, council):
        raise PermissionDenied(_("Kun rådets sekretariat kan behandle henvendelser."))


def _locked(inquiry: Inquiry, allowed: Iterable[str], acting_user: Any) -> Inquiry:
    locked = Inquiry.objects.select_for_update().select_related("council").get(pk=inquiry.pk)
    if locked.erased_at is not None:
        raise InquiryStateError(_("Henvendelsens personoplysninger er slettet."))
    if locked.status not in set(allowed):
        raise InquiryStateError(
            _("Henvendelsen har status »%(status)s«, så det kan ikke lade sig gøre nu.")
            % {"status": locked.get_status_display()})
    # django-simple-history reads the acting user from this attribute on save.
    locked._history_user = acting_user  # type: ignore[attr-defined]
    return locked


def _refresh(inquiry: Inquiry, locked: Inquiry, fields: list[str]) -> None:
    for field in fields:
        setattr(inquiry, field, getattr(locked, field))


# Arriving -----------------------------------------------------------------------------------


def submit(*, council: Council, data: dict) -> Inquiry:
    """An inquiry from the public form. Anonymous senders leave no name or contact; a sender
    who gave an e-mail address gets an acknowledgement once the row is saved."""
    anonymous = bool(data.get("anonymous"))
    inquiry = Inquiry(
        council=council, channel=Inquiry.Channel.WEB, topic=data["topic"],
        message=data["message"], anonymous=anonymous,
        sender_name="" if anonymous else data.get("sender_name", "").strip(),
        contact="" if anonymous else data.get("contact", "").strip(),
        consent_to_quote=bool(data.get("consent_to_quote")),
    )
    inquiry.flags = screening.signals(inquiry.message, council=council)
    with transaction.atomic():
        inquiry.save()
        if inquiry.email:
            mail.send_after_commit(lambda: [_acknowledgement(inquiry)],
                                   what=f"acknowledgement of inquiry {inquiry.pk}")
    return inquiry


def register(*, council: Council, data: dict, acting_user: Any) -> Inquiry:
    """An inquiry the secretariat received by phone, letter, e-mail or in person."""
    _check(acting_user, council)
    inquiry = Inquiry(
        council=council, channel=data["channel"], topic=data["topic"], message=data["message"],
        sender_name=data.get("sender_name", "").strip(), contact=data.get("contact", "").strip(),
        anonymous=bool(data.get("anonymous")),
        consent_to_quote=bool(data.get("consent_to_quote")), registered_by=acting_user,
    )
    if data.get("received"):
        inquiry.received = data["received"]
    if inquiry.anonymous:
        inquiry.sender_name = inquiry.contact = ""
    inquiry.flags = screening.signals(inquiry.message, council=council)
    inquiry._history_user = acting_user  # type: ignore[attr-defined]
    inquiry.save()
    return inquiry


def _acknowledgement(inquiry: Inquiry) -> EmailMultiAlternatives:
    council = inquiry.council
    ctx = {"inquiry": inquiry, "council": council, "site_name": settings.SITE_NAME,
           "months": InquirySettings.for_council(council).retention_months,
           "days": PERSONAL_CASE_DAYS}
    base = "inquiries/emails/acknowledgement"
    subject = " ".join(render_to_string(f"{base}_subject.txt", ctx).split())
    message = EmailMultiAlternatives(subject, render_to_string(f"{base}.txt", ctx),
                                     to=[inquiry.email],
                                     reply_to=[council.contact_email] if council.contact_email
                                     else None)
    message.attach_alternative(render_to_string(f"{base}.html", ctx), "text/html")
    return message


# Screening and handling ---------------------------------------------------------------------


def screen(*, inquiry: Inquiry, personal: bool, acting_user: Any) -> None:
    """The secretary's decision: a topic for the council, or one citizen's own case. It can be
    changed until the inquiry goes further."""
    _check(acting_user, inquiry.council)
    with transaction.atomic():
        locked = _locked(inquiry, {Inquiry.Status.NEW, Inquiry.Status.TOPIC,
                                   Inquiry.Status.PERSONAL}, acting_user)
        locked.is_personal_case = personal
        locked.status = Inquiry.Status.PERSONAL if personal else Inquiry.Status.TOPIC
        locked.save(update_fields=["is_personal_case", "status", "modified"])
    _refresh(inquiry, locked, ["is_personal_case", "status"])


_WORDS = re.compile(r"\w+")
QUOTE_WORDS = 6  # this many words in a row from the citizen's text count as quoting it


def summary_problems(inquiry: Inquiry, summary: str) -> list[str]:
    """Why a summary may not go on the agenda: personal data (the guard's rules, with this
    sender's name), or the citizen's own words when they did not consent to being quoted."""
    names = set(guard.private_names(inquiry.council))
    if len(inquiry.sender_name.strip()) >= 2:
        names.add(inquiry.sender_name.strip())
    problems = [
        _("Resuméet indeholder et %(label)s: %(context)s") % {"label": h.label,
                                                               "context": h.context}
        for h in guard.scan(summary, council=inquiry.council, names=sorted(names))
    ]
    # A first name or surname alone is as telling as the whole name (case-sensitive, so
    # "Bo" or "Lund" as ordinary words in lower case pass).
    parts = {p for p in _WORDS.findall(inquiry.sender_name) if len(p) >= 3 and p[0].isupper()}
    named = sorted(p for p in parts if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", summary))
    if named and not any(h for h in problems if str(guard.KIND_LABELS[guard.Kind.NAME]) in h):
        problems.append(_("Resuméet indeholder et %(label)s: %(names)s")
                        % {"label": guard.KIND_LABELS[guard.Kind.NAME], "names": ", ".join(named)})
    if not inquiry.consent_to_quote and _quotes(summary, inquiry.message):
        problems.append(_("Resuméet gengiver borgerens tekst ordret, og borgeren har ikke givet "
                          "lov til at blive citeret. Skriv det med dine egne ord."))
    return problems


def _quotes(summary: str, message: str) -> bool:
    words = [w.lower() for w in _WORDS.findall(message)]
    runs = {tuple(words[i:i + QUOTE_WORDS]) for i in range(len(words) - QUOTE_WORDS + 1)}
    said = [w.lower() for w in _WORDS.findall(summary)]
    return any(tuple(said[i:i + QUOTE_WORDS]) in runs
               for i in range(len(said) - QUOTE_WORDS + 1))


def to_agenda(*, inquiry: Inquiry, meeting: Any, title: str, summary: str,
              acting_user: Any) -> Any:
    """A new item on a coming meeting of the inquiry's council, with the secretary's
    anonymised summary (checked by `summary_problems`, raising InquiryStateError)."""
    from udsatteraad.meetings import agenda
    from udsatteraad.meetings.models import AgendaItem

    _check(acting_user, inquiry.council)
    if meeting.council_id != inquiry.council_id:
        raise InquiryStateError(_("Mødet hører til et andet råd."))
    problems = summary_problems(inquiry, summary + "\n" + title)
    if problems:
        raise InquiryStateError(" ".join(problems))
    with transaction.atomic():
        locked = _locked(inquiry, {Inquiry.Status.TOPIC}, acting_user)
        try:
            item = agenda.create_item(meeting=meeting, data={
                "title": title, "summary": summary, "origin": AgendaItem.Origin.INQUIRY,
                "recommendations_intro": agenda.default_recommendations_intro(meeting),
            })
        except agenda.AgendaLocked as e:
            raise InquiryStateError(str(e)) from e
        locked.agenda_item = item
        locked.summary = summary
        locked.status = Inquiry.Status.ON_AGENDA
        locked.save(update_fields=["agenda_item", "summary", "status", "modified"])
    _refresh(inquiry, locked, ["agenda_item", "summary", "status"])
    return item


def answer(*, inquiry: Inquiry, text: str, acting_user: Any) -> bool:
    """Answer and finish the inquiry. The answer goes by e-mail when the citizen gave an
    address (after commit); returns whether one will be sent. A personal case's text is
    erased 30 days after this."""
    _check(acting_user, inquiry.council)
    with transaction.atomic():
        locked = _locked(inquiry, {Inquiry.Status.TOPIC, Inquiry.Status.PERSONAL,
                                   Inquiry.Status.ON_AGENDA}, acting_user)
        now = timezone.now()
        locked.reply = text
        locked.answered_at = locked.closed_at = now
        locked.status = Inquiry.Status.ANSWERED
        locked.save(update_fields=["reply", "answered_at", "closed_at", "status", "modified"])
        if locked.email:
            mail.send_after_commit(lambda: [_reply_mail(locked)],
                                   what=f"answer to inquiry {locked.pk}")
    _refresh(inquiry, locked, ["reply", "answered_at", "closed_at", "status"])
    return bool(locked.email)


def _reply_mail(inquiry: Inquiry) -> EmailMultiAlternatives:
    council = inquiry.council
    ctx = {"inquiry": inquiry, "council": council, "site_name": settings.SITE_NAME}
    base = "inquiries/emails/reply"
    subject = " ".join(render_to_string(f"{base}_subject.txt", ctx).split())
    message = EmailMultiAlternatives(subject, render_to_string(f"{base}.txt", ctx),
                                     to=[inquiry.email],
                                     reply_to=[council.contact_email] if council.contact_email
                                     else None)
    message.attach_alternative(render_to_string(f"{base}.html", ctx), "text/html")
    return message


def close(*, inquiry: Inquiry, acting_user: Any) -> None:
    _check(acting_user, inquiry.council)
    with transaction.atomic():
        locked = _locked(inquiry, Inquiry.OPEN, acting_user)
        locked.closed_at = timezone.now()
        locked.status = Inquiry.Status.CLOSED
        locked.save(update_fields=["closed_at", "status", "modified"])
    _refresh(inquiry, locked, ["closed_at", "status"])


def standard_reply(council: Council) -> str:
    """The council's standard reply to a personal case, or the default naming the citizens'
    adviser and the caseworker."""
    conf = InquirySettings.for_council(council)
    if conf.personal_case_reply.strip():
        return conf.personal_case_reply
    adviser = conf.citizens_adviser.strip() or _("borgerrådgiveren i %(authority)s") % {
        "authority": council.authority.name}
    return _(
        "Tak for din henvendelse til %(council)s.\n\n"
        "Rådet må ikke behandle sager om en enkelt borger. Derfor kan vi ikke hjælpe dig "
        "med din egen sag.\n\n"
        "Du kan få hjælp her:\n"
        "- Din sagsbehandler. Kontakt den afdeling, der har din sag.\n"
        "- %(adviser)s. Borgerrådgiveren er uafhængig og kan hjælpe dig, hvis du er "
        "utilfreds med din sag.\n\n"
        "Vi sletter din henvendelse %(days)s dage efter dette svar.\n\n"
        "Venlig hilsen\nSekretariatet for %(council)s"
    ) % {"council": council.name, "adviser": adviser[:1].upper() + adviser[1:],
         "days": PERSONAL_CASE_DAYS}


# Erasure and retention ----------------------------------------------------------------------


def erase(*, inquiry: Inquiry, acting_user: Any = None) -> None:
    """Erase an inquiry's personal data, in the row and in every history row; what is left
    (council, month, topic, channel, status, outcome) is anonymous statistics."""
    blank: dict[str, Any] = dict.fromkeys(Inquiry.PERSONAL_FIELDS, "")
    with transaction.atomic():
        locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        # Who changed what stays (it is the secretariat's record, not the citizen's data).
        Inquiry.history.filter(id=locked.pk).update(**blank, flags=[])
        for field, value in blank.items():
            setattr(locked, field, value)
        locked.flags = []
        locked.erased_at = timezone.now()
        # No new history row: a row saying "erased by X" is all it would add, and the
        # access log already records who did it.
        locked.skip_history_when_saving = True  # type: ignore[attr-defined]
        locked.save(update_fields=[*Inquiry.PERSONAL_FIELDS, "flags", "erased_at", "modified"])
    inquiry.erased_at = locked.erased_at
    for field, value in blank.items():
        setattr(inquiry, field, value)


def due_for_purge(now: dt.datetime | None = None) -> list[Inquiry]:
    """Closed inquiries whose personal data is past its retention, over all councils."""
    now = now or timezone.now()
    soonest = now - dt.timedelta(days=PERSONAL_CASE_DAYS)
    candidates = Inquiry.objects.filter(
        erased_at__isnull=True, closed_at__isnull=False, closed_at__lte=soonest
    ).select_related("council")
    months: dict[int, int] = {}
    due = []
    for inquiry in candidates:
        if inquiry.council_id not in months:
            months[inquiry.council_id] = InquirySettings.for_council(
                inquiry.council).retention_months
        after = inquiry.purge_after(months[inquiry.council_id])
        if after is not None and after <= now:
            due.append(inquiry)
    return due


def purge(now: dt.datetime | None = None) -> int:
    """Erase every inquiry past its retention; returns how many. Idempotent."""
    due = due_for_purge(now)
    for inquiry in due:
        erase(inquiry=inquiry)
    return len(due)


def statistics(council: Council) -> list[dict[str, Any]]:
    """Anonymous counts per month, topic, channel and outcome (erased inquiries included)."""
    counter: Counter[tuple[str, str, str, str]] = Counter()
    for inquiry in Inquiry.objects.filter(council=council).only(
            "received", "topic", "channel", "is_personal_case", "agenda_item",
            "answered_at", "closed_at"):
        month = timezone.localtime(inquiry.received).strftime("%Y-%m")
        counter[(month, inquiry.topic, inquiry.channel, inquiry.outcome)] += 1
    return [{"month": m, "topic": t, "channel": c, "outcome": o, "count": n,
             "topic_label": Inquiry.Topic(t).label, "channel_label": Inquiry.Channel(c).label,
             "outcome_label": OUTCOME_LABELS[o]}
            for (m, t, c, o), n in sorted(counter.items(), reverse=True)]


OUTCOME_LABELS = {
    "personal_case": _lazy("Egen sag, standardsvar"), "agenda": _lazy("På dagsordenen"),
    "answered": _lazy("Besvaret"), "closed": _lazy("Lukket uden svar"),
    "open": _lazy("Under behandling"),
}


def pending_for(council: Council):
    """Inquiries waiting for the secretariat to screen them (for the task lists)."""
    return Inquiry.objects.filter(council=council).to_screen().order_by("received")
