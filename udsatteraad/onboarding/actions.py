"""Setting up councils and inviting people: each a keyword-only function in one transaction,
re-checking the rule it acts under (`acting_user`), so a crafted POST meets the page's rule."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from udsatteraad.councils.loader import CouncilLoadResult, load_council_file
from udsatteraad.councils.models import (
    Authority,
    Committee,
    Council,
    Membership,
    Organisation,
    Person,
    RulesOfProcedure,
    SeatGroup,
    Secretary,
    TermsOfReference,
    Venue,
)
from udsatteraad.lib import mail, site
from udsatteraad.policy.permissions import can_invite_members, can_set_up_councils
from udsatteraad.policy.roles import forget_roles

from . import tokens
from .models import Invitation, SetupEvent

# --- Councils ---------------------------------------------------------------------------------


def _require_setup(user: Any) -> None:
    if not can_set_up_councils(user):
        raise PermissionDenied(_("Kun platformadministratoren kan oprette råd."))


def create_from_file(*, text: str, filename: str, acting_user: Any) -> CouncilLoadResult:
    """Load a council file (the loader validates it and names line and field on errors:
    LoadError). All or nothing, like `manage.py load_council`."""
    _require_setup(acting_user)
    with transaction.atomic():
        result = load_council_file(filename or "rådsfil.yaml", text)
        SetupEvent.objects.create(kind=SetupEvent.Kind.COUNCIL_FROM_FILE, council=result.council,
                                  actor=acting_user, note=filename[:300])
    return result


def get_or_create_authority(*, existing: Authority | None, name: str, slug: str,
                            kind: str) -> Authority:
    """The chosen authority, or a new one with its assembly (the committee councils advise)."""
    if existing is not None:
        return existing
    authority = Authority.objects.create(name=name, slug=slug, kind=kind)
    Committee.objects.create(authority=authority, name=authority.assembly_name.capitalize(),
                             kind=Committee.Kind.ASSEMBLY)
    return authority


def _copy_fields(obj: models.Model, skip: set[str]) -> dict[str, Any]:
    """The concrete field values of a row, except its key and the fields in `skip`; so the
    rule fields the terms of reference gain later are copied too."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields
            if not f.primary_key and f.name not in skip}


def copy_council(*, source: Council, authority: Authority, name: str, slug: str,
                 acting_user: Any) -> Council:
    """A new council with the source's current terms of reference (as version 1), its seat
    groups and rules of procedure; in another authority, the organisations and venues the
    seat groups name are copied there (matched by slug). Nothing personal: no members,
    persons, terms, secretaries, meetings or contact details."""
    _require_setup(acting_user)
    with transaction.atomic():
        council = Council.objects.create(authority=authority, name=name, slug=slug)
        tor = source.current_terms() or source.terms_of_reference.order_by("-version").first()
        if tor is not None:
            new_tor = TermsOfReference.objects.create(
                council=council, version=1,
                **_copy_fields(tor, {"council", "version", "created", "modified"}))
            new_tor.target_groups.set(tor.target_groups.all())
            new_tor.focus_areas.set(tor.focus_areas.all())
            for group in tor.seat_groups.all():
                venue = group.venue and _same_in(authority, group.venue)
                new_group = SeatGroup.objects.create(
                    terms_of_reference=new_tor, venue=venue,
                    **_copy_fields(group, {"terms_of_reference", "venue"}))
                new_group.organisations.set(
                    [_same_in(authority, org) for org in group.organisations.all()])
        try:
            rules = source.rules_of_procedure
        except RulesOfProcedure.DoesNotExist:
            pass
        else:
            RulesOfProcedure.objects.create(
                council=council, **_copy_fields(rules, {"council", "modified"}))
        SetupEvent.objects.create(kind=SetupEvent.Kind.COUNCIL_COPIED, council=council,
                                  actor=acting_user, note=_("kopi af %(s)s") % {"s": source.slug})
    return council


def _same_in(authority: Authority, obj: Organisation | Venue) -> Any:
    """The organisation or venue itself within its own authority; elsewhere its copy there."""
    if obj.authority_id == authority.pk:
        return obj
    model = type(obj)
    found = model.objects.filter(authority=authority, slug=obj.slug).first()
    if found is not None:
        return found
    return model.objects.create(authority=authority,
                                **_copy_fields(obj, {"authority", "created", "modified"}))


def create_blank(*, authority: Authority, council_data: dict[str, Any],
                 tor_data: dict[str, Any], seat_group: dict[str, Any],
                 acting_user: Any) -> Council:
    """A council with a first terms-of-reference version and one seat group."""
    _require_setup(acting_user)
    with transaction.atomic():
        council = Council.objects.create(authority=authority, **council_data)
        tor = TermsOfReference(council=council, version=1, **tor_data)
        tor.full_clean()
        tor.save()
        SeatGroup.objects.create(terms_of_reference=tor, position=1, **seat_group)
        SetupEvent.objects.create(kind=SetupEvent.Kind.COUNCIL_BLANK, council=council,
                                  actor=acting_user)
    return council


# --- Invitations ------------------------------------------------------------------------------


def invite(*, council: Council, email: str, role: str, acting_user: Any, name: str = "",
           person: Person | None = None) -> Invitation:
    """Invite someone to the council by e-mail (secretaries: the platform administrator;
    members: the council's secretariat). An open invitation of the same person for the same
    council and role is replaced: its link stops working. The e-mail leaves after commit."""
    if role == Invitation.Role.SECRETARY:
        _require_setup(acting_user)
    elif not can_invite_members(acting_user, council):
        raise PermissionDenied(_("Du kan ikke invitere medlemmer til dette råd."))
    email = email.strip().lower()
    token = tokens.new_token()
    now = timezone.now()
    with transaction.atomic():
        Council.objects.select_for_update().filter(pk=council.pk).first()
        Invitation.objects.filter(council=council, role=role, email=email, used_at=None,
                                  replaced_at=None).update(replaced_at=now)
        invitation = Invitation.objects.create(
            council=council, role=role, email=email, name=name or (person.name if person else ""),
            person=person, token_hash=tokens.hash_token(token), invited_by=acting_user,
            created=now, expires_at=now + tokens.MAX_AGE)
        SetupEvent.objects.create(kind=SetupEvent.Kind.INVITED, council=council,
                                  actor=acting_user, email=email,
                                  note=invitation.get_role_display())
        url = site.root() + reverse("onboarding:accept", args=[token])
        mail.send_after_commit(lambda: [_invitation_mail(invitation, url)],
                               what=f"invitation {role} council {council.pk}")
    return invitation


def _invitation_mail(invitation: Invitation, url: str) -> EmailMultiAlternatives:
    ctx = {"invitation": invitation, "council": invitation.council, "url": url,
           "days": tokens.MAX_AGE.days,
           "two_factor": invitation.role == Invitation.Role.SECRETARY}
    # The councils' people are Danish: their mail is Danish, whoever sent it.
    with translation.override("da"):
        base = "onboarding/emails/invitation"
        subject = " ".join(render_to_string(f"{base}_subject.txt", ctx).split())
        message = EmailMultiAlternatives(subject, render_to_string(f"{base}.txt", ctx),
                                         to=[invitation.email])
        message.attach_alternative(render_to_string(f"{base}.html", ctx), "text/html")
    return message


def invitable_members(council: Council):
    """Current memberships whose person has an e-mail address and no login yet."""
    return (Membership.objects.current().filter(council=council, person__user=None)
            .exclude(person__email="").select_related("person").order_by("person__name"))


def invite_members(*, council: Council, memberships, acting_user: Any) -> int:
    """Invite each member (once per person) of the given memberships; how many were invited."""
    seen: set[int] = set()
    for m in memberships:
        if m.person_id in seen or not m.person.email or m.person.user_id:
            continue
        seen.add(m.person_id)
        invite(council=council, email=m.person.email, role=Invitation.Role.MEMBER,
               person=m.person, acting_user=acting_user)
    return len(seen)


class InvitationError(Exception):
    """The invitation can no longer be used (state: used, replaced, expired)."""

    def __init__(self, state: str):
        self.state = state
        super().__init__(state)


def find(token: str) -> Invitation:
    """The invitation a link names, or InvitationError("invalid"/"expired"/...)."""
    checked = tokens.check(token)
    if checked != tokens.Check.OK:
        raise InvitationError(checked.value)
    invitation = (Invitation.objects.select_related("council", "person")
                  .filter(token_hash=tokens.hash_token(token)).first())
    if invitation is None:
        raise InvitationError("invalid")
    if invitation.state != "open":
        raise InvitationError(invitation.state)
    return invitation


def existing_user(invitation: Invitation) -> Any:
    return get_user_model().objects.filter(email__iexact=invitation.email).first()


def accept(*, token: str, password: str | None) -> Any:
    """Use an invitation: create the login (with the chosen password) or reuse the one the
    address has, give it the role, and mark the link used. Returns the user."""
    with transaction.atomic():
        invitation = find(token)
        # Locked and read again: two clicks at once use the link once.
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.state != "open":
            raise InvitationError(invitation.state)
        user = existing_user(invitation)
        if user is None:
            if not password:
                raise InvitationError("invalid")
            user = get_user_model().objects.create_user(
                invitation.email, password, name=invitation.name)
        elif password and not user.has_usable_password():
            user.set_password(password)
            user.save(update_fields=["password"])
        council = invitation.council
        if invitation.role == Invitation.Role.SECRETARY:
            Secretary.objects.get_or_create(user=user, council=council)
        elif invitation.person is not None:
            person = Person.objects.select_for_update().get(pk=invitation.person.pk)
            if person.user_id is None and not Person.objects.filter(user=user).exists():
                person.user = user
                person.save(update_fields=["user"])
        invitation.used_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["used_at", "user"])
        SetupEvent.objects.create(kind=SetupEvent.Kind.ACCEPTED, council=council, actor=user,
                                  email=invitation.email, note=invitation.get_role_display())
    forget_roles(user)
    return user
