"""The smaller things of issue 16: deleting an attachment asks first; a member sees no
"Sekretariat" link, no past meetings under "Kommende møder", no planned meeting's agenda
before it is published, no extraordinary-meeting request where the rules forbid it; approved
decisions are not labelled "udkast"."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone


def meeting(world, *, days, status="planned", title="Møde", **extra):
    from udsatteraad.meetings.models import Meeting

    return Meeting.objects.create(council=world.council, title=title, status=status,
                                  start=timezone.now() + dt.timedelta(days=days), **extra)


def test_deleting_an_attachment_asks_first(secretary_client, world, settings, tmp_path):
    from udsatteraad.meetings.models import AgendaItem, Attachment

    settings.MEDIA_ROOT = tmp_path
    m = meeting(world, days=30)
    item = AgendaItem.objects.create(meeting=m, number=1, title="Budget")
    att = Attachment(item=item, title="Budgetnotat", content_type="text/plain")
    att.file.save("notat.txt", ContentFile(b"tal"), save=True)
    base = f"/sekretariat/testraad/moeder/{m.pk}/"
    listing = secretary_client.get(f"{base}punkter/{item.pk}/bilag/").content.decode()
    # The list has a link to the question, not a button that deletes at once.
    assert f'href="{base}bilag/{att.pk}/slet/"' in listing
    assert f'action="{base}bilag/{att.pk}/"' not in listing
    question = secretary_client.get(f"{base}bilag/{att.pk}/slet/")
    html = question.content.decode()
    assert question.status_code == 200 and "Slet bilaget »Budgetnotat«?" in html
    assert Attachment.objects.filter(pk=att.pk).exists()
    assert f'action="{base}bilag/{att.pk}/"' in html and "Ja, slet bilaget" in html
    assert secretary_client.post(f"{base}bilag/{att.pk}/").status_code == 302
    assert not Attachment.objects.filter(pk=att.pk).exists()


def test_member_sees_no_secretariat_link(member_client, secretary_client):
    assert 'href="/sekretariat/"' not in member_client.get("/mine/").content.decode()
    assert 'href="/sekretariat/"' in secretary_client.get("/mine/").content.decode()


def test_past_meetings_are_not_coming(member_client, world):
    meeting(world, days=-1, status="held", title="Afholdt i går")
    meeting(world, days=-0.05, status="agenda_published", title="Begyndt for en time siden",
            end=timezone.now() - dt.timedelta(minutes=10))
    meeting(world, days=5, title="Om fem dage")
    html = member_client.get("/mine/").content.decode()
    coming = html.split("Kommende møder", 1)[1]
    assert "Om fem dage" in coming
    assert "Afholdt i går" not in coming and "Begyndt for en time siden" not in coming


def test_planned_agenda_is_not_shown_to_members_before_publication(member_client,
                                                                   secretary_client, world):
    from udsatteraad.meetings.models import AgendaItem

    m = meeting(world, days=30)
    AgendaItem.objects.create(meeting=m, number=1, title="Hemmeligt udkast")
    html = member_client.get(f"/mine/moeder/{m.pk}/").content.decode()
    assert "Hemmeligt udkast" not in html and "ikke offentliggjort endnu" in html
    assert "Hemmeligt udkast" in secretary_client.get(f"/mine/moeder/{m.pk}/").content.decode()
    m.status, m.agenda_published_at = "agenda_published", timezone.now()
    m.save()
    assert "Hemmeligt udkast" in member_client.get(f"/mine/moeder/{m.pk}/").content.decode()


def test_approved_decisions_are_not_drafts(member_client, world):
    from udsatteraad.meetings.models import AgendaItem

    m = meeting(world, days=-3, status="held", agenda_published_at=timezone.now())
    AgendaItem.objects.create(meeting=m, number=1, title="Boliger", decision="Besluttet.")
    assert "Beslutning (udkast)" in member_client.get(f"/mine/moeder/{m.pk}/").content.decode()
    m.status = "minutes_approved"
    m.save()
    html = member_client.get(f"/mine/moeder/{m.pk}/").content.decode()
    assert "Beslutning (udkast)" not in html and "Beslutning" in html


def test_extraordinary_request_not_offered_where_forbidden(member_client, world):
    m = meeting(world, days=30)
    link = "Anmod om et ekstraordinært møde"
    assert link in member_client.get(f"/mine/moeder/{m.pk}/").content.decode()
    world.tor.extraordinary_request_members = None
    world.tor.save()
    assert link not in member_client.get(f"/mine/moeder/{m.pk}/").content.decode()
