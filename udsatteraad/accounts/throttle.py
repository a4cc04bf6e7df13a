"""Login throttling per account and per client address, shared by all worker processes.

Failures are rows in the database (`LoginFailure`), so the limit holds however many worker
processes serve the site. The password step and the two-factor step both count failures
and both refuse while either limit is reached. Window and limits are settings:
LOGIN_THROTTLE_WINDOW (seconds), LOGIN_THROTTLE_ACCOUNT_LIMIT, LOGIN_THROTTLE_ADDRESS_LIMIT.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from .models import LoginFailure


def _hash(value: str) -> str:
    # Keyed with SECRET_KEY so the stored hashes cannot be reversed by hashing guesses.
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind a reverse proxy set LOGIN_THROTTLE_CLIENT_IP_HEADER
    (e.g. "HTTP_X_REAL_IP") to a header the proxy always overwrites."""
    header = getattr(settings, "LOGIN_THROTTLE_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return str(request.META[header]).split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _keys(request: HttpRequest, account: str) -> list[tuple[str, str]]:
    address = _hash(f"ip:{client_address(request)}")
    keys: list[tuple[str, str]] = [(LoginFailure.Scope.ADDRESS, address)]
    account = account.strip().lower()
    if account:
        keys.append((LoginFailure.Scope.ACCOUNT, _hash(f"account:{account}")))
    return keys


def _since() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW)


def is_throttled(request: HttpRequest, account: str) -> bool:
    """True while this account or this client address has reached its limit of failures."""
    limits: dict[str, int] = {
        LoginFailure.Scope.ADDRESS: settings.LOGIN_THROTTLE_ADDRESS_LIMIT,
        LoginFailure.Scope.ACCOUNT: settings.LOGIN_THROTTLE_ACCOUNT_LIMIT,
    }
    since = _since()
    for scope, key in _keys(request, account):
        count = LoginFailure.objects.filter(scope=scope, key=key, at__gte=since).count()
        if count >= limits[scope]:
            return True
    return False


def record_failure(request: HttpRequest, account: str) -> None:
    now = timezone.now()
    # Old rows are useless; dropping them here keeps the table as small as the window.
    LoginFailure.objects.filter(at__lt=_since()).delete()
    LoginFailure.objects.bulk_create(
        [LoginFailure(scope=scope, key=key, at=now) for scope, key in _keys(request, account)]
    )


def clear_account(account: str) -> None:
    """After a successful login the account starts afresh; the address count stays, so
    one valid account cannot be used to reset guessing at others."""
    LoginFailure.objects.filter(
        scope=LoginFailure.Scope.ACCOUNT, key=_hash(f"account:{account.strip().lower()}")
    ).delete()
