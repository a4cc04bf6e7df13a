"""The one way e-mail leaves the system.

    send(messages, what="...") -> int            now; the number sent, 0 when sending failed
    queue(messages, what="...") -> int           by the background worker (a task); the number
                                                 queued, 0 when they could not be queued
    send_after_commit(build, what="...")         builds once the transaction commits and queues

A user's request should not wait for a mail server (nor fail with it): `queue` hands the
messages, serialised, to `deliver`, a task the worker (`manage.py worker`) runs; a refused
delivery is tried again later (DELIVERY_RETRIES), each failure logged. The tests run tasks
at once (the immediate backend), so mail.outbox sees queued mail as before.

A mail server that is down or refuses a message must never turn a finished action into an
error page: the change is saved by then. So a failure is logged (logger "udsatteraad.mail",
with its traceback) and reported by the return value, never raised; callers that must tell
the user (publishing an agenda) look at the number sent.

Every message gets a From with the site's name ("Udsatteråd <udsatteraad@...>", from
SITE_NAME and DEFAULT_FROM_EMAIL) and "Auto-Submitted: auto-generated" (RFC 3834), so
mail servers and auto-responders do not answer the system with vacation replies.
"""

from __future__ import annotations

import base64
import email
import email.policy
import logging
from collections.abc import Callable, Iterable
from datetime import timedelta
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone

log = logging.getLogger("udsatteraad.mail")


def sender() -> str:
    """DEFAULT_FROM_EMAIL with a display name: the one configured there, else SITE_NAME."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((name or settings.SITE_NAME, address or settings.DEFAULT_FROM_EMAIL))


def prepare(message: EmailMessage) -> EmailMessage:
    """Give a message the site's From (unless it names another sender) and the headers every
    automatic e-mail carries."""
    if not message.from_email or message.from_email == settings.DEFAULT_FROM_EMAIL:
        message.from_email = sender()
    message.extra_headers.setdefault("Auto-Submitted", "auto-generated")
    return message


def send(messages: Iterable[EmailMessage], *, what: str) -> int:
    """Send through the default mailer; return how many were sent, 0 on failure (logged).
    `what` names the mail in the log ("invitations to meeting 12")."""
    messages = [prepare(m) for m in messages]
    if not messages:
        return 0
    try:
        # Django 6.1's mailers: get_connection() is deprecated. One connection for the lot.
        return mail.mailers.default.send_messages(messages) or 0
    except Exception:  # SMTP errors, refused connections, TLS failures: never the caller's 500
        log.exception("e-mail not sent: %s (%d message(s))", what, len(messages))
        return 0


def send_after_commit(build: Callable[[], Iterable[EmailMessage]], *, what: str) -> None:
    """Build the messages once the current transaction commits and queue them for the worker,
    so no mail announces a change that was rolled back (nothing is built or queued then).
    Outside a transaction this builds and queues at once. A failure to build is logged like a
    failure to send."""

    def build_and_queue() -> None:
        try:
            messages = list(build())
        except Exception:
            log.exception("e-mail not built: %s", what)
            return
        queue(messages, what=what)

    transaction.on_commit(build_and_queue)


# --- The queue --------------------------------------------------------------------------------

# A refused delivery is tried again after these waits (then given up, logged each time).
DELIVERY_RETRIES = (timedelta(minutes=1), timedelta(minutes=10), timedelta(hours=1))


def queue(messages: Iterable[EmailMessage], *, what: str) -> int:
    """Hand the messages to the background worker; return how many were queued, 0 when
    queuing failed (logged, never raised)."""
    messages = [prepare(m) for m in messages]
    if not messages:
        return 0
    try:
        data = [to_data(m) for m in messages]
        deliver.enqueue(data, what)
    except Exception:
        log.exception("e-mail not queued: %s (%d message(s))", what, len(messages))
        return 0
    return len(messages)


@task
def deliver(messages: list[dict], what: str, attempt: int = 0) -> int:
    """The worker's side of `queue`: send, and when the mail server refused, try again later
    where the task backend can wait (the database backend can; the immediate one cannot)."""
    sent = send([from_data(d) for d in messages], what=what)
    if not sent and attempt < len(DELIVERY_RETRIES) and deliver.get_backend().supports_defer:
        later = deliver.using(run_after=timezone.now() + DELIVERY_RETRIES[attempt])
        later.enqueue(messages, what, attempt + 1)
        log.warning("e-mail will be tried again: %s (attempt %d)", what, attempt + 2)
    return sent


def _content(value: str | bytes) -> dict[str, str]:
    if isinstance(value, bytes):
        return {"base64": base64.b64encode(value).decode()}
    return {"text": value}


def _uncontent(value: dict[str, str]) -> str | bytes:
    return base64.b64decode(value["base64"]) if "base64" in value else value["text"]


def to_data(message: EmailMessage) -> dict[str, Any]:
    """A message as JSON-safe data (task arguments are stored as JSON)."""
    attachments: list[dict[str, Any]] = []
    for att in message.attachments:
        if isinstance(att, email.message.Message):  # a ready MIME part
            attachments.append({"mime": base64.b64encode(att.as_bytes()).decode()})
        else:
            filename, content, mimetype = att
            attachments.append({"filename": filename, "content": _content(content),
                                "mimetype": mimetype})
    return {
        "subject": message.subject, "body": message.body, "from_email": message.from_email,
        "to": list(message.to), "cc": list(message.cc), "bcc": list(message.bcc),
        "reply_to": list(message.reply_to), "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [[content, mimetype] for content, mimetype in
                         getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def from_data(data: dict[str, Any]) -> EmailMessage:
    """The message `to_data` described."""
    message = EmailMultiAlternatives(
        data["subject"], data["body"], data["from_email"], to=data["to"], cc=data["cc"],
        bcc=data["bcc"], reply_to=data["reply_to"], headers=data["headers"],
    )
    message.content_subtype = data.get("content_subtype", "plain")
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for att in data["attachments"]:
        if "mime" in att:
            message.attach(email.message_from_bytes(base64.b64decode(att["mime"]),
                                                    policy=email.policy.default))
        else:
            message.attach(att["filename"], _uncontent(att["content"]), att["mimetype"])
    return message
