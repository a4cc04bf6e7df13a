"""Demo set-up records (`manage.py load_demo`): the seed councils as loaded from their council
files by the platform administrator, and an open invitation of an obviously fictitious new
secretary for Randers (its link was never mailed: the demo shows the list, not a working link).
Members of Randers with an e-mail and no login get the "Invitér" button on the members page.
Idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from udsatteraad.councils.models import Council

from . import tokens
from .models import Invitation, SetupEvent

NEW_SECRETARY = ("nanna.opdigtet@randers.example", "Ny Sekretær Nanna Opdigtet")


def load(*, admin_email: str, councils: list[Council]) -> None:
    admin = get_user_model().objects.get(email=admin_email)
    for council in councils:
        SetupEvent.objects.get_or_create(
            kind=SetupEvent.Kind.COUNCIL_FROM_FILE, council=council,
            defaults={"actor": admin, "note": f"demo/councils ({council.slug})"})
    randers = next((c for c in councils if c.slug == "randers"), None)
    if randers is None:
        return
    email, name = NEW_SECRETARY
    if Invitation.objects.filter(council=randers, email=email).exists():
        return
    now = timezone.now()
    Invitation.objects.create(
        council=randers, role=Invitation.Role.SECRETARY, email=email, name=name,
        token_hash=tokens.hash_token(tokens.new_token()), invited_by=admin, created=now,
        expires_at=now + tokens.MAX_AGE)
    SetupEvent.objects.create(kind=SetupEvent.Kind.INVITED, council=randers, actor=admin,
                              email=email, note=str(Invitation.Role.SECRETARY.label))
