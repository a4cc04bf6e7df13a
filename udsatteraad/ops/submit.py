"""Create forms submit once: a single-use token in the form (`{% submit_token %}`, from
udsatteraad/ops/templatetags/submit.py) and `@single_submit` on the view.

The token is stored in the same transaction as what the view creates, and only when the view
succeeded (a redirect): a refused form can be corrected and sent again with its token. A second
POST with a stored token (a double click, the browser's "send again") creates nothing and is
sent where the first went; two at the same moment meet at the token's unique index, and the
loser's transaction (its row included) is rolled back. A POST without a token (a script, an
old page) is handled as before."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .models import SubmitToken

FIELD = "submit_token"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _again(request: HttpRequest, done: SubmitToken) -> HttpResponse:
    if done.user_id != (request.user.pk if request.user.is_authenticated else None):
        return HttpResponseBadRequest(_("Formularen er ugyldig. Hent siden igen."))
    messages.info(request, _("Formularen var allerede sendt, så intet blev oprettet igen."))
    return redirect(done.redirect_to)


def single_submit(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not token:
            return view(request, *args, **kwargs)
        if not _TOKEN.match(token):
            return HttpResponseBadRequest(_("Formularen er ugyldig. Hent siden igen."))
        if done := SubmitToken.objects.filter(token=token).first():
            return _again(request, done)
        try:
            with transaction.atomic():
                response = view(request, *args, **kwargs)
                if response.status_code in (301, 302, 303):
                    SubmitToken.objects.create(
                        token=token, path=request.path[:500],
                        user=request.user if request.user.is_authenticated else None,
                        redirect_to=response["Location"][:500])
        except IntegrityError:
            done = SubmitToken.objects.filter(token=token).first()
            if done is None:
                raise
            return _again(request, done)
        return response

    return wrapped
