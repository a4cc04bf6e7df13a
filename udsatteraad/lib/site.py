"""The address the site is served at, for absolute links (e-mails, iCal, feeds).

During a request it is the request's own scheme, host and port (`build_absolute_uri`, which
only trusts ALLOWED_HOSTS), so `make run PORT=8123` or a proxy's host name gives links that
work. Mail built by the worker or a command has no request: it uses SITE_ROOT (environment),
which defaults to the address `make run` serves.

Code deep below a view (the mail an action builds after its commit) does not get the request
passed down through every layer: `SiteRootMiddleware` notes the current request in a context
variable, and `root()` without an argument reads it. Identifiers that must not change with
the address (iCal UIDs, Atom ids, OParl ids, cache keys) keep using SITE_ROOT itself.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_current: ContextVar[HttpRequest | None] = ContextVar("site_request", default=None)


def root(request: HttpRequest | None = None) -> str:
    """The site's absolute address without a trailing slash, e.g. "http://127.0.0.1:8000":
    the request's (the one given, else the one being answered), else SITE_ROOT."""
    request = request if request is not None else _current.get()
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.SITE_ROOT.rstrip("/")


class SiteRootMiddleware:
    """Makes the request being answered the one `root()` uses (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(request)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
