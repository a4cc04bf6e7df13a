"""The personal link of an invitation: a random value signed with a timestamp (Django's
TimestampSigner), so an expired or forged link is known before any query. Only the SHA-256
hash of the whole token is stored; the token itself is only in the e-mail."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from enum import StrEnum

from django.core import signing

SALT = "udsatteraad.onboarding.invitation"
# How long a link works. A module constant (tests change it), not a setting.
MAX_AGE = dt.timedelta(days=14)


class Check(StrEnum):
    OK = "ok"
    EXPIRED = "expired"
    INVALID = "invalid"


def new_token() -> str:
    return signing.TimestampSigner(salt=SALT).sign(secrets.token_urlsafe(24))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check(token: str) -> Check:
    """Whether the token is ours and young enough (not yet whether it is used or replaced)."""
    try:
        signing.TimestampSigner(salt=SALT).unsign(token, max_age=MAX_AGE)
    except signing.SignatureExpired:
        return Check.EXPIRED
    except signing.BadSignature:
        return Check.INVALID
    return Check.OK
