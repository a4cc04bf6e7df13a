"""The one way e-mail leaves the system.

    send(messages, what="...") -> int            now; the number sent, 0 when sending failed
    send_after_commit(build, what="...")         builds and sends once the transaction commits

A mail server that is down or refuses a message must never turn a finished action into an
error page: the change is saved by then. So a failure is logged (logger "udsatteraad.mail",
with its traceback) and reported by the return value, never raised; callers that must tell
the user (publishing an agenda) look at the number sent.

Every message gets a From with the site's name ("Udsatteråd <udsatteraad@...>", from
SITE_NAME and DEFAULT_FROM_EMAIL) and "Auto-Submitted: auto-generated" (RFC 3834), so
mail servers and auto-responders do not answer the system with vacation replies.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction

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
    """Build and send the messages once the current transaction commits, so no mail announces
    a change that was rolled back (nothing is built or sent then). Outside a transaction this
    sends at once. A failure to build is logged like a failure to send."""

    def build_and_send() -> None:
        try:
            messages = list(build())
        except Exception:
            log.exception("e-mail not built: %s", what)
            return
        send(messages, what=what)

    transaction.on_commit(build_and_send)
