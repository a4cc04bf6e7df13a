"""manage.py load_demo: the seed councils, Randers' meeting of 27 September 2021 and the demo
logins, loaded twice without duplicates."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction

TIMES = {17: ("17:05", "17:10"), 18: ("17:10", "17:25"), 19: ("17:25", "17:30"),
         20: ("17:30", "17:45"), 21: ("17:45", "18:00"), 22: ("18:00", "18:10"),
         23: ("18:10", "18:20"), 24: ("18:20", "18:25")}


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """Load the demo once for the module, and roll it back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded, db):
    return None


def row_counts() -> dict[str, int]:
    from django.apps import apps

    return {m._meta.label: m._default_manager.count() for m in apps.get_models()
            if m._meta.app_label in ("councils", "meetings", "accounts", "otp_totp",
                                     "inquiries")}


def test_load_demo_twice(demo, capsys):
    before = row_counts()
    call_command("load_demo")
    assert row_counts() == before
    out = capsys.readouterr().out
    assert "Udsatterådet i Randers Kommune (/raad/randers/): 9 pladser, 9 medlemmer" in out
    assert "sekretariat@randers.example" in out and "demo-udsatteraad" in out
    assert before["meetings.AgendaItem"] == 8 and before["meetings.Attachment"] == 5


def test_randers_meeting(demo):
    from udsatteraad.meetings.models import Meeting

    meeting = Meeting.objects.get(council__slug="randers")
    assert meeting.status == "minutes_published" and meeting.kind == "ordinary"
    assert meeting.start == dt.datetime(2021, 9, 27, 15, 0, tzinfo=dt.UTC)  # 17:00 in Denmark
    assert meeting.location == "Mødelokale C.3.10, Laksetorvet"
    items = list(meeting.items.prefetch_related("attachments"))
    assert [i.number for i in items] == list(range(17, 25))
    assert {i.number: (f"{i.start_time:%H:%M}", f"{i.end_time:%H:%M}") for i in items} == TIMES
    assert [i.case_number for i in items] == ["27.15.00-A08-1-21"] * 2 + [
        "00.00.00-P20-4-18"] + ["27.15.00-A08-1-21"] * 5
    first, _, status, meeting_day, election = items[:5]
    assert first.recommendations_intro == "Forvaltningen indstiller til Udsatterådet"
    assert first.recommendations == ["dagsorden og tidsplan godkendes"]
    assert first.decision == "Godkendt"
    assert "| Godkendelse af dagsorden og tidsplan | 17.05-17.10 |" in first.case_presentation
    assert status.summary.startswith("Byrådet vedtog den 12. november 2018 en plan")
    assert status.recommendations_intro == "Forvaltningen indstiller til udsatterådet,"
    assert "Indsatsområde 7: Lige muligheder for sundhed" in status.case_presentation
    assert [a.title for a in meeting_day.attachments.all()] == [
        "Udsatterådet_2021 Invitation og program", "Information om valgmødet til deltagerne 2021"]
    assert "1 medlem vælges på Perron 4" in election.case_presentation
    assert items[-1].recommendations == [] and items[-1].summary == "Eventuelt"


def test_demo_logins(demo):
    from django_otp.oath import totp

    from udsatteraad.accounts.models import User
    from udsatteraad.councils.models import Council
    from udsatteraad.policy.roles import Role, roles_in

    randers = Council.objects.get(slug="randers")
    secretary = User.objects.get(email="sekretariat@randers.example")
    assert secretary.check_password("demo-udsatteraad")
    assert roles_in(secretary, randers).roles == {Role.SECRETARY}
    device = secretary.totpdevice_set.get()
    assert device.confirmed and device.config_url.count("DEMOUDSATTERAADRANDERS") == 1
    assert device.verify_token(f"{totp(device.bin_key):06d}")
    admin = User.objects.get(email="admin@udsatteraad.example")
    assert admin.is_superuser and admin.totpdevice_set.filter(confirmed=True).exists()
    chair = User.objects.get(email="karla.eksempelsen@randers.example")
    member = User.objects.get(email="mads.paahitsen@randers.example")
    assert Role.CHAIR in roles_in(chair, randers).roles
    assert roles_in(member, randers).roles == {Role.MEMBER}
    assert {c.slug for c in Council.objects.filter(secretaries__user__email__startswith="sekret")
            } == {"region-midtjylland", "region-hovedstaden", "ishoej", "randers"}


def test_demo_inquiries(demo):
    from udsatteraad.councils.models import Council
    from udsatteraad.inquiries.models import Inquiry

    for council in Council.objects.all():
        inquiries = Inquiry.objects.filter(council=council)
        assert inquiries.count() == 3, council
        personal = inquiries.get(channel="in_person")
        assert "sagsbehandler" in personal.flags and personal.status == "new"
        assert all("Demo" in i.sender_name or i.anonymous for i in inquiries)
