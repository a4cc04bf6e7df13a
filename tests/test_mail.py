"""All e-mail goes through udsatteraad/lib/mail.py: a From with the site's name, the RFC 3834
Auto-Submitted header, a mail server failure logged and never an error page, and mail built
after commit only for a transaction that commits."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

import pytest
from django.contrib.messages import get_messages
from django.core import mail as django_mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from udsatteraad.lib import mail


class SMTPDownBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("451 try again later")


@pytest.fixture
def smtp_down(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.SMTPDownBackend"}}


@pytest.fixture
def meeting(world):
    from udsatteraad.meetings.models import AgendaItem, Meeting

    start = dt.datetime(2029, 5, 14, 17, 0, tzinfo=timezone.get_current_timezone())
    m = Meeting.objects.create(council=world.council, title="Ordinært møde", venue=world.cafe,
                               start=start, end=start.replace(hour=19))
    AgendaItem.objects.create(meeting=m, number=1, position=1, title="Godkendelse af dagsorden")
    return m


def publish_url(meeting) -> str:
    return f"/sekretariat/testraad/moeder/{meeting.pk}/offentliggoer/"


def assert_site_headers(message: EmailMessage) -> None:
    parsed = message.message()
    (sender,) = parsed["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Udsatteråd", "udsatteraad@localhost")
    assert parsed["Auto-Submitted"] == "auto-generated"


def failures(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "udsatteraad.mail" and r.exc_info]


# --- Through HTTP ------------------------------------------------------------------------------


def test_invitations_carry_the_site_sender_and_auto_submitted(secretary_client, meeting):
    r = secretary_client.post(publish_url(meeting))
    assert r.status_code == 302
    assert len(django_mail.outbox) == 2
    for message in django_mail.outbox:
        assert_site_headers(message)


def test_smtp_error_when_publishing_is_reported_and_logged_not_a_500(
        secretary_client, meeting, smtp_down, caplog):
    with caplog.at_level(logging.ERROR, logger="udsatteraad.mail"):
        r = secretary_client.post(publish_url(meeting))
    assert r.status_code == 302
    notes = [str(m) for m in get_messages(r.wsgi_request)]
    assert notes == ["Dagsordenen er offentliggjort, men indkaldelsen kunne ikke sendes. "
                     "Send den til medlemmerne på anden vis."]
    meeting.refresh_from_db()
    assert meeting.status == "agenda_published"
    (record,) = failures(caplog)
    assert f"invitations to meeting {meeting.pk}" in record.getMessage()
    assert record.exc_info[0] is smtplib.SMTPException


def test_password_reset_mail_goes_through_the_helper(anon, world):
    r = anon.post("/konto/nulstil/", {"email": world.member.email})
    assert r.status_code == 302
    (message,) = django_mail.outbox
    assert message.to == [world.member.email]
    assert_site_headers(message)
    assert message.alternatives and message.alternatives[0][1] == "text/html"


def test_smtp_error_on_password_reset_gives_the_usual_answer(anon, world, smtp_down, caplog):
    with caplog.at_level(logging.ERROR, logger="udsatteraad.mail"):
        r = anon.post("/konto/nulstil/", {"email": world.member.email})
    # The same answer as for an unknown address: nothing to learn from a failure either.
    assert (r.status_code, r["Location"]) == (302, "/konto/nulstil/sendt/")
    (record,) = failures(caplog)
    assert f"password reset for user {world.member.pk}" in record.getMessage()


# --- The helper -------------------------------------------------------------------------------


def message(to="medlem@testregion.example", **kwargs) -> EmailMessage:
    return EmailMessage("Emne", "Tekst", to=[to], **kwargs)


def test_send_returns_the_number_sent(db):
    assert mail.send([message(), message("formand@testregion.example")], what="test") == 2
    assert mail.send([], what="nothing") == 0
    assert [m.to for m in django_mail.outbox] == [["medlem@testregion.example"],
                                                  ["formand@testregion.example"]]


def test_send_never_raises_and_logs_the_failure(db, smtp_down, caplog):
    with caplog.at_level(logging.ERROR, logger="udsatteraad.mail"):
        assert mail.send([message()], what="a test mail") == 0
    (record,) = failures(caplog)
    assert "a test mail" in record.getMessage() and "1 message" in record.getMessage()
    assert django_mail.outbox == []


def test_sender_keeps_a_configured_name_and_another_sender(settings):
    settings.DEFAULT_FROM_EMAIL = "Rådets sekretariat <raad@kommune.example>"
    assert mail.sender() == "=?utf-8?q?R=C3=A5dets_sekretariat?= <raad@kommune.example>"
    other = mail.prepare(message(from_email="noreply@kommune.example"))
    assert other.from_email == "noreply@kommune.example"
    existing = mail.prepare(message(headers={"Auto-Submitted": "auto-replied"}))
    assert existing.extra_headers["Auto-Submitted"] == "auto-replied"


def test_mail_after_commit_is_built_and_sent_once_committed(db,
                                                           django_capture_on_commit_callbacks):
    built = []

    def build():
        built.append(True)
        return [message()]

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            mail.send_after_commit(build, what="test")
            assert built == []  # not before the commit
    assert built == [True]
    (sent,) = django_mail.outbox
    assert_site_headers(sent)


def test_mail_after_commit_is_not_sent_when_the_transaction_rolls_back(
        db, django_capture_on_commit_callbacks):
    built = []

    def build():
        built.append(True)
        return [message()]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            mail.send_after_commit(build, what="test")
            raise RuntimeError("rolled back")
    assert callbacks == [] and built == []
    assert django_mail.outbox == []


def test_a_message_that_cannot_be_built_is_logged_not_raised(
        db, django_capture_on_commit_callbacks, caplog):
    def build():
        raise ValueError("template broken")

    with caplog.at_level(logging.ERROR, logger="udsatteraad.mail"):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            mail.send_after_commit(build, what="a broken mail")
    assert len(callbacks) == 1
    (record,) = failures(caplog)
    assert "a broken mail" in record.getMessage()
    assert django_mail.outbox == []
