"""The secretariat's inquiry screens (issue 10): who sees them, the access log, the list order,
registering, screening, the agenda item with an anonymised summary, answers and closing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from udsatteraad.accounts.models import AccessLogEntry
from udsatteraad.inquiries import actions
from udsatteraad.inquiries.models import Inquiry, InquiryAccess

BASE = "/sekretariat/testraad/henvendelser/"


def make(world, **extra) -> Inquiry:
    data = {"council": world.council, "topic": "housing",
            "message": "Der mangler sovepladser i byen om vinteren, især i januar og februar.",
            "sender_name": "Borger Bodil Eksempel", "contact": "bodil@example.org", **extra}
    return Inquiry.objects.create(**data)


@pytest.fixture
def coming_meeting(world):
    from udsatteraad.meetings.models import Meeting

    return Meeting.objects.create(council=world.council, title="Rådsmøde i foråret",
                                  start=timezone.now() + dt.timedelta(days=30))


def test_only_the_councils_own_secretaries_see_inquiries(world, secretary_client, anon,
                                                         other_secretary_client, member_client,
                                                         chair_client, admin_client_2fa):
    inquiry = make(world)
    detail = f"{BASE}{inquiry.pk}/"
    assert secretary_client.get(BASE).status_code == 200
    assert secretary_client.get(detail).status_code == 200
    for client in (other_secretary_client, member_client, chair_client, admin_client_2fa):
        assert client.get(BASE).status_code == 403
        assert client.get(detail).status_code == 403
    assert anon.get(detail).status_code == 302
    # Another council's inquiry through one's own council's URL: not there.
    other = make(world, council=world.other_council)
    assert secretary_client.get(f"{BASE}{other.pk}/").status_code == 404


def test_every_view_of_an_inquiry_is_logged(world, secretary_client):
    inquiry = make(world)
    secretary_client.get(f"{BASE}{inquiry.pk}/")
    secretary_client.get(f"{BASE}{inquiry.pk}/")
    accesses = InquiryAccess.objects.filter(inquiry=inquiry)
    assert accesses.count() == 2
    assert {a.user for a in accesses} == {world.secretary}
    entry = AccessLogEntry.objects.filter(council=world.council).first()
    assert entry is not None and entry.user == world.secretary
    assert f"henvendelse #{inquiry.pk}" in entry.what
    # The list shows no content, so it is no reading of an inquiry.
    secretary_client.get(BASE)
    assert accesses.count() == 2
    # The pages to answer it and to put it on the agenda show the message: logged too.
    secretary_client.get(f"{BASE}{inquiry.pk}/svar/")
    secretary_client.get(f"{BASE}{inquiry.pk}/dagsorden/")
    assert sorted(accesses.values_list("what", flat=True)) == [
        "Læst", "Læst", "Læst (svar)", "Læst (til dagsorden)"]
    # Someone without access leaves no reading (refused before the view looks).
    other = make(world)
    login_client = secretary_client.__class__()
    assert login_client.get(f"{BASE}{other.pk}/").status_code == 302
    assert not InquiryAccess.objects.filter(inquiry=other).exists()


def test_the_list_shows_new_inquiries_first(world, secretary_client):
    now = timezone.now()
    closed = make(world, status="closed", received=now)
    old_new = make(world, received=now - dt.timedelta(days=5))
    topic = make(world, status="topic", received=now - dt.timedelta(days=1))
    new = make(world, received=now - dt.timedelta(days=2))
    html = secretary_client.get(BASE).content.decode()
    order = [html.index(f"{BASE}{i.pk}/") for i in (new, old_new, topic, closed)]
    assert order == sorted(order)
    assert "2 nye henvendelser venter" in html


def test_a_phone_inquiry_is_registered_and_screened(world, secretary_client):
    r = secretary_client.post(f"{BASE}ny/", {
        "channel": "phone", "received": timezone.localdate().isoformat(), "topic": "money",
        "message": "Ringede om min sag: min sagsbehandler svarer ikke.", "sender_name": "",
        "contact": "22 33 44 55"})
    assert r.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.channel == "phone" and inquiry.registered_by == world.secretary
    assert inquiry.flags == ["egen sag", "sagsbehandler"]
    assert "Ligner en borgers egen sag" in secretary_client.get(r["Location"]).content.decode()
    r = secretary_client.post(f"{BASE}{inquiry.pk}/vurder/", {"decision": "personal"})
    assert r["Location"] == f"{BASE}{inquiry.pk}/svar/"
    inquiry.refresh_from_db()
    assert inquiry.status == "personal" and inquiry.is_personal_case
    last = inquiry.history.order_by("-history_date").first()
    assert last.status == "personal" and last.history_user == world.secretary


def test_register_refuses_bad_input_in_danish(world, secretary_client):
    r = secretary_client.post(f"{BASE}ny/", {"channel": "fax", "topic": "x", "message": ""})
    assert r.status_code == 400
    assert "Dette felt er påkrævet" in r.content.decode()


def test_a_personal_case_gets_the_standard_reply_by_mail(world, secretary_client,
                                                         django_capture_on_commit_callbacks):
    inquiry = make(world, message="Jeg har fået afslag på kontanthjælp. 010203-1234")
    secretary_client.post(f"{BASE}{inquiry.pk}/vurder/", {"decision": "personal"})
    html = secretary_client.get(f"{BASE}{inquiry.pk}/svar/").content.decode()
    assert "Borgerrådgiveren i Testregion" in html
    assert "Din sagsbehandler" in html
    with django_capture_on_commit_callbacks(execute=True):
        r = secretary_client.post(f"{BASE}{inquiry.pk}/svar/",
                                  {"text": actions.standard_reply(world.council)})
    assert r.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == "answered" and inquiry.closed_at is not None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["bodil@example.org"]
    assert "Rådet må ikke behandle sager om en enkelt borger" in mail.outbox[0].body


def test_the_standard_reply_is_the_councils_own_when_set(world, secretary_client):
    r = secretary_client.post(f"{BASE}indstillinger/", {
        "retention_months": "6", "citizens_adviser": "Borgerrådgiveren, tlf. 70 11 22 33",
        "personal_case_reply": ""})
    assert r.status_code == 302
    assert "Borgerrådgiveren, tlf. 70 11 22 33" in actions.standard_reply(world.council)
    secretary_client.post(f"{BASE}indstillinger/", {
        "retention_months": "6", "citizens_adviser": "", "personal_case_reply": "Vores svar."})
    assert actions.standard_reply(world.council) == "Vores svar."
    r = secretary_client.post(f"{BASE}indstillinger/", {"retention_months": "0"})
    assert r.status_code == 400 and "Vælg mellem 1 og 120 måneder." in r.content.decode()


def test_a_topic_becomes_an_agenda_item_with_an_anonymised_summary(world, secretary_client,
                                                                   coming_meeting):
    inquiry = make(world)
    secretary_client.post(f"{BASE}{inquiry.pk}/vurder/", {"decision": "topic"})
    url = f"{BASE}{inquiry.pk}/dagsorden/"
    assert "Rådsmøde i foråret" in secretary_client.get(url).content.decode()
    # The citizen's name, or their words without consent, are refused with a reason.
    r = secretary_client.post(url, {"meeting": coming_meeting.pk, "title": "Sovepladser",
                                    "summary": "Bodil Eksempel skriver om sovepladser."})
    assert r.status_code == 400 and "navn på en borger" in r.content.decode()
    r = secretary_client.post(url, {
        "meeting": coming_meeting.pk, "title": "Sovepladser",
        "summary": "Der mangler sovepladser i byen om vinteren, især i januar."})
    assert r.status_code == 400 and "ordret" in r.content.decode()
    r = secretary_client.post(url, {
        "meeting": coming_meeting.pk, "title": "Sovepladser om vinteren",
        "summary": "En borger peger på, at nattepladserne ikke slår til i de kolde måneder."})
    assert r.status_code == 302
    inquiry.refresh_from_db()
    item = inquiry.agenda_item
    assert inquiry.status == "on_agenda" and item.meeting == coming_meeting
    assert item.origin == "inquiry" and item.title == "Sovepladser om vinteren"
    assert "Bodil" not in item.summary
    # Done: closing it finishes the inquiry.
    secretary_client.post(f"{BASE}{inquiry.pk}/luk/")
    inquiry.refresh_from_db()
    assert inquiry.status == "closed" and inquiry.closed_at is not None


def test_with_consent_the_citizens_words_may_be_quoted(world, coming_meeting):
    inquiry = make(world, status="topic", consent_to_quote=True)
    item = actions.to_agenda(
        inquiry=inquiry, meeting=coming_meeting, title="Sovepladser",
        summary="Citat: Der mangler sovepladser i byen om vinteren.",
        acting_user=world.secretary)
    assert item.summary.startswith("Citat")


def test_a_personal_case_cannot_go_on_the_agenda(world, secretary_client, coming_meeting):
    inquiry = make(world, status="personal", is_personal_case=True)
    r = secretary_client.post(f"{BASE}{inquiry.pk}/dagsorden/", {
        "meeting": coming_meeting.pk, "title": "X", "summary": "Et emne."})
    assert r.status_code == 400 and "Egen sag" in r.content.decode()
    assert inquiry.agenda_item is None


def test_a_topic_answer_goes_by_mail_and_a_second_answer_is_refused(
        world, secretary_client, django_capture_on_commit_callbacks):
    inquiry = make(world, status="topic")
    with django_capture_on_commit_callbacks(execute=True):
        secretary_client.post(f"{BASE}{inquiry.pk}/svar/", {"text": "Tak, vi tager det op."})
    assert [m.body.strip() for m in mail.outbox] == ["Tak, vi tager det op."]
    r = secretary_client.post(f"{BASE}{inquiry.pk}/svar/", {"text": "Igen."})
    assert r.status_code == 400 and "Besvaret" in r.content.decode()
    assert len(mail.outbox) == 1


def test_pending_for_lists_the_inquiries_to_screen(world):
    new = make(world)
    make(world, status="topic")
    make(world, council=world.other_council)
    assert list(actions.pending_for(world.council)) == [new]
