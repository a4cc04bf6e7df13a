"""A member's travel claims (made for a phone): the list of one's own claims with their status,
filing a trip with receipts, one claim with its history, correcting or withdrawing it. A member
sees only their own claims; the secretariat reads claims on its own pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from udsatteraad.ops.submit import single_submit
from udsatteraad.policy.access import (
    access_member_claim,
    access_member_council,
    login_required_2fa,
    person_for,
)
from udsatteraad.policy.permissions import can_change_claim
from udsatteraad.policy.roles import member_councils

from . import actions
from .forms import ClaimForm
from .forms import posted as _posted
from .forms import posted_files as _files
from .models import Receipt, TravelClaim
from .views import serve_receipt


@login_required_2fa
def member_claims(request: HttpRequest) -> HttpResponse:
    person = person_for(request)
    rows = (TravelClaim.objects.filter(person=person).select_related("council", "meeting")
            .order_by("-day", "-pk")) if person else TravelClaim.objects.none()
    return render(request, "money/member/claims.html", {
        "claims": rows, "councils": member_councils(request.user).order_by("name"),
    })


def _initial(item: TravelClaim) -> dict:
    return {"day": item.day, "meeting": item.meeting_id, "activity": item.activity,
            "from_place": item.from_place, "to_place": item.to_place,
            "transport": item.transport, "kilometres": item.kilometres,
            "expenses": item.expenses, "expenses_note": item.expenses_note}


@login_required_2fa
@single_submit
def member_claim_new(request: HttpRequest, slug: str) -> HttpResponse:
    council, roles = access_member_council(request, slug)
    if roles.person is None:
        raise PermissionDenied(_("Kun rådets medlemmer kan indsende krav."))
    form = ClaimForm(_posted(request), _files(request), council=council)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.file_claim(council=council, person=roles.person,
                                      data=form.cleaned_data,
                                      receipts=form.cleaned_data["receipts"],
                                      acting_user=request.user)
        except ValidationError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("Dit krav er sendt til sekretariatet."))
            return HttpResponseRedirect(reverse("money:member-claim", args=[item.pk]))
    return render(request, "money/member/claim_form.html", {
        "council": council, "form": form, "claim": None,
    }, status=400 if form.errors else 200)


def _add_error(form: ClaimForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        form.add_error(None, exc)
    else:
        # Upload checks speak of the file; everything else of the claim as a whole.
        form.add_error("receipts" if exc.code in {"too_large", "wrong_type", "zip_limits",
                                                  "bad_pdf"} else None, exc)


@login_required_2fa
def member_claim(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_member_claim(request, pk)
    return render(request, "money/member/claim.html", {
        "claim": item, "council": item.council, "receipts": list(item.receipts.all()),
        "can_change": can_change_claim(request.user, item),
        "history": list(item.history.order_by("history_date")),
    })


@login_required_2fa
def member_claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_member_claim(request, pk)
    if not can_change_claim(request.user, item):
        raise PermissionDenied(_("Kravet er behandlet og kan ikke ændres."))
    form = ClaimForm(_posted(request), _files(request), council=item.council,
                     initial=_initial(item))
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_claim(claim=item, data=form.cleaned_data,
                                 receipts=form.cleaned_data["receipts"], acting_user=request.user)
        except ValidationError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("Kravet er rettet og sendt til sekretariatet."))
            return HttpResponseRedirect(reverse("money:member-claim", args=[item.pk]))
    return render(request, "money/member/claim_form.html", {
        "council": item.council, "form": form, "claim": item,
    }, status=400 if form.errors else 200)


@login_required_2fa
def member_claim_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = access_member_claim(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        actions.withdraw_claim(claim=item, acting_user=request.user)
    except PermissionDenied:
        messages.error(request, _("Kravet er behandlet og kan ikke trækkes tilbage."))
    else:
        messages.success(request, _("Kravet er trukket tilbage."))
    return HttpResponseRedirect(reverse("money:member-claim", args=[item.pk]))


@login_required_2fa
def member_receipt(request: HttpRequest, pk: int, receipt_id: int) -> HttpResponseBase:
    item = access_member_claim(request, pk)
    receipt = get_object_or_404(Receipt, claim=item, pk=receipt_id)
    if not receipt.file:
        raise Http404
    return serve_receipt(receipt)
