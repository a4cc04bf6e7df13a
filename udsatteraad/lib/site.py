"""The address the site is served at, for absolute links (e-mails, iCal, feeds).

During a request it is the request's own scheme, host and port (`build_absolute_uri`, which
only trusts ALLOWED_HOSTS), so `make run PORT=8123` or a proxy's host name gives links that
work. Mail built by the worker or a command has no request: it uses SITE_ROOT (environment),
which defaults to the address `make run` serves.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def root(request: HttpRequest | None = None) -> str:
    """The site's absolute address without a trailing slash, e.g. "http://127.0.0.1:8000"."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.SITE_ROOT.rstrip("/")
