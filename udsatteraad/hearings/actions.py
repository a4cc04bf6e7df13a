"""The steps of a hearing, each a keyword-only function in one transaction that locks the
hearing, re-checks its state and the acting user's right (`policy.permissions`), and saves
with `update_fields`. Views call these with `acting_user=request.user`, so a crafted POST
meets the same rule as the page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council, Membership, RulesOfProcedure
from udsatteraad.lib import mail
from udsatteraad.lib.text import clean_rich_text
from udsatteraad.meetings import guarding
from udsatteraad.meetings.agenda import AgendaLocked, create_item, default_recommendations_intro
from udsatteraad.meetings.attachments import EXTENSIONS, check_upload, extract_text
from udsatteraad.meetings.models import AgendaItem, Meeting
from udsatteraad.policy.permissions import (
    can_approve_hearing_response,
    can_comment_on_hearing,
    can_manage_hearings,
)
from udsatteraad.policy.roles import roles_in

from . import emails
from .models import Approval, Comment, Draft, Hearing, HearingDocument

Status = Hearing.Status


class StepRefused(Exception):
    """The hearing is not in a state for this step; the message says why, in Danish."""


def _lock(hearing: Hearing) -> Hearing:
    return Hearing.objects.select_for_update().select_related("council__authority").get(
        pk=hearing.pk)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Du har ikke ret til at gøre dette."))


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


# Registration -------------------------------------------------------------------------------


def check_deadline(deadline: dt.date | None, *, today: dt.date | None = None) -> None:
    if deadline is not None and deadline < (today or timezone.localdate()):
        raise ValidationError(
            _("Fristen %(day)s er allerede overskredet. Skriv den frist, rådet har nu, eller "
              "lad feltet stå tomt.") % {"day": deadline.strftime("%d.%m.%Y")},
            code="deadline_past")


def check_own_initiative(council: Council, kind: str | None) -> None:
    """Some terms of reference let the council answer only when it is asked (issue 12): a
    statement on its own initiative is then refused."""
    terms = council.current_terms()
    if kind == Hearing.Kind.STATEMENT and terms is not None and terms.hearings_only_when_asked:
        raise ValidationError(
            _("Rådets kommissorium siger, at rådet kun afgiver høringssvar, når det bliver "
              "spurgt. Derfor kan der ikke registreres en udtalelse på rådets eget initiativ."),
            code="own_initiative")


def register_hearing(*, council: Council, acting_user: Any, fields: dict[str, Any],
                     uploads: Sequence[tuple[str, Any]] = (), notify: bool = True) -> Hearing:
    """A new hearing (or statement) with its documents. With `notify`, it is opened for
    the members' comments at once and they get an e-mail with the deadline."""
    _require(can_manage_hearings(acting_user, council))
    check_deadline(fields.get("deadline"))
    check_own_initiative(council, fields.get("kind"))
    checked = [(title, upload, check_upload(upload)) for title, upload in uploads]
    texts = [extract_text(upload, ctype) for _t, upload, ctype in checked]
    with transaction.atomic():
        hearing = Hearing.objects.create(council=council, created_by=acting_user, **fields)
        for (title, upload, ctype), text in zip(checked, texts, strict=True):
            _store_document(hearing, title, upload, ctype, text)
        if notify:
            _open_for_comments(hearing)
    return hearing


def _store_document(hearing: Hearing, title: str, upload, content_type: str,
                    text: str) -> HearingDocument:
    sha = _sha256(upload)
    if hearing.documents.filter(sha256=sha).exists():
        raise ValidationError(_("Dokumentet er allerede tilføjet."), code="duplicate")
    document = HearingDocument(hearing=hearing, title=title[:300] or _("Dokument"),
                               content_type=content_type, size=upload.size, sha256=sha,
                               text=text)
    document.file.save(f"dokument.{EXTENSIONS.get(content_type, 'bin')}", upload, save=False)
    document.save()
    return document


def add_document(*, hearing: Hearing, acting_user: Any, title: str, upload) -> HearingDocument:
    _require(can_manage_hearings(acting_user, hearing.council))
    content_type = check_upload(upload)  # type, size, zip limits: a Danish message
    text = extract_text(upload, content_type)
    with transaction.atomic():
        hearing = _lock(hearing)
        return _store_document(hearing, title, upload, content_type, text)


def _open_for_comments(hearing: Hearing) -> None:
    hearing.status = Status.COMMENTING
    hearing.save(update_fields=["status", "modified"])
    pk = hearing.pk
    mail.send_after_commit(lambda: emails.notification_messages(Hearing.objects.get(pk=pk)),
                           what=f"notification of hearing {pk}")


def open_for_comments(*, hearing: Hearing, acting_user: Any) -> Hearing:
    _require(can_manage_hearings(acting_user, hearing.council))
    with transaction.atomic():
        hearing = _lock(hearing)
        if hearing.status != Status.RECEIVED:
            raise StepRefused(_("Høringen er allerede sendt til medlemmerne."))
        _open_for_comments(hearing)
    return hearing


# Comments and drafts -----------------------------------------------------------------------


def add_comment(*, hearing: Hearing, acting_user: Any, text: str) -> Comment:
    text = text.strip()
    if not text:
        raise ValidationError(_("Skriv en kommentar."), code="empty")
    with transaction.atomic():
        hearing = _lock(hearing)
        if hearing.status not in Hearing.COMMENTABLE:
            if hearing.status in (Status.RECEIVED,):
                raise StepRefused(_("Høringen er endnu ikke sendt til kommentering."))
            raise StepRefused(_("Svaret er godkendt. Der kan ikke længere kommenteres."))
        _require(can_comment_on_hearing(acting_user, hearing))
        person = roles_in(acting_user, hearing.council).person
        assert person is not None  # is_member implies a person
        return Comment.objects.create(hearing=hearing, draft=hearing.latest_draft(),
                                      person=person, author_name=person.name, text=text)


def save_draft(*, hearing: Hearing, acting_user: Any, text: str) -> Draft:
    """A new version of the response. Saving a new version of a draft that awaits approval
    takes it back to drafting: the approver must see the text they approve."""
    _require(can_manage_hearings(acting_user, hearing.council))
    text = clean_rich_text(text).strip()
    if not text:
        raise ValidationError(_("Skriv svarets tekst."), code="empty")
    with transaction.atomic():
        hearing = _lock(hearing)
        if hearing.status not in (Status.RECEIVED, *Hearing.COMMENTABLE):
            raise StepRefused(_("Svaret er godkendt og kan ikke længere ændres."))
        top = hearing.drafts.aggregate(n=Max("number"))["n"] or 0
        draft = Draft.objects.create(hearing=hearing, number=top + 1, text=text,
                                     created_by=acting_user)
        hearing.status = Status.DRAFTING
        hearing.save(update_fields=["status", "modified"])
    return draft


def submit_for_approval(*, hearing: Hearing, acting_user: Any,
                        meeting: Meeting | None = None) -> Hearing:
    """The latest draft goes for approval. Where the council approves at a meeting, the
    hearing is put on that meeting's agenda as an item (origin "hearing") that links back."""
    _require(can_manage_hearings(acting_user, hearing.council))
    with transaction.atomic():
        hearing = _lock(hearing)
        if hearing.status not in (Status.COMMENTING, Status.DRAFTING):
            raise StepRefused(_("Høringen kan ikke sendes til godkendelse nu."))
        draft = hearing.latest_draft()
        if draft is None:
            raise StepRefused(_("Skriv et udkast til svaret først."))
        rule = hearing.council.rules().hearing_response_approval
        if rule == RulesOfProcedure.HearingResponseApproval.MEETING:
            if meeting is None and hearing.agenda_item_id is None:
                raise StepRefused(_("Rådet godkender høringssvar på et møde: vælg mødet."))
            if meeting is not None:
                hearing.agenda_item = put_on_agenda(hearing=hearing, meeting=meeting,
                                                    draft=draft)
        hearing.status = Status.AWAITING_APPROVAL
        hearing.save(update_fields=["status", "agenda_item", "modified"])
    return hearing


def put_on_agenda(*, hearing: Hearing, meeting: Meeting, draft: Draft) -> AgendaItem:
    """An item on the meeting's agenda, placed and numbered as any new item
    (`meetings.agenda.create_item`), with the draft as its case presentation."""
    if meeting.council_id != hearing.council_id or meeting.status != Meeting.Status.PLANNED:
        raise StepRefused(_("Vælg et planlagt møde i rådet."))
    label = (_("Udtalelse: %(title)s") if hearing.is_statement
             else _("Høringssvar: %(title)s")) % {"title": hearing.title}
    try:
        return create_item(meeting=meeting, data={
            "title": label[:300], "case_number": hearing.case_number,
            "summary": hearing.description, "case_presentation": draft.text,
            "recommendations_intro": default_recommendations_intro(meeting),
            "recommendations": [_("rådet godkender svaret.")],
            "origin": AgendaItem.Origin.HEARING,
        })
    except AgendaLocked as exc:
        raise StepRefused(str(exc)) from None


def approve(*, hearing: Hearing, acting_user: Any, note: str = "") -> Hearing:
    """Approve the latest draft under the council's rule. In a written round this records
    the member's approval; the response is approved when a majority of current members
    have approved the same draft."""
    with transaction.atomic():
        hearing = _lock(hearing)
        if hearing.status != Status.AWAITING_APPROVAL:
            raise StepRefused(_("Svaret afventer ikke godkendelse."))
        _require(can_approve_hearing_response(acting_user, hearing))
        draft = hearing.latest_draft()
        assert draft is not None  # submit_for_approval requires one
        rule = hearing.council.rules().hearing_response_approval
        if rule == RulesOfProcedure.HearingResponseApproval.WRITTEN_ROUND:
            person = roles_in(acting_user, hearing.council).person
            assert person is not None
            Approval.objects.get_or_create(hearing=hearing, draft=draft, person=person)
            members = (Membership.objects.filter(council=hearing.council)
                       .active_on(timezone.localdate()).values("person").distinct().count())
            if draft.approvals.count() * 2 <= members:
                return hearing
            note = note or _("Godkendt i skriftlig runde af %(n)s af %(m)s medlemmer") % {
                "n": draft.approvals.count(), "m": members}
        elif rule == RulesOfProcedure.HearingResponseApproval.MEETING:
            item = hearing.agenda_item
            assert item is not None  # the rule requires it (can_approve_hearing_response)
            if item.meeting.start > timezone.now():
                raise StepRefused(_("Rådet godkender svaret på mødet den %(day)s. Registrér "
                                    "godkendelsen, når mødet er holdt.") % {
                    "day": timezone.localtime(item.meeting.start).strftime("%d.%m.%Y")})
            note = note or _("Godkendt af rådet på mødet %(meeting)s den %(day)s") % {
                "meeting": item.meeting.title,
                "day": timezone.localtime(item.meeting.start).strftime("%d.%m.%Y")}
        hearing.status = Status.APPROVED
        hearing.approved_by = acting_user
        hearing.approved_at = timezone.now()
        hearing.approval_rule = rule
        hearing.approved_draft = draft
        hearing.approval_note = note[:300] or (
            _("Godkendt af %(name)s") % {"name": acting_user.name})[:300]
        hearing.save(update_fields=["status", "approved_by", "approved_at", "approval_rule",
                                    "approved_draft", "approval_note", "modified"])
    return hearing


# Sending, publishing, outcome ------------------------------------------------------------------


def public_texts(hearing: Hearing) -> list[tuple[str, str]]:
    """Everything the public will read of the response, for the publication guard."""
    draft = hearing.approved_draft
    return [
        (_("Titel"), hearing.title),
        (_("Beskrivelse"), hearing.description),
        (_("Modtager"), hearing.recipient),
        (_("Svarets tekst"), draft.text if draft else ""),
        (_("Udfald"), hearing.outcome),
    ]


def send_response(*, hearing: Hearing, acting_user: Any, publish: bool = True) -> int:
    """E-mail the approved response as a PDF to the recipient; with `publish`, publish it
    too (after the publication guard). The guard runs before anything is sent, so a
    response with personal data neither leaves nor becomes public. Returns the number of
    e-mails sent (0 when the mail server failed: the response counts as sent only then)."""
    from .pdf import render_response_pdf

    _require(can_manage_hearings(acting_user, hearing.council))
    with transaction.atomic():
        hearing = _lock(hearing)
        if hearing.status != Status.APPROVED:
            raise StepRefused(_("Kun et godkendt svar kan sendes."))
        if not hearing.recipient_email:
            raise StepRefused(_("Skriv modtagerens e-mailadresse på høringen først."))
        if publish:
            guarding.check(public_texts(hearing), council=hearing.council)
        pdf = render_response_pdf(hearing)
        sent = mail.send([emails.response_message(hearing, pdf)],
                         what=f"response to hearing {hearing.pk}")
        if not sent:
            return 0
        hearing.status = Status.SENT
        hearing.sent_at = timezone.now()
        hearing.sent_to = hearing.recipient_email
        hearing.sent_by = acting_user
        hearing.save(update_fields=["status", "sent_at", "sent_to", "sent_by", "modified"])
        if publish:
            _publish(hearing)
    return sent


def publish(*, hearing: Hearing, acting_user: Any) -> Hearing:
    _require(can_manage_hearings(acting_user, hearing.council))
    with transaction.atomic():
        hearing = _lock(hearing)
        if hearing.status != Status.SENT:
            raise StepRefused(_("Svaret skal være sendt, før det offentliggøres."))
        guarding.check(public_texts(hearing), council=hearing.council)
        _publish(hearing)
    return hearing


def _publish(hearing: Hearing) -> None:
    hearing.status = Status.PUBLISHED
    hearing.published_at = timezone.now()
    hearing.save(update_fields=["status", "published_at", "modified"])
    follow(hearing)


def follow(hearing: Hearing) -> None:
    """The search follows a published response (inside the publishing transaction)."""
    from udsatteraad.search.indexing import reindex_hearing  # search reads hearings

    reindex_hearing(hearing=hearing)


def record_outcome(*, hearing: Hearing, acting_user: Any, outcome: str,
                   points_taken: str) -> Hearing:
    _require(can_manage_hearings(acting_user, hearing.council))
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError(_("Skriv, hvad myndigheden besluttede."), code="empty")
    with transaction.atomic():
        hearing = _lock(hearing)
        if hearing.status not in (Status.SENT, Status.PUBLISHED, Status.OUTCOME):
            raise StepRefused(_("Udfaldet registreres, når svaret er sendt."))
        if hearing.is_published:
            texts = [(_("Udfald"), outcome)]
            guarding.check(texts, council=hearing.council)
        hearing.outcome = outcome
        hearing.points_taken = points_taken
        hearing.outcome_recorded_at = timezone.now()
        if hearing.is_published:
            hearing.status = Status.OUTCOME
        hearing.save(update_fields=["outcome", "points_taken", "outcome_recorded_at",
                                    "status", "modified"])
        if hearing.is_published:
            follow(hearing)
    return hearing
