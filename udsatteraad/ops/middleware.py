"""Caching headers for every response (one place, so no view has to think of it).

- Anonymous GET/HEAD answers that set no cookie: `Cache-Control: public, max-age=N`
  (PUBLIC_CACHE_MAX_AGE) unless the view chose otherwise, an ETag from the body (as Django's
  ConditionalGetMiddleware computes it) and 304 for a matching If-None-Match or for
  If-Modified-Since when the view set Last-Modified (feeds do). Browsers and nginx's proxy
  cache may then keep published pages, feeds, iCal, OParl and PDFs for a minute.
- Everything for a logged-in user, and any response that sets a cookie (login form's CSRF
  cookie, session, language): `Cache-Control: private, no-store`, so no shared cache ever
  stores a personal page or hands one visitor's cookie to another.

It stands first in MIDDLEWARE so that it sees the cookies the session, CSRF and messages
middleware add on the way out.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe, split_directive_names


class CacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._headers(request, self.get_response(request))
        # A HEAD answer has GET's headers (Content-Length included) and no body. Django leaves
        # dropping the body to the server; gunicorn does it too but logs a warning each time.
        if request.method == "HEAD" and not response.streaming:
            response.content = b""
        return response

    def _headers(self, request, response):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or response.cookies:
            patch_cache_control(response, private=True, no_store=True)
            return response
        if request.method not in ("GET", "HEAD") or not 200 <= response.status_code < 300:
            return response
        directives = split_directive_names(response.get("Cache-Control", ""))
        if "no-store" in directives:
            return response
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_MAX_AGE)
        # Django's ConditionalGetMiddleware skips HEAD; the body is still here at this point
        # (the server drops it later), so HEAD gets the same ETag as GET.
        if not response.streaming and not response.has_header("ETag"):
            set_response_etag(response)
        last_modified = parse_http_date_safe(response.get("Last-Modified", "")) or None
        etag = response.get("ETag")
        if etag or last_modified:
            return get_conditional_response(
                request, etag=etag, last_modified=last_modified, response=response
            )
        return response
