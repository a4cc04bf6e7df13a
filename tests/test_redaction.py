"""Redaction (issue 10): a passage published anyway is removed for good from every published
version of the agenda and minutes, the corrections' "Før:" texts, the PDFs, the search, OParl,
the easy-read page and the change history, replaced by "[Udeladt: <reason>]". Who, when and
why are recorded; the note is public, the passage is not kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from publicsurfaces import found_in, surfaces

from udsatteraad.meetings.models import (
    AcceptedHit,
    AgendaItem,
    Attachment,
    Attendance,
    Meeting,
    MinorityStatement,
    MinutesVersion,
    Redaction,
    RenderedPdf,
)

CPR = "010203-1234"
MARKER = "[Udeladt: personoplysning]"


def url(meeting) -> str:
    return reverse("meetings:redact", args=[meeting.council.slug, meeting.pk])


def publish(client, meeting, note=""):
    return client.post(reverse("meetings:minutes-publish", args=["testraad", meeting.pk]),
                       {"change_note": note})


@pytest.fixture
def leaked(world, secretary_client, anon):
    """Minutes published with a CPR number (wrongly accepted as a false hit) in the summary,
    decision, a minority statement, a guest's note and an attachment's text; then corrected
    (so the correction's "Før:" text holds it), withdrawn and published again; with an
    easy-read copy naming it. Every PDF has been rendered and stored."""
    AcceptedHit.objects.create(council=world.council, kind="cpr", value=CPR,
                               reason="Fejlagtigt godkendt.", created_by=world.secretary)
    now = timezone.now()
    meeting = Meeting.objects.create(
        council=world.council, title="Ordinært møde", status="minutes_approved",
        start=now - dt.timedelta(days=7), agenda_published_at=now - dt.timedelta(days=14),
        minutes_approved_at=now, minutes_approved_by=world.chair)
    item = AgendaItem.objects.create(
        meeting=meeting, number=1, position=1, title="Herberger",
        summary=f"<p>Henvendelse fra borger {CPR} om herberget.</p>",
        decision=f"<p>Rådet svarer borger {CPR}.</p>",
        case_presentation=f"<p>Sagen om borger {CPR}.</p>")
    MinorityStatement.objects.create(item=item, text=f"Mindretallet nævner {CPR}.")
    Attendance.objects.create(meeting=meeting, name="Gæst Gerda", organisation=f"Borger {CPR}",
                              kind="guest", status="present")
    Attachment.objects.create(item=item, title="Notat", is_public=True,
                              text=f"Notatet nævner {CPR}.")
    assert publish(secretary_client, meeting).status_code == 302
    # A correction: the decision no longer names it; the "Før:" text does.
    item.refresh_from_db()
    r = secretary_client.post(reverse("meetings:minutes-decision", args=["testraad", meeting.pk]),
                              {"item": item.pk, f"item-{item.pk}-decision": "Rådet svarer.",
                               f"item-{item.pk}-revision": item.revision})
    assert r.status_code == 302
    assert publish(secretary_client, meeting, "Beslutningen er rettet.").status_code == 302
    r = secretary_client.post(reverse("meetings:minutes-withdraw", args=["testraad", meeting.pk]),
                              {"reason": "Nævner en borger."})
    assert r.status_code == 302
    assert publish(secretary_client, meeting, "Offentliggjort igen.").status_code == 302
    Meeting.objects.filter(pk=meeting.pk).update(
        easy_read_published={"intro": f"Om borger {CPR}.", "items": {str(item.pk): "Kort."}},
        easy_read_published_at=now)
    meeting.refresh_from_db()
    assert meeting.minutes_versions.count() == 3
    found = found_in(anon, meeting, CPR)
    for where in ("page", "agenda-pdf", "minutes-pdf", "easy-read",
                  f"oparl:paper-file/{item.pk}", "search page", "search index"):
        assert where in found, (where, found)
    assert RenderedPdf.objects.filter(meeting=meeting).exists()
    return meeting


def _history_text(meeting) -> str:
    rows = [*Meeting.history.filter(id=meeting.pk).values(),
            *AgendaItem.history.filter(meeting_id=meeting.pk).values(),
            *MinorityStatement.history.filter(item__meeting=meeting).values(),
            *Attendance.history.filter(meeting_id=meeting.pk).values()]
    assert rows
    return repr(rows)


def test_a_redacted_passage_is_gone_from_every_surface_and_the_history(
        leaked, world, secretary_client, anon):
    from udsatteraad.search.models import SearchDocument, SearchPosting

    assert CPR in _history_text(leaked)
    response = secretary_client.post(url(leaked), {"passage": CPR, "reason": "personoplysning"})
    assert response.status_code == 302
    page = secretary_client.get(response["Location"]).content.decode()
    assert MARKER in page

    assert found_in(anon, leaked, CPR) == []
    shown = surfaces(anon, leaked)
    assert MARKER in shown["page"] and MARKER in shown["minutes-pdf"]
    assert "Før:" in shown["page"]  # the correction is still shown, redacted
    assert MARKER in shown["easy-read"]
    # The search: no document and no term of the index holds it any more.
    assert not SearchDocument.objects.filter(body__contains=CPR).exists()
    assert not SearchPosting.objects.filter(term__contains="010203").exists()
    # Every published version, and the change history.
    for version in MinutesVersion.objects.filter(meeting=leaked):
        assert CPR not in repr(version.snapshot) and CPR not in version.change_note
    assert CPR not in _history_text(leaked)
    assert MARKER in _history_text(leaked)
    # The attachment's file cannot be rewritten: it is closed.
    att = Attachment.objects.get(item__meeting=leaked)
    assert not att.is_public and CPR not in att.text
    # Who, when, why: recorded; the reason is public, the passage is kept nowhere.
    redaction = Redaction.objects.get()
    assert (redaction.meeting, redaction.created_by, redaction.reason) == (
        leaked, world.secretary, "personoplysning")
    assert redaction.places >= 8
    assert CPR not in repr(Redaction.objects.values())
    assert "Tekst er udeladt den" in shown["page"] and "personoplysning" in shown["page"]
    assert world.secretary.name not in shown["page"]


def test_rich_text_is_redacted_as_stored(world, secretary_client, anon):
    now = timezone.now()
    meeting = Meeting.objects.create(council=world.council, title="Møde",
                                     status="agenda_published", agenda_published_at=now,
                                     start=now + dt.timedelta(days=3))
    AgendaItem.objects.create(meeting=meeting, number=1, position=1, title="Punkt",
                              summary="<p>Brev fra Anna & Bo Testesen.</p>")
    assert "Anna &amp; Bo Testesen" in AgendaItem.objects.get().summary  # stored escaped
    r = secretary_client.post(url(meeting), {"passage": "Anna & Bo Testesen",
                                             "reason": "navn"})
    assert r.status_code == 302
    html = anon.get(reverse("front:meeting", args=["testraad", meeting.pk])).content.decode()
    assert "Bo Testesen" not in html and "[Udeladt: navn]" in html


def test_refusals_keep_the_form_and_change_nothing(leaked, world, secretary_client):
    before = MinutesVersion.objects.get(meeting=leaked, number=3).snapshot
    cases = [
        ({"passage": "Findes ikke nogen steder", "reason": "x"}, "Teksten findes ikke"),
        ({"passage": CPR, "reason": "ring 22 33 44 55"}, "personoplysninger"),
        ({"passage": CPR, "reason": f"om {CPR}"}, "må ikke gentage"),
        ({"passage": "ab", "reason": "kort"}, "mindst 4 tegn"),
        ({"passage": CPR, "reason": ""}, "Dette felt er påkrævet"),
    ]
    for data, message in cases:
        response = secretary_client.post(url(leaked), data)
        html = response.content.decode()
        assert response.status_code == 400 and message in html, (data, html[:2000])
        assert data["passage"] in html  # what was typed is shown again
    assert not Redaction.objects.exists()
    assert MinutesVersion.objects.get(meeting=leaked, number=3).snapshot == before


def test_a_planned_meeting_is_fixed_not_redacted(world, secretary_client):
    meeting = Meeting.objects.create(council=world.council, title="Møde",
                                     start=timezone.now() + dt.timedelta(days=3))
    AgendaItem.objects.create(meeting=meeting, number=1, position=1, title=f"Sag {CPR}")
    response = secretary_client.post(url(meeting), {"passage": CPR, "reason": "cpr"})
    assert response.status_code == 400
    assert "Mødet er ikke offentliggjort" in response.content.decode()
    assert AgendaItem.objects.get().title == f"Sag {CPR}"


def test_only_the_councils_secretariat_redacts(leaked, member_client, chair_client,
                                               other_secretary_client):
    for client in (member_client, chair_client, other_secretary_client):
        assert client.post(url(leaked), {"passage": CPR, "reason": "x"}).status_code == 403
    assert not Redaction.objects.exists()
