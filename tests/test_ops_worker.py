"""Background work (udsatteraad/ops): mail queued for the worker instead of sent in the
request, the periodic jobs of ops/schedule.py claimed once, `manage.py worker` and
`run_schedule`, and /healthz reporting the worker's real heartbeat."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from types import SimpleNamespace

import pytest
from django.core import mail as django_mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command, get_commands
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from udsatteraad.lib import mail
from udsatteraad.ops import schedule
from udsatteraad.ops.management.commands import worker
from udsatteraad.ops.models import Heartbeat, JobRun

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class SMTPDownBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPException("451 try again later")


@pytest.fixture
def db_tasks(settings, monkeypatch):
    """Tasks stored in the database for the worker, as in production. The library's worker
    closes connections it finds inside a transaction between tasks; inside a test's
    transaction on PostgreSQL that would close the test's own connection (Django's test
    runner keeps close_old_connections off requests for the same reason)."""
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = DB_TASKS
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def invitation() -> EmailMultiAlternatives:
    message = EmailMultiAlternatives("Indkaldelse", "Tekst", to=["medlem@testregion.example"],
                                     cc=["formand@testregion.example"],
                                     reply_to=["raad@kommune.example"])
    message.attach_alternative("<p>Tekst</p>", "text/html")
    message.attach("moede.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.attach("bilag.pdf", b"%PDF-1.4 \xff\x00", "application/pdf")
    return message


# --- Mail through the queue -------------------------------------------------------------------


def test_a_message_survives_the_queue_unchanged():
    original = mail.prepare(invitation())
    copy = mail.from_data(mail.to_data(original))
    assert (copy.subject, copy.body, copy.from_email, copy.to, copy.cc, copy.reply_to) == (
        original.subject, original.body, original.from_email, original.to, original.cc,
        original.reply_to)
    assert copy.extra_headers["Auto-Submitted"] == "auto-generated"
    assert list(copy.alternatives) == list(original.alternatives)
    assert [tuple(a) for a in copy.attachments] == [tuple(a) for a in original.attachments]
    assert copy.message().as_bytes().count(b"Content-Disposition: attachment") == 2


def test_queued_mail_waits_for_the_worker_and_is_sent_by_it(db, db_tasks):
    assert mail.queue([invitation()], what="invitations to meeting 1") == 1
    assert django_mail.outbox == []  # not in the request
    (waiting,) = DBTaskResult.objects.ready()
    assert waiting.task_path == "udsatteraad.lib.mail.deliver"
    call_command("worker", "--once", stdout=None)
    (sent,) = django_mail.outbox
    assert sent.to == ["medlem@testregion.example"]
    assert sent.alternatives[0][1] == "text/html"
    assert sent.message()["Auto-Submitted"] == "auto-generated"
    assert not DBTaskResult.objects.ready().exists()


def test_mail_after_commit_is_queued_not_sent_in_the_request(
        db, db_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail.send_after_commit(lambda: [EmailMessage("Emne", "Tekst", to=["a@b.dk"])],
                               what="test")
    assert django_mail.outbox == []
    assert DBTaskResult.objects.ready().count() == 1


def test_a_refused_delivery_is_tried_again_later(db, db_tasks, settings, caplog):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.SMTPDownBackend"}}
    mail.queue([EmailMessage("Emne", "Tekst", to=["a@b.dk"])], what="a test mail")
    with caplog.at_level(logging.WARNING, logger="udsatteraad.mail"):
        call_command("worker", "--once", stdout=None)
    assert any("a test mail" in r.getMessage() and r.exc_info for r in caplog.records)
    # The retry waits a minute: not ready now, due later, with the next attempt number.
    assert not DBTaskResult.objects.ready().exists()
    (retry,) = DBTaskResult.objects.filter(status="READY")
    assert retry.run_after > timezone.now() + dt.timedelta(seconds=30)
    assert retry.args_kwargs["args"][2] == 1


def test_queue_failure_is_logged_not_raised(db, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    # A Task is frozen: stand in for it.
    monkeypatch.setattr(mail, "deliver", SimpleNamespace(enqueue=broken))
    with caplog.at_level(logging.ERROR, logger="udsatteraad.mail"):
        assert mail.queue([EmailMessage("Emne", "Tekst", to=["a@b.dk"])], what="x") == 0
    assert any("e-mail not queued: x" in r.getMessage() for r in caplog.records)


def test_queued_mail_in_tests_is_sent_at_once(db):
    # The test settings run tasks immediately, so mail.outbox keeps working everywhere.
    assert mail.queue([EmailMessage("Emne", "Tekst", to=["a@b.dk"])], what="x") == 1
    assert [m.to for m in django_mail.outbox] == [["a@b.dk"]]


# --- The schedule -----------------------------------------------------------------------------


def test_every_scheduled_job_is_a_command_with_a_unique_short_name():
    commands = get_commands()
    keys = [job.key for job in schedule.JOBS]
    assert len(keys) == len(set(keys))
    for job in schedule.JOBS:
        assert job.command in commands, job.command
        assert len(job.key) <= 50 and job.every >= dt.timedelta(minutes=1)
    assert {"sync_public_records", "extract_attachment_text", "search_maintain",
            "search-maintain-nightly", "purge_inquiries", "hearing_reminders", "send_digests",
            "purge_submit_tokens"} <= set(keys)


def test_a_due_job_is_claimed_once(db):
    now = timezone.now()
    jobs = (schedule.Job("clearsessions", every=dt.timedelta(hours=1)),)
    assert schedule.claim_due(now, jobs) == list(jobs)
    # A second worker at the same moment, and anyone before the hour is up, gets nothing.
    assert schedule.claim_due(now, jobs) == []
    assert schedule.claim_due(now + dt.timedelta(minutes=59), jobs) == []
    assert schedule.claim_due(now + dt.timedelta(minutes=61), jobs) == list(jobs)
    assert JobRun.objects.get(name="clearsessions").started_at == now + dt.timedelta(minutes=61)


def test_worker_tick_beats_and_runs_the_due_jobs(db, monkeypatch):
    monkeypatch.setattr(schedule, "JOBS", (
        schedule.Job("sync_public_records", every=dt.timedelta(days=1)),
        schedule.Job("search_index", every=dt.timedelta(days=1), args=("--optimize",),
                     name="search-optimize"),
    ))
    assert worker.tick() == ["sync_public_records", "search-optimize"]
    # Immediate tasks in tests: the jobs ran and recorded their heartbeats.
    assert set(Heartbeat.objects.values_list("name", flat=True)) == {
        "worker", "sync_public_records", "search-optimize"}
    assert worker.tick() == []  # not due again for a day


def test_a_failing_job_records_no_heartbeat(db, monkeypatch, caplog):
    monkeypatch.setattr(schedule, "JOBS", (
        schedule.Job("search_index", every=dt.timedelta(days=1), name="broken"),
    ))  # search_index without an action is an error
    with caplog.at_level(logging.ERROR, logger="udsatteraad.ops.jobs"):
        with pytest.raises(CommandError, match="broken"):
            call_command("run_schedule", stdout=None)
    assert not Heartbeat.objects.filter(name="broken").exists()
    assert any("scheduled job failed: broken" in r.getMessage() for r in caplog.records)


def test_run_schedule_runs_a_named_job(db):
    call_command("run_schedule", "--job", "clearsessions", stdout=None)
    assert Heartbeat.objects.filter(name="clearsessions").exists()
    with pytest.raises(CommandError, match="Intet job"):
        call_command("run_schedule", "--job", "nothing", stdout=None)


def test_worker_refuses_without_the_database_backend(db):
    with pytest.raises(CommandError, match="TASKS"):
        call_command("worker", "--once")


# --- /healthz sees the worker ----------------------------------------------------------------


def test_healthz_reports_the_worker_heartbeat_and_the_waiting_tasks(db, db_tasks, anon):
    mail.queue([EmailMessage("Emne", "Tekst", to=["a@b.dk"])], what="x")
    before = anon.get("/healthz").json()["worker"]
    assert before == {"seen": False, "age_seconds": None, "waiting": 1}
    call_command("worker", "--once", stdout=None)
    after = anon.get("/healthz").json()
    assert after["worker"]["seen"] is True and after["worker"]["waiting"] == 0
    assert after["heartbeats"]["worker"]["stale"] is False


def test_a_worker_not_seen_for_minutes_is_stale_but_the_site_stays_up(db, anon, settings):
    Heartbeat.objects.create(name="worker", seen_at=timezone.now() - dt.timedelta(minutes=10))
    response = anon.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"]["seen"] is False
    assert response.json()["heartbeats"]["worker"]["stale"] is True
