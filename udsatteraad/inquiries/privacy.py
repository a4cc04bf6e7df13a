"""Requests from a person about their data (GDPR articles 15, 17 and 20): find what the
council holds about them, export it as JSON, erase or anonymise it.

A citizen is found by the e-mail address, phone number or name on their inquiries; a council
member by their Person row (name, e-mail, phone) through a membership of the council.
Published minutes keep the names they were published with (they are a public record and are
stored as snapshots); everything else goes: the inquiries' personal data, the member's
contact data and, once they hold no seat any more, their name.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council, Membership, Person
from udsatteraad.policy.permissions import can_handle_person_data

from . import actions
from .models import Inquiry


def find_inquiries(council: Council, q: str):
    q = q.strip()
    return Inquiry.objects.filter(council=council).not_erased().filter(
        Q(contact__iexact=q) | Q(sender_name__iexact=q)).order_by("received")


def find_persons(council: Council, q: str):
    q = q.strip()
    return Person.objects.filter(
        Q(email__iexact=q) | Q(phone=q) | Q(name__iexact=q),
        memberships__council=council,
    ).distinct().order_by("name")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export(council: Council, q: str) -> dict[str, Any]:
    """Everything the council holds about the person, as JSON-ready data."""
    inquiries = [{
        "id": i.pk, "modtaget": _iso(i.received), "kanal": i.get_channel_display(),
        "emne": i.get_topic_display(), "navn": i.sender_name, "kontakt": i.contact,
        "besked": i.message, "må_citeres": i.consent_to_quote, "status": i.get_status_display(),
        "svar": i.reply, "besvaret": _iso(i.answered_at), "lukket": _iso(i.closed_at),
    } for i in find_inquiries(council, q)]
    persons = [{
        "id": p.pk, "navn": p.name, "e-mail": p.email, "telefon": p.phone,
        "medlemskaber": [{
            "råd": m.council.name, "plads": m.seat_group.name, "periode": m.term.name,
            "rolle": m.get_role_display(), "start": _iso(m.start), "slut": _iso(m.end),
        } for m in Membership.objects.filter(person=p).select_related(
            "council", "seat_group", "term").order_by("start")],
    } for p in find_persons(council, q)]
    return {"råd": council.name, "søgning": q, "udtrukket": _iso(timezone.now()),
            "henvendelser": inquiries, "personer": persons}


def erase_citizen(council: Council, q: str, *, acting_user: Any) -> int:
    """Erase the personal data of every inquiry matching the search; returns how many."""
    if not can_handle_person_data(acting_user, council):
        raise PermissionDenied(_("Kun rådets sekretariat kan slette persondata."))
    found = list(find_inquiries(council, q))
    for inquiry in found:
        actions.erase(inquiry=inquiry, acting_user=acting_user)
    return len(found)


class CannotErase(Exception):
    """The message is for the user."""


def erase_person(council: Council, person: Person, *, acting_user: Any) -> bool:
    """Erase a member's contact data, in the row and its history; anonymise the name when they
    hold no current seat. Returns whether the name was anonymised. A person who also sits in a
    council the user does not serve is left alone (that secretariat decides too)."""
    councils = Council.objects.filter(memberships__person=person).distinct()
    if not councils.filter(pk=council.pk).exists():
        raise CannotErase(_("Personen er ikke knyttet til dette råd."))
    for other in councils:
        if not can_handle_person_data(acting_user, other):
            raise CannotErase(
                _("Personen er også medlem af %(council)s. Det råds sekretariat skal slette "
                  "oplysningerne dér.") % {"council": other.name})
    today = timezone.localdate()
    seated = Membership.objects.filter(person=person).active_on(today).exists()
    fields: dict[str, Any] = {"email": "", "phone": ""}
    if not seated:
        fields["name"] = _("Tidligere medlem (anonymiseret)")
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        Person.history.filter(id=locked.pk).update(**fields)  # type: ignore[attr-defined]
        for field, value in fields.items():
            setattr(locked, field, value)
        locked.skip_history_when_saving = True  # type: ignore[attr-defined]
        locked.save(update_fields=[*fields, "modified"])
        if not seated and locked.user_id is not None:
            _close_login(locked)
    return not seated


def _close_login(person: Person) -> None:
    """A former member's login holds their name and e-mail too: it is closed and blanked,
    unless the user still has another role (a secretary, an administrator), which keeps it."""
    assert person.user_id is not None
    from django.contrib.auth import get_user_model
    from django_otp import devices_for_user

    user = get_user_model().objects.select_for_update().get(pk=person.user_id)
    if user.is_staff or user.is_superuser or user.secretary_roles.exists():
        return
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    user.email = f"slettet-{user.pk}@invalid.invalid"
    user.name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "name", "is_active", "password"])
    person.user = None
    person.save(update_fields=["user"])
