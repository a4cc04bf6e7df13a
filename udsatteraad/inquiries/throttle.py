"""The public form's rate limit per client address, shared by all worker processes.

Each inquiry sent from the form leaves a row (`SubmissionMark`, the address hashed with the
SECRET_KEY as accounts.throttle does), so five gunicorn workers count together. The limit and
window are settings with defaults here: INQUIRY_RATE_LIMIT (inquiries) per
INQUIRY_RATE_WINDOW (seconds).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from udsatteraad.accounts.throttle import client_address

from .models import SubmissionMark

DEFAULT_LIMIT = 5
DEFAULT_WINDOW = 3600


def limit() -> int:
    return int(getattr(settings, "INQUIRY_RATE_LIMIT", DEFAULT_LIMIT))


def window() -> int:
    return int(getattr(settings, "INQUIRY_RATE_WINDOW", DEFAULT_WINDOW))


def _key(request: HttpRequest) -> str:
    value = f"{settings.SECRET_KEY}:inquiry:{client_address(request)}"
    return hashlib.sha256(value.encode()).hexdigest()


def _since() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=window())


def is_throttled(request: HttpRequest) -> bool:
    """True while this client address has sent the most inquiries allowed in the window."""
    return SubmissionMark.objects.filter(key=_key(request), at__gte=_since()).count() >= limit()


def record(request: HttpRequest) -> None:
    # Rows older than the window count for nothing; dropping them keeps the table small.
    SubmissionMark.objects.filter(at__lt=_since()).delete()
    SubmissionMark.objects.create(key=_key(request))


def forget_old() -> int:
    """Drop marks older than the window (purge_inquiries calls this)."""
    return SubmissionMark.objects.filter(at__lt=_since()).delete()[0]
