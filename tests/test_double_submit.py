"""A double submit has no second effect (issue 9, "Writes").

Every state-changing secretariat or member action with its own POST URL is posted twice, the
same request, as the persona who may take it. The second response is never a 500, and the
database shows one effect: one status change, one e-mail batch, one agenda item, one version,
one signature. Where the second submit is refused, the response carries a Danish message.

Actions that are not double-posted here, and why:
- "move item up/down" (one click = one step; two clicks are two steps by design) and "save
  item/decision" (optimistic locking with a revision: tests/test_concurrent_edit.py);
- the secretariat's create forms (new meeting, item, organisation, venue, term, seat group,
  terms of reference, member) are posted twice at the end of this file: a single-use token in
  each form (udsatteraad/ops/submit.py) makes the second POST create nothing;
- accounts (log in/out, two-factor, password reset): no domain state; a second reset mail is
  what a user who asks twice expects.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import review_form_data as _review_data
from udsatteraad.meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    ExtraordinaryRequest,
    ExtraordinarySignature,
    ItemProposal,
    Meeting,
    MinorityStatement,
    MinutesVersion,
)

M = "/sekretariat/testraad/moeder/{pk}/"


def make_meeting(world, status="planned", days=30, **extra) -> Meeting:
    extra.setdefault("title", "Ordinært møde")
    return Meeting.objects.create(council=world.council, status=status,
                                  start=timezone.now() + dt.timedelta(days=days), **extra)


def make_item(meeting, number=1, **extra) -> AgendaItem:
    extra.setdefault("title", f"Emne {number}")
    return AgendaItem.objects.create(meeting=meeting, number=number, position=number, **extra)


def twice(client, url, data=None, **kwargs):
    """Post the same request twice; neither may be a server error."""
    first = client.post(url, data or {}, **kwargs)
    second = client.post(url, data or {}, **kwargs)
    assert first.status_code < 500 and second.status_code < 500
    return first, second


def said(response, client, text: str) -> bool:
    """The Danish message is on the response page, or (after a redirect) on the next page."""
    if response.status_code in (301, 302):
        response = client.get(response["Location"])
    return text in response.content.decode()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# Agenda ---------------------------------------------------------------------------------


def test_publish_agenda_once_invitations_once(world, secretary_client):
    m = make_meeting(world)
    make_item(m)
    first, second = twice(secretary_client, M.format(pk=m.pk) + "offentliggoer/")
    assert first.status_code == 302
    m.refresh_from_db()
    assert m.status == Meeting.Status.AGENDA_PUBLISHED
    assert len(mail.outbox) == 2  # the chair and the member, once each
    assert sorted(e.to[0] for e in mail.outbox) == [world.chair.email, world.member.email]
    assert said(second, secretary_client, "Dagsordenen er allerede offentliggjort.")
    assert m.history.filter(status=Meeting.Status.AGENDA_PUBLISHED).count() == 1


@pytest.fixture
def proposal(world):
    m = make_meeting(world)
    return ItemProposal.objects.create(
        meeting=m, proposed_by=world.member_membership.person, title="Varmestuen",
        description="Åbningstider i vinter.",
    )


def test_accept_proposal_makes_one_item(world, secretary_client, proposal):
    m = proposal.meeting
    first, second = twice(secretary_client, M.format(pk=m.pk) + "forslag/optag/",
                          {"proposal": proposal.pk})
    assert first.status_code == 302
    assert m.items.filter(title="Varmestuen").count() == 1
    assert len(mail.outbox) == 1
    assert said(second, secretary_client, "Forslaget er allerede behandlet.")


def test_decline_proposal_once(world, secretary_client, proposal):
    m = proposal.meeting
    first, second = twice(secretary_client, M.format(pk=m.pk) + "forslag/afvis/",
                          {"proposal": proposal.pk, f"p{proposal.pk}-reason": "Ikke nu."})
    assert first.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ItemProposal.Status.DECLINED and not m.items.exists()
    assert len(mail.outbox) == 1
    assert said(second, secretary_client, "Forslaget er allerede behandlet.")


def test_accepting_a_declined_proposal_is_refused(world, secretary_client, proposal):
    m = proposal.meeting
    secretary_client.post(M.format(pk=m.pk) + "forslag/afvis/",
                          {"proposal": proposal.pk, f"p{proposal.pk}-reason": "Ikke nu."})
    r = secretary_client.post(M.format(pk=m.pk) + "forslag/optag/", {"proposal": proposal.pk})
    assert r.status_code == 302 and not m.items.exists()
    assert said(r, secretary_client, "Forslaget er allerede behandlet.")


def test_cancel_meeting_once(world, secretary_client):
    m = make_meeting(world)
    first, second = twice(secretary_client, f"/sekretariat/testraad/moeder/{m.pk}/aflys/")
    assert first.status_code == 302 and second.status_code == 302
    m.refresh_from_db()
    assert m.status == Meeting.Status.CANCELLED
    assert m.history.filter(status=Meeting.Status.CANCELLED).count() == 1
    assert said(second, secretary_client, "Mødet er aflyst.")


def test_delete_item_twice_is_404(world, secretary_client):
    m = make_meeting(world)
    item = make_item(m)
    first, second = twice(secretary_client, M.format(pk=m.pk) + f"punkter/{item.pk}/slet/")
    assert first.status_code == 302 and second.status_code == 404
    assert not m.items.exists()


PDF_BYTES: bytes | None = None


def pdf() -> bytes:
    global PDF_BYTES
    if PDF_BYTES is None:
        import io

        from pypdf import PdfWriter

        writer = PdfWriter()
        writer.add_blank_page(72, 72)
        out = io.BytesIO()
        writer.write(out)
        PDF_BYTES = out.getvalue()
    return PDF_BYTES


def test_add_attachment_twice_stores_one(world, secretary_client):
    m = make_meeting(world)
    item = make_item(m)
    url = M.format(pk=m.pk) + f"punkter/{item.pk}/bilag/"

    def data():
        return {"title": "Notat", "is_public": "on",
                "file": SimpleUploadedFile("notat.pdf", pdf(), "application/pdf")}

    first = secretary_client.post(url, data())
    second = secretary_client.post(url, data())
    assert first.status_code == 302 and second.status_code == 400
    assert item.attachments.count() == 1
    assert "Bilaget er allerede tilføjet." in second.content.decode()
    # Another file under the same title is a new attachment.
    other = secretary_client.post(url, {
        "title": "Notat", "file": SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40,
                                                     "image/png")})
    assert other.status_code == 302 and item.attachments.count() == 2


def test_delete_attachment_twice_is_404(world, secretary_client):
    m = make_meeting(world)
    item = make_item(m)
    secretary_client.post(M.format(pk=m.pk) + f"punkter/{item.pk}/bilag/", {
        "title": "Notat", "file": SimpleUploadedFile("notat.pdf", pdf(), "application/pdf")})
    att = Attachment.objects.get()
    first, second = twice(secretary_client, M.format(pk=m.pk) + f"bilag/{att.pk}/")
    assert first.status_code == 302 and second.status_code == 404
    assert not Attachment.objects.exists()


# Minutes --------------------------------------------------------------------------------


def test_mark_held_once(world, secretary_client):
    m = make_meeting(world, status="agenda_published", days=-1)
    first, second = twice(secretary_client, M.format(pk=m.pk) + "referat/afholdt/")
    assert first.status_code == 302 and second.status_code == 400
    m.refresh_from_db()
    assert m.status == Meeting.Status.HELD
    assert m.history.filter(status=Meeting.Status.HELD).count() == 1
    assert "Mødet er allerede afholdt eller aflyst." in second.content.decode()


def test_approve_minutes_once(world, chair_client):
    m = make_meeting(world, status="held", days=-7)
    make_item(m, decision="Taget til efterretning.")
    first, second = twice(chair_client, f"/mine/moeder/{m.pk}/godkend/")
    assert first.status_code == 302 and second.status_code == 400
    m.refresh_from_db()
    assert m.status == Meeting.Status.MINUTES_APPROVED
    assert m.history.filter(status=Meeting.Status.MINUTES_APPROVED).count() == 1
    assert "kan godkendes" in second.content.decode()


def test_publish_minutes_makes_one_version(world, secretary_client):
    m = make_meeting(world, status="minutes_approved", days=-7,
                     minutes_approved_at=timezone.now())
    make_item(m, decision="Taget til efterretning.")
    first, second = twice(secretary_client, M.format(pk=m.pk) + "referat/offentliggoer/",
                          {"change_note": ""})
    assert first.status_code == 302 and second.status_code == 400
    assert MinutesVersion.objects.filter(meeting=m).count() == 1
    assert "Skriv en note om, hvad der er rettet." in second.content.decode()


def test_withdraw_minutes_once(world, secretary_client):
    m = make_meeting(world, status="minutes_approved", days=-7,
                     minutes_approved_at=timezone.now())
    make_item(m, decision="Taget til efterretning.")
    secretary_client.post(M.format(pk=m.pk) + "referat/offentliggoer/", {"change_note": ""})
    first, second = twice(secretary_client, M.format(pk=m.pk) + "referat/tilbagekald/",
                          {"reason": "Et navn på en borger."})
    assert first.status_code == 302 and second.status_code == 400
    m.refresh_from_db()
    assert m.minutes_withdrawn_at is not None
    assert m.history.exclude(minutes_withdrawn_at=None).count() == 1
    assert MinutesVersion.objects.filter(meeting=m).count() == 1
    assert "Kun et offentliggjort referat kan trækkes tilbage." in second.content.decode()


def test_minority_statement_double_submit_adds_one(world, secretary_client):
    m = make_meeting(world, status="held", days=-7)
    item = make_item(m)
    person = world.member_membership.person
    data = {"item": item.pk, f"minority-{item.pk}-text": "Vi er imod.",
            f"minority-{item.pk}-members": [person.pk]}
    first, second = twice(secretary_client, M.format(pk=m.pk) + "referat/mindretal/", data)
    assert first.status_code == 302 and second.status_code == 400
    assert MinorityStatement.objects.filter(item=item).count() == 1
    assert "Mindretalsudtalelsen er allerede tilføjet." in second.content.decode()
    # A different statement on the same item is a second statement, on purpose.
    data[f"minority-{item.pk}-text"] = "Vi ønsker en anden løsning."
    assert secretary_client.post(M.format(pk=m.pk) + "referat/mindretal/",
                                 data).status_code == 302
    assert MinorityStatement.objects.filter(item=item).count() == 2


def test_remove_minority_statement_twice_is_404(world, secretary_client):
    m = make_meeting(world, status="held", days=-7)
    statement = MinorityStatement.objects.create(item=make_item(m), text="Vi er imod.")
    first, second = twice(secretary_client, M.format(pk=m.pk) + "referat/mindretal/fjern/",
                          {"statement": statement.pk})
    assert first.status_code == 302 and second.status_code == 404
    assert not MinorityStatement.objects.exists()


def test_attendance_register_twice_one_row(world, secretary_client):
    m = make_meeting(world, status="held", days=-7)
    person = world.member_membership.person
    twice(secretary_client, M.format(pk=m.pk) + "referat/fremmoede/",
          {f"status-{person.pk}": "present"})
    assert Attendance.objects.filter(meeting=m).count() == 1
    assert Attendance.history.filter(meeting_id=m.pk).count() == 1  # no second save


def test_guest_double_submit_adds_one(world, secretary_client):
    m = make_meeting(world, status="held", days=-7)
    data = {"guest-name": "Gæst Gerda Opdigt", "guest-organisation": "Kirkens Korshær",
            "guest-kind": "guest"}
    first, second = twice(secretary_client, M.format(pk=m.pk) + "referat/deltager/", data)
    assert first.status_code == 302 and second.status_code == 400
    assert Attendance.objects.filter(meeting=m, name="Gæst Gerda Opdigt").count() == 1
    assert "Deltageren er allerede på listen." in second.content.decode()


def test_remove_guest_twice_is_404(world, secretary_client):
    m = make_meeting(world, status="held", days=-7)
    row = Attendance.objects.create(meeting=m, name="Gæst Gerda Opdigt", kind="guest",
                                    status="present")
    first, second = twice(secretary_client, M.format(pk=m.pk) + "referat/deltager/fjern/",
                          {"row": row.pk})
    assert first.status_code == 302 and second.status_code == 404
    assert not Attendance.objects.filter(meeting=m).exists()


@pytest.mark.parametrize("step,status", [("kommer", "present"), ("afbud", "apology")])
def test_member_reports_attendance_once(world, member_client, step, status):
    m = make_meeting(world, status="agenda_published")
    first, second = twice(member_client, f"/mine/moeder/{m.pk}/{step}/", {"note": "Hej"})
    assert first.status_code == 302 and second.status_code == 302
    row = Attendance.objects.get(meeting=m)
    assert row.status == status and row.note == "Hej"
    assert Attendance.objects.filter(meeting=m).count() == 1


# Extraordinary meetings ------------------------------------------------------------------


def test_sign_extraordinary_request_once(world, member_client):
    req = ExtraordinaryRequest.objects.create(
        council=world.council, topic="Varmestuen", created_by=world.chair_membership.person)
    first, second = twice(member_client, "/mine/raad/testraad/ekstraordinaer/underskriv/",
                          {"request": req.pk})
    assert first.status_code == 302 and second.status_code == 302
    assert ExtraordinarySignature.objects.filter(
        request=req, person=world.member_membership.person).count() == 1


def test_convene_from_a_request_twice_makes_one_meeting(world, chair_client):
    req = ExtraordinaryRequest.objects.create(
        council=world.council, topic="Varmestuen", created_by=world.chair_membership.person)
    first, second = twice(chair_client, "/mine/raad/testraad/ekstraordinaer/indkald/", {
        "request": req.pk, "title": "", "date": "2027-03-10", "start_time": "17:00",
        "end_time": "19:00", "venue": world.cafe.pk, "location": "",
    })
    assert first.status_code == 302 and second.status_code == 200
    assert Meeting.objects.filter(extraordinary_request=req).count() == 1


def test_convene_checks_the_request_under_lock(world):
    """The form offers only requests without a meeting; the action checks again on the locked
    request, so two convenes that both passed the form still make one meeting."""
    from udsatteraad.meetings import planning

    req = ExtraordinaryRequest.objects.create(
        council=world.council, topic="Varmestuen", created_by=world.chair_membership.person)
    data = {"kind": Meeting.Kind.EXTRAORDINARY, "date": dt.date(2027, 3, 10),
            "start_time": dt.time(17, 0), "end_time": None, "venue": world.cafe}
    planning.create_meeting(council=world.council, data=data, request=req)
    with pytest.raises(planning.PlanError, match="allerede indkaldt"):
        planning.create_meeting(council=world.council, data=data, request=req)
    assert Meeting.objects.filter(extraordinary_request=req).count() == 1


# Councils and easy-read ------------------------------------------------------------------


def test_end_membership_once(world, secretary_client):
    m = world.member_membership
    url = f"/sekretariat/testraad/medlemmer/{m.pk}/afslut/"
    first, second = twice(secretary_client, url, {"end": "2026-06-30",
                                                  "end_reason": "resigned"})
    assert first.status_code == 302 and second.status_code < 500
    m.refresh_from_db()
    assert m.end == dt.date(2026, 6, 30) and m.end_reason == "resigned"
    assert m.history.exclude(end=None).count() == 1
    assert said(second, secretary_client, "Medlemskabet er allerede afsluttet")


def test_easy_read_publish_once(world, secretary_client):
    m = make_meeting(world, status="minutes_published", days=-14)
    item = make_item(m, 5, title="Boliger")
    url = f"/sekretariat/testraad/moeder/{m.pk}/letlaest/offentliggoer/"
    data = {"intro": "Rådet mødtes.", f"item-{item.pk}": "Flere boliger.",
            "reason": "Ordet boliger kan ikke undgås."}  # LIX 52: above the target of 25
    first = secretary_client.post(url, data)
    assert first.status_code == 302
    m.refresh_from_db()
    published_at = m.easy_read_published_at
    second = secretary_client.post(url, data)
    assert second.status_code == 400
    m.refresh_from_db()
    assert m.easy_read_published_at == published_at
    assert "allerede offentliggjort" in second.content.decode()
    # After a change, publishing again moves the publication on (the feature stays).
    data[f"item-{item.pk}"] = "Mange flere boliger."
    assert secretary_client.post(url, data).status_code == 302
    m.refresh_from_db()
    assert m.easy_read_published_at > published_at


# Members' proposals and requests ---------------------------------------------------------


def test_member_proposal_double_submit_makes_one(world, member_client):
    m = make_meeting(world)
    first, second = twice(member_client, f"/mine/moeder/{m.pk}/forslag/",
                          {"title": "Varmestuen", "description": "Åbningstider."})
    assert first.status_code == 302 and second.status_code == 400
    assert ItemProposal.objects.filter(meeting=m).count() == 1
    assert "Du har allerede foreslået dette punkt til mødet." in second.content.decode()


def test_extraordinary_request_double_submit_makes_one(world, member_client):
    first, second = twice(member_client, "/mine/raad/testraad/ekstraordinaer/anmod/",
                          {"topic": "Lukning af varmestuen", "reason": "Haster."})
    assert first.status_code == 302 and second.status_code == 200
    assert ExtraordinaryRequest.objects.count() == 1
    assert ExtraordinarySignature.objects.count() == 1
    assert "Du har allerede anmodet om et møde om dette emne." in second.content.decode()


# Membership replacement and import -------------------------------------------------------


def test_replace_member_twice_replaces_once(world, secretary_client):
    from udsatteraad.councils.models import Membership

    m = world.member_membership
    first, second = twice(secretary_client, f"/sekretariat/testraad/medlemmer/{m.pk}/erstat/", {
        "new_name": "Ny Nanna Opdigt", "new_email": "nanna@testregion.example",
        "start": "2026-07-01", "reason": "replaced", "nominated_by": world.red_cross.pk,
    })
    assert first.status_code == 302, first.content.decode()[:2000]
    assert second.status_code < 500
    assert Membership.objects.filter(replaces=m).count() == 1
    assert "Medlemskabet er allerede blevet erstattet." in second.content.decode()


def test_import_review_and_discard_twice(world, secretary_client):
    from udsatteraad.lib.paths import SEEDS_DIR

    url = "/sekretariat/testraad/import/"
    seed = (SEEDS_DIR / "003_220917d0114e4887.txt").read_bytes()
    secretary_client.post(url, {"document": SimpleUploadedFile("referat.txt", seed)})
    first, second = twice(secretary_client, url + "annuller/")
    assert first.status_code == 302 and second.status_code == 302
    assert said(second, secretary_client, "Der er intet dokument at gennemse.")
    # Saving a reviewed import twice: the second finds nothing pending; one meeting.
    secretary_client.post(url, {"document": SimpleUploadedFile("referat.txt", seed)})
    review = secretary_client.get(url + "gennemse/")
    assert review.status_code == 200
    data = _review_data(review.content.decode())
    first, second = twice(secretary_client, url + "gennemse/", data)
    assert first.status_code == 302 and second["Location"] == url
    assert Meeting.objects.filter(council=world.council).count() == 1
    assert Meeting.history.count() == 1


# Create forms: a single-use token -------------------------------------------------------
# Every create form carries a hidden single-use token ({% submit_token %}); the view
# (@single_submit) stores it with what it created, so the same POST twice makes one row.

CREATE_FORMS = {
    # url name: (kwargs, model, valid data)
    "councils:venue-new": ({}, "councils.Venue", {
        "name": "Varmestuen", "kind": "drop_in", "address": "Vestergade 1, 8900 Randers"}),
    "councils:organisation-new": ({}, "councils.Organisation", {"name": "Kirkens Korshær"}),
    "councils:term-new": ({}, "councils.Term", {
        "name": "2030-2033", "start": "2030-01-01", "end": "2033-12-31"}),
    "councils:member-new": ({}, "councils.Membership", {
        "new_name": "Nanna Nymand", "new_email": "nanna@example.org", "seat_group": "{assembly}",
        "role": "member", "term": "{term}", "start": "{today}"}),
    "councils:terms-new": ({}, "councils.TermsOfReference", {
        "adopted_on": "{today}", "adopted_by": "Regionsrådet", "case_number": "1-2-3"}),
    "councils:seat-group-new": ({"version": 1}, "councils.SeatGroup", {
        "name": "Brugere", "kind": "assembly", "seats": "2", "position": "9"}),
    "meetings:meeting-new": ({}, "meetings.Meeting", {
        "kind": "ordinary", "title": "Ekstra møde", "date": "{in_60_days}",
        "start_time": "16:00", "end_time": "18:00", "confirm": "on"}),
    "meetings:agenda-item-new": ({"meeting_id": "{meeting}"}, "meetings.AgendaItem", {
        "title": "Nyt punkt", "origin": "administration", "is_public": "on"}),
    "easyread:place-new": ({}, "easyread.Place", {
        "name": "Varmestuen Nord", "address": "Vestergade 2", "is_active": "on"}),
    "hearings:new": ({}, "hearings.Hearing", {
        "kind": "formal", "source": "administration", "title": "Hjemløsestrategi",
        "received": "{today}", "deadline": "{in_60_days}"}),
    "yearplan:entry-new": ({"year": 2026}, "yearplan.PlanEntry", {
        "kind": "theme", "title": "Tema om bolig", "month": "3"}),
    "termcycle:election-new": ({}, "termcycle.Election", {
        "seat_group": "{user_group}", "date": "{in_60_days}", "tie_rule": "lot"}),
    "inquiries:register": ({}, "inquiries.Inquiry", {
        "channel": "phone", "received": "{today}", "topic": "housing",
        "message": "Om væresteder om natten."}),
}
# Made from a button on the distribution page, which needs a published easy-read version
# first: its double submit is tested in test_easy_read_distribution.py.
# A member's travel claim (not the secretariat's): tested in test_money_claims.py.
TESTED_ELSEWHERE = {"easyread:batch-new", "money:member-claim-new"}


def _create_form(client, url: str) -> dict[str, str]:
    """The values the page's create form sends by itself (its token among them)."""
    from crawl import forms

    page = client.get(url)
    assert page.status_code == 200, url
    (form,) = [f for f in forms(url, page.content.decode()) if f.action == url]
    assert form.fields.get("submit_token") == "hidden", url
    return {k: v[0] for k, v in form.values.items() if k != "csrfmiddlewaretoken"}


def _create_case(world, name):
    from django.apps import apps
    from django.urls import reverse

    kwargs, model, data = CREATE_FORMS[name]
    meeting = make_meeting(world)
    fill = {"assembly": world.assembly_group.pk, "term": world.term.pk, "meeting": meeting.pk,
            "user_group": world.user_group.pk,
            "today": timezone.localdate().isoformat(),
            "in_60_days": (timezone.localdate() + dt.timedelta(days=60)).isoformat()}
    kwargs = {k: (int(str(v).format(**fill)) if isinstance(v, str) else v)
              for k, v in kwargs.items()}
    url = reverse(name, kwargs={"slug": "testraad", **kwargs})
    data = {k: v.format(**fill) for k, v in data.items()}
    return url, apps.get_model(model), data


@pytest.mark.parametrize("name", sorted(CREATE_FORMS))
def test_create_form_posted_twice_makes_one_row(world, secretary_client, name):
    url, model, data = _create_case(world, name)
    before = model.objects.count()
    data = _create_form(secretary_client, url) | data
    first, second = twice(secretary_client, url, data)
    assert first.status_code == 302, first.content.decode()[:3000]
    assert model.objects.count() == before + 1
    # The second is sent where the first went, and told why nothing more happened.
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert said(second, secretary_client, "Formularen var allerede sendt")


@pytest.mark.parametrize("name", ["councils:venue-new", "meetings:agenda-item-new"])
def test_a_new_page_is_a_new_token(world, secretary_client, name):
    url, model, data = _create_case(world, name)
    before = model.objects.count()
    for n in range(2):  # the form fetched again: a second, deliberate row
        data = data | {"name" if "name" in data else "title": f"Nummer {n}"}
        assert secretary_client.post(url, _create_form(secretary_client, url)
                                     | data).status_code == 302
    assert model.objects.count() == before + 2


def test_refused_form_keeps_its_token_and_counts_once_corrected(world, secretary_client):
    from crawl import forms

    url, model, data = _create_case(world, "councils:venue-new")
    sent = _create_form(secretary_client, url)
    refused = secretary_client.post(url, sent | data | {"name": ""})
    assert refused.status_code == 200
    (form,) = [f for f in forms(url, refused.content.decode()) if f.action == url]
    assert form.values["submit_token"] == [sent["submit_token"]]
    before = model.objects.count()
    twice(secretary_client, url, sent | data)
    assert model.objects.count() == before + 1


def test_token_of_another_user_or_malformed_is_refused(world, secretary_client, chair_client):
    from udsatteraad.ops.models import SubmitToken

    url, model, data = _create_case(world, "councils:venue-new")
    sent = _create_form(secretary_client, url) | data
    assert secretary_client.post(url, sent).status_code == 302
    before = model.objects.count()
    for token in ("x" * 200, "<script>", "\x00" * 30):
        assert secretary_client.post(url, sent | {"submit_token": token}).status_code == 400
    assert SubmitToken.objects.get(token=sent["submit_token"]).user == world.secretary
    # Another user replaying the token is refused before the view (and its own access check).
    assert chair_client.post(url, sent).status_code in (400, 403, 404)
    assert model.objects.count() == before


def test_every_create_route_has_a_token(world, secretary_client):
    """Every route named "...-new" is one of CREATE_FORMS above (a new one must be added)."""
    from django.urls import get_resolver

    names = set()
    for app, (_prefix, resolver) in get_resolver().namespace_dict.items():
        names |= {f"{app}:{n}" for n in resolver.reverse_dict if isinstance(n, str)
                  and n.endswith("-new")}
    assert names <= set(CREATE_FORMS) | TESTED_ELSEWHERE


def test_purge_forgets_old_tokens(world):
    from django.core.management import call_command

    from udsatteraad.ops.models import SubmitToken

    old = SubmitToken.objects.create(token="a" * 32, path="/", redirect_to="/",
                                     created=timezone.now() - dt.timedelta(days=2))
    new = SubmitToken.objects.create(token="b" * 32, path="/", redirect_to="/")
    call_command("purge_submit_tokens")
    call_command("purge_submit_tokens")  # idempotent
    assert list(SubmitToken.objects.values_list("pk", flat=True)) == [new.pk]
    assert not SubmitToken.objects.filter(pk=old.pk).exists()
