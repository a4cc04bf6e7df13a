"""Retention (issue 10): `manage.py purge_inquiries` erases the personal data of closed
inquiries after the council's retention months (personal cases: 30 days after closing), in the
rows and in the change history tables, and leaves anonymous statistics."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from udsatteraad.inquiries import actions
from udsatteraad.inquiries.models import Inquiry, InquirySettings, add_months

SECRET_NAME = "Borger Rikke Slettesen"
SECRET_TEXT = "Mit CPR-nummer er 010203-1234 og min sagsbehandler hedder Jens."


def handled(world, *, closed_days_ago: int, personal: bool = False, **extra) -> Inquiry:
    """An inquiry that went through screening and an answer (so history rows hold its data),
    then was closed `closed_days_ago` days ago."""
    inquiry = Inquiry.objects.create(
        council=world.council, sender_name=SECRET_NAME, contact="rikke@example.org",
        message=SECRET_TEXT, topic="money", channel="email", **extra)
    actions.screen(inquiry=inquiry, personal=personal, acting_user=world.secretary)
    actions.answer(inquiry=inquiry, text=f"Kære {SECRET_NAME}, tak.",
                   acting_user=world.secretary)
    closed = timezone.now() - dt.timedelta(days=closed_days_ago)
    Inquiry.objects.filter(pk=inquiry.pk).update(closed_at=closed, received=closed)
    inquiry.refresh_from_db()
    return inquiry


def raw_rows_mentioning(value: str) -> int:
    """Rows in the inquiry tables, history included, that still hold `value` anywhere."""
    found = 0
    with connection.cursor() as cursor:
        for table in ("inquiries_inquiry", "inquiries_historicalinquiry"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed table names)
            found += sum(value in str(row) for row in cursor.fetchall())
    return found


def test_purge_erases_personal_data_in_the_rows_and_the_history(world):
    old = handled(world, closed_days_ago=400)
    assert old.history.count() >= 3
    assert raw_rows_mentioning("Rikke") > 0 and raw_rows_mentioning("010203-1234") > 0
    out = io.StringIO()
    call_command("purge_inquiries", stdout=out)
    assert "slettet i 1 henvendelse" in out.getvalue()
    old.refresh_from_db()
    assert old.erased_at is not None
    for field in Inquiry.PERSONAL_FIELDS:
        assert getattr(old, field) == ""
    assert raw_rows_mentioning("Rikke") == 0
    assert raw_rows_mentioning("rikke@example.org") == 0
    assert raw_rows_mentioning("010203-1234") == 0
    assert raw_rows_mentioning("sagsbehandler hedder") == 0
    # What stays is anonymous: council, month, topic, channel, outcome.
    stats = actions.statistics(world.council)
    assert [(s["topic"], s["channel"], s["outcome"], s["count"]) for s in stats] == [
        ("money", "email", "answered", 1)]


def test_retention_is_per_council_and_open_inquiries_are_kept(world):
    recent = handled(world, closed_days_ago=100)
    still_open = Inquiry.objects.create(council=world.council, sender_name=SECRET_NAME,
                                        message=SECRET_TEXT,
                                        received=timezone.now() - dt.timedelta(days=900))
    assert actions.purge() == 0  # 100 days < 12 months; open ones are never purged
    InquirySettings.objects.create(council=world.council, retention_months=3)
    assert actions.purge() == 1
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.erased_at is not None and still_open.message == SECRET_TEXT


def test_a_personal_case_is_erased_30_days_after_closing(world):
    young = handled(world, closed_days_ago=29, personal=True)
    due = handled(world, closed_days_ago=31, personal=True)
    assert actions.purge() == 1
    young.refresh_from_db()
    due.refresh_from_db()
    assert young.message == SECRET_TEXT and due.message == "" and due.erased_at is not None
    assert [s["outcome"] for s in actions.statistics(world.council)] == ["personal_case"]


def test_purge_is_idempotent_and_has_a_dry_run(world):
    handled(world, closed_days_ago=400)
    out = io.StringIO()
    call_command("purge_inquiries", "--dry-run", stdout=out)
    assert "1 henvendelse(r) ville" in out.getvalue()
    assert Inquiry.objects.get().erased_at is None
    assert actions.purge() == 1
    erased_at = Inquiry.objects.get().erased_at
    assert actions.purge() == 0
    assert Inquiry.objects.get().erased_at == erased_at


def test_an_erased_inquiry_can_no_longer_be_handled(world, secretary_client):
    inquiry = handled(world, closed_days_ago=400)
    actions.purge()
    html = secretary_client.get(f"/sekretariat/testraad/henvendelser/{inquiry.pk}/").content
    assert "Personoplysningerne blev slettet" in html.decode()
    assert SECRET_NAME not in html.decode()


def test_add_months_clamps_to_the_end_of_the_month():
    moment = dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC)
    assert add_months(moment, -1) == dt.datetime(2026, 2, 28, 12, tzinfo=dt.UTC)
    assert add_months(moment, 12) == dt.datetime(2027, 3, 31, 12, tzinfo=dt.UTC)
    assert add_months(dt.datetime(2026, 12, 15, tzinfo=dt.UTC), 1).month == 1
