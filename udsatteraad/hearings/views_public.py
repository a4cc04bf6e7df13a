"""The public pages: a council's hearing responses and statements, newest first; one
response with its outcome; its PDF. What is public comes from `policy.public`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from udsatteraad.policy.access import access_public_council, access_public_hearing
from udsatteraad.policy.public import public_hearings

from .emails import pdf_filename
from .pdf import render_response_pdf


def public_list(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_public_council(slug)
    hearings = (public_hearings().filter(council=council).select_related("approved_draft")
                .order_by("-published_at", "-id"))
    return render(request, "hearings/public/list.html",
                  {"council": council, "hearings": hearings})


def public_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_public_council(slug)
    hearing = access_public_hearing(council, pk)
    hearing.council = council
    return render(request, "hearings/public/detail.html",
                  {"council": council, "hearing": hearing, "response": hearing.approved_draft})


def public_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access_public_council(slug)
    hearing = access_public_hearing(council, pk)
    hearing.council = council
    response = HttpResponse(render_response_pdf(hearing), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_filename(hearing)}"'
    return response
