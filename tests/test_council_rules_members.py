"""Council rules about who sits (issue #12, councils/rules.py): substitutes that take no seat
(roster and personal deputies), seat ranges, minimum shares, appointing bodies, chair rules,
terms and eligibility; through the models and through the secretariat's screens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

D = dt.date


def person(name: str):
    from udsatteraad.councils.models import Person

    return Person.objects.create(name=name)


def membership(world, group, name: str = "Sofie Opdigtsen", **extra):
    from udsatteraad.councils.models import Membership

    values = {"council": world.council, "person": person(name), "seat_group": group,
              "term": world.term, "start": world.term.start}
    if group.kind == "organisation":
        values["nominated_by"] = group.organisations.first()
    values.update(extra)
    return Membership(**values)


def errors(m) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as e:
        m.full_clean()
    return e.value.message_dict


def allow_substitutes(world, group, mode: str, limit: int | None = None) -> None:
    world.tor.substitutes_allowed = True
    world.tor.save()
    group.substitutes, group.substitutes_max = mode, limit
    group.save()


# Substitutes ---------------------------------------------------------------------------------


def test_substitute_takes_no_seat(world):
    """The Red Cross seat is full; its substitute is accepted all the same."""
    allow_substitutes(world, world.red_cross_group, "roster")
    sub = membership(world, world.red_cross_group, is_substitute=True, substitute_rank=1)
    sub.full_clean()
    sub.save()
    # ...and a substitute does not block the seat for an ordinary member either.
    world.member_membership.delete()
    membership(world, world.red_cross_group, "Bent Fiktivsen").full_clean()


def test_substitutes_refused_by_the_terms(world):
    m = membership(world, world.blue_cross_group, is_substitute=True)
    assert errors(m) == {"is_substitute": ["Kommissoriet giver ikke mulighed for suppleanter."]}


def test_seat_group_without_substitutes(world):
    allow_substitutes(world, world.user_group, "none")
    m = membership(world, world.user_group, is_substitute=True)
    assert errors(m) == {"is_substitute": [
        "Pladsgruppen »Brugerrepræsentant, Café Test« har ingen suppleanter."]}


def test_roster_limit_and_ranks(world):
    allow_substitutes(world, world.assembly_group, "roster", limit=2)
    membership(world, world.assembly_group, "Sup Et", is_substitute=True,
               substitute_rank=1).save()
    same_rank = membership(world, world.assembly_group, "Sup To", is_substitute=True,
                           substitute_rank=1)
    assert errors(same_rank) == {"substitute_rank": [
        "Sup Et er allerede 1. suppleant i »Udpeget af regionsrådet«."]}
    membership(world, world.assembly_group, "Sup To", is_substitute=True,
               substitute_rank=2).save()
    third = membership(world, world.assembly_group, "Sup Tre", is_substitute=True,
                       substitute_rank=3)
    assert errors(third) == {"is_substitute": [
        "»Udpeget af regionsrådet« har højst 2 suppleanter ad gangen, og de er udpeget i "
        "perioden."]}


def test_roster_substitute_is_not_personal(world):
    allow_substitutes(world, world.red_cross_group, "roster")
    m = membership(world, world.red_cross_group, is_substitute=True,
                   deputy_for=world.member_membership)
    assert "deputy_for" in errors(m)


def test_personal_deputy(world):
    allow_substitutes(world, world.red_cross_group, "personal")
    missing = membership(world, world.red_cross_group, is_substitute=True)
    assert errors(missing) == {"deputy_for": [
        "Angiv det medlem, suppleanten er personlig suppleant for."]}
    wrong_group = membership(world, world.red_cross_group, is_substitute=True,
                             deputy_for=world.chair_membership)
    assert errors(wrong_group) == {"deputy_for": [
        "Suppleanten skal være personlig suppleant for et medlem af »Røde Kors« i samme "
        "periode."]}
    deputy = membership(world, world.red_cross_group, "Dorte Stedfortræder", is_substitute=True,
                        deputy_for=world.member_membership)
    deputy.full_clean()
    deputy.save()
    second = membership(world, world.red_cross_group, "Bent Fiktivsen", is_substitute=True,
                        deputy_for=world.member_membership)
    assert errors(second) == {"deputy_for": [
        "Medlem Mads Påhit har allerede en personlig suppleant: Dorte Stedfortræder."]}


def test_deputy_of_a_substitute_is_refused(world):
    allow_substitutes(world, world.red_cross_group, "personal")
    deputy = membership(world, world.red_cross_group, "Dorte Stedfortræder", is_substitute=True,
                        deputy_for=world.member_membership)
    deputy.save()
    m = membership(world, world.red_cross_group, is_substitute=True, deputy_for=deputy)
    assert "deputy_for" in errors(m)


def test_ordinary_member_has_no_deputy_fields(world):
    m = membership(world, world.user_group, substitute_rank=1,
                   deputy_for=world.member_membership)
    assert set(errors(m)) == {"substitute_rank", "deputy_for"}


def test_substitute_cannot_chair(world):
    allow_substitutes(world, world.assembly_group, "roster")
    world.chair_membership.delete()
    m = membership(world, world.assembly_group, is_substitute=True, role="chair")
    assert errors(m) == {"role": ["En suppleant kan ikke være formand eller næstformand."]}


# Helpers for the screens ---------------------------------------------------------------------


def url(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(name, args=["testraad", *args])


def post_data(form, **changes) -> dict:
    """What a browser posts for an unbound form as shown, with `changes`."""
    from django import forms

    data: dict = {}
    for bf in form:
        value = bf.value()
        widget = bf.field.widget
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bf.name] = "on"
        elif isinstance(widget, forms.NullBooleanSelect):
            data[bf.name] = {True: "true", False: "false"}.get(value, "unknown")
        elif isinstance(value, (list, tuple)):
            data[bf.name] = [str(v) for v in value]
        else:
            data[bf.name] = "" if value is None else str(value)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def tor_post(world, **changes) -> dict:
    from udsatteraad.councils.forms import TermsForm

    return post_data(TermsForm(instance=world.tor), **changes)


def set_tor(world, **values) -> None:
    from udsatteraad.councils.models import TermsOfReference

    TermsOfReference.objects.filter(pk=world.tor.pk).update(**values)
    world.tor.refresh_from_db()


# Seat ranges and minimum shares ---------------------------------------------------------------


def test_seats_below_minimum_warn_on_overview_and_members_page(secretary_client, world):
    from udsatteraad.councils.models import SeatGroup

    SeatGroup.objects.filter(pk=world.assembly_group.pk).update(seats_min=2, seats=3)
    world.assembly_group.refresh_from_db()
    for name in ("councils:overview", "councils:members"):
        page = secretary_client.get(url(name)).text
        assert "»Udpeget af regionsrådet« skal have mindst 2 medlemmer; 1 er udpeget." in page
    # A second member fills the range: no warning, and a third is still allowed (max 3).
    membership(world, world.assembly_group, "Bent Fiktivsen").save()
    assert "skal have mindst" not in secretary_client.get(url("councils:members")).text
    membership(world, world.assembly_group, "Carla Digtsen").full_clean()


def test_seat_group_form_edits_every_rule(secretary_client, world):
    from udsatteraad.councils.models import SeatGroup

    response = secretary_client.post(url("councils:seat-group-new", 1), {
        "name": "Brugere fra Handicaprådet", "kind": "user", "seats_min": "3", "seats": "5",
        "appointed_by": "other_council", "appointed_by_name": "Handicaprådet",
        "substitutes": "personal", "eligibility_service_user": "on", "position": "6",
    })
    assert response.status_code == 302
    g = SeatGroup.objects.get(name="Brugere fra Handicaprådet")
    assert (g.seats_min, g.seats, g.appointed_by, g.appointed_by_name, g.substitutes,
            g.eligibility_service_user) == (3, 5, "other_council", "Handicaprådet",
                                            "personal", True)
    page = secretary_client.get(url("councils:terms-edit", 1)).text
    assert "3–5" in page and "Handicaprådet" in page


def test_seat_group_form_errors_keep_input(secretary_client, world):
    response = secretary_client.post(url("councils:seat-group-new", 1), {
        "name": "Navnet huskes", "kind": "user", "seats_min": "6", "seats": "5",
        "substitutes": "personal", "substitutes_max": "2", "appointed_by_name": "Nogen",
    })
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["seats_min"] == ["Mindste antal pladser kan ikke være større end det største."]
    assert "substitutes_max" in errors and "appointed_by" in errors
    assert "Navnet huskes" in response.text


def test_minimum_share_checked_when_seat_groups_are_saved(secretary_client, world):
    """More than a third users: 1 user seat of 5 is too few."""
    from udsatteraad.councils.models import SeatGroup

    set_tor(world, min_share_kind="user", min_share_numerator=1, min_share_denominator=3,
            min_share_strict=True)
    response = secretary_client.post(url("councils:seat-group-new", 1), {
        "name": "Flere politikere", "kind": "assembly", "seats": "1", "substitutes": "none",
        "position": "7",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == [
        "Kommissoriet kræver, at mere end en tredjedel af pladserne er af typen "
        "»Brugerrepræsentant«; her er det 1 af 6."]
    assert not SeatGroup.objects.filter(name="Flere politikere").exists()
    # Adding user seats is always allowed, and then the share is met.
    response = secretary_client.post(url("councils:seat-group-new", 1), {
        "name": "Flere brugere", "kind": "user", "seats": "2", "substitutes": "none",
        "position": "7",
    })
    assert response.status_code == 302
    # Now 3 of 7 are users (more than a third); making the new seats staff seats is refused.
    group = SeatGroup.objects.get(name="Flere brugere")
    response = secretary_client.post(url("councils:seat-group-edit", group.pk), {
        "name": "Flere brugere", "kind": "staff", "seats": "2", "substitutes": "none",
        "position": "7",
    })
    assert response.context["form"].errors["seats"] == [
        "Kommissoriet kræver, at mere end en tredjedel af pladserne er af typen "
        "»Brugerrepræsentant«; her er det 1 af 7."]
    assert SeatGroup.objects.get(pk=group.pk).kind == "user"


def test_minimum_share_checked_when_the_terms_are_saved(secretary_client, world):
    response = secretary_client.post(url("councils:terms-edit", 1), tor_post(
        world, min_share_kind="user", min_share_numerator="1", min_share_denominator="2",
        purpose="Formålet huskes"))
    assert response.status_code == 200
    assert response.context["form"].errors["min_share_kind"] == [
        "Kommissoriet kræver, at mindst halvdelen af pladserne er af typen "
        "»Brugerrepræsentant«; her er det 1 af 5."]
    assert "Formålet huskes" in response.text
    response = secretary_client.post(url("councils:terms-edit", 1), tor_post(
        world, min_share_numerator="1"))
    assert response.context["form"].errors["min_share_denominator"]


def test_filled_share_warns_on_members_page(secretary_client, world):
    """The defined seats meet "at least a fifth users", the filled ones (0 of 2) do not."""
    set_tor(world, min_share_kind="user", min_share_numerator=1, min_share_denominator=5)
    page = secretary_client.get(url("councils:members")).text
    assert ("Kommissoriet kræver, at mindst en femtedel af de besatte pladser er af typen "
            "»Brugerrepræsentant«; her er det 0 af 2.") in page
    membership(world, world.user_group).save()
    assert "af de besatte pladser" not in secretary_client.get(url("councils:members")).text


# Appointing bodies -----------------------------------------------------------------------------


def test_appointing_body_on_members_page_and_public_page(secretary_client, anon, world):
    from udsatteraad.councils.models import SeatGroup

    SeatGroup.objects.filter(pk=world.user_group.pk).update(
        appointed_by="election", appointed_by_name="")
    SeatGroup.objects.filter(pk=world.assembly_group.pk).update(
        appointed_by="committee", appointed_by_name="Social- og Sundhedsudvalget")
    page = secretary_client.get(url("councils:members")).text
    assert "Udpeges af: Social- og Sundhedsudvalget" in page
    assert "Udpeges af: Valg blandt brugerne" in page
    public = anon.get(world.council.get_absolute_url()).text
    assert "Udpeges af Social- og Sundhedsudvalget" in public
    assert "Udpeges af Valg blandt brugerne" in public


# Chairs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule, message", [
    ("none", "Kommissoriet giver ikke rådet en formand."),
    ("rotating", "Rådet har ingen fast formand: mødelederen vælges fra møde til møde "
                 "(kommissoriet)."),
])
def test_councils_without_a_fixed_chair(anon, world, rule, message):
    world.chair_membership.role = "member"
    world.chair_membership.save()
    set_tor(world, chair_rule=rule)
    m = membership(world, world.assembly_group, role="chair")
    assert errors(m) == {"role": [message]}
    public = anon.get(world.council.get_absolute_url()).text
    assert "<dt>Formand</dt>" not in public and "Ikke valgt endnu" not in public
    assert ("Rådet har ingen formand." if rule == "none"
            else "Rådet vælger en mødeleder til hvert møde.") in public


def test_assembly_appoints_the_chair_among_any_members(anon, world):
    world.chair_membership.role = "member"
    world.chair_membership.save()
    set_tor(world, chair_rule="assembly_appoints")
    membership(world, world.user_group, role="chair").full_clean()
    public = anon.get(world.council.get_absolute_url()).text
    assert "Det er regionsrådet, der udpeger formanden blandt rådets medlemmer." in public


# Terms ---------------------------------------------------------------------------------------


def test_fixed_years_give_a_new_terms_default_dates(secretary_client, world):
    set_tor(world, term_basis="fixed_years", term_years=2)
    form = secretary_client.get(url("councils:term-new")).context["form"]
    assert (form.initial["start"], form.initial["end"]) == (D(2030, 1, 1), D(2031, 12, 31))
    set_tor(world, term_basis="election_period")
    form = secretary_client.get(url("councils:term-new")).context["form"]
    assert form.initial["start"] is None


def test_terms_form_needs_term_years_for_fixed_years(secretary_client, world):
    response = secretary_client.post(url("councils:terms-edit", 1), tor_post(
        world, term_basis="fixed_years", term_years=""))
    assert response.context["form"].errors["term_years"] == ["Angiv periodens længde i år."]


def old_term(world, name: str = "2022-2025", years: tuple[int, int] = (2022, 2025)):
    from udsatteraad.councils.models import Term

    return Term.objects.create(council=world.council, name=name, start=D(years[0], 1, 1),
                               end=D(years[1], 12, 31))


def test_max_consecutive_terms(world):
    from udsatteraad.councils.models import Membership

    set_tor(world, max_consecutive_terms=2)
    earlier, before = old_term(world), old_term(world, "2018-2021", (2018, 2021))
    p = world.member_membership.person
    Membership.objects.create(council=world.council, person=p, seat_group=world.red_cross_group,
                              term=earlier, start=earlier.start, nominated_by=world.red_cross)
    third = Membership(council=world.council, person=p, seat_group=world.red_cross_group,
                       term=before, start=before.start, nominated_by=world.red_cross)
    assert errors(third) == {"term": [
        "Medlem Mads Påhit ville med dette medlemskab sidde mere end 2 perioder i træk; det "
        "tillader kommissoriet ikke."]}
    # As a substitute the earlier term does not count as a seat.
    set_tor(world, substitutes_allowed=True)
    third.is_substitute = True
    third.full_clean()


def test_serve_until_successor_is_shown(secretary_client, anon, world):
    from udsatteraad.councils.models import Membership, Person

    set_tor(world, serve_until_successor=True)
    earlier = old_term(world)
    Membership.objects.filter(pk=world.member_membership.pk).update(term=earlier,
                                                                   start=earlier.start)
    # The Røde Kors seat has no successor yet: the old member continues.
    page = secretary_client.get(url("councils:members")).text
    assert "Medlem Mads Påhit" in page and "fortsætter, til efterfølgeren er udpeget" in page
    public = anon.get(world.council.get_absolute_url()).text
    assert "Medlem Mads Påhit" in public and "fortsætter, til efterfølgeren er udpeget" in public
    assert "Et medlem bliver siddende, til der er valgt en ny." in public
    # A successor's membership begins: the old member is no longer listed.
    Membership.objects.create(
        council=world.council, person=Person.objects.create(name="Ny Efterfølgersen"),
        seat_group=world.red_cross_group, term=world.term, start=world.term.start,
        nominated_by=world.red_cross)
    public = anon.get(world.council.get_absolute_url()).text
    assert "Ny Efterfølgersen" in public and "Medlem Mads Påhit" not in public
    # Without the rule the ended member is not shown at all.
    Membership.objects.filter(person__name="Ny Efterfølgersen").delete()
    set_tor(world, serve_until_successor=None)
    assert "Medlem Mads Påhit" not in anon.get(world.council.get_absolute_url()).text


def test_continuing_chair_keeps_the_seat_not_the_office(anon, world):
    """Under "serve until a successor", last term's chair who still sits is shown as a member
    once the new term has its own chair: the page never names two chairs."""
    from udsatteraad.councils.models import Membership

    set_tor(world, serve_until_successor=True)
    earlier = old_term(world)
    Membership.objects.filter(pk=world.member_membership.pk).update(
        term=earlier, start=earlier.start, role=Membership.Role.CHAIR)
    page = anon.get(world.council.get_absolute_url()).text
    assert "Medlem Mads Påhit" in page and "fortsætter, til efterfølgeren er udpeget" in page
    assert page.count('<span class="badge">Formand</span>') == 1
    chair_line = page.split("Formand</dt>", 1)[1].split("</dd>", 1)[0]
    assert "Formand Frida Fiktiv" in chair_line and "Mads" not in chair_line
    # Without a chair in the new term, the continuing chair is still the chair.
    Membership.objects.filter(pk=world.chair_membership.pk).update(role=Membership.Role.MEMBER)
    page = anon.get(world.council.get_absolute_url()).text
    chair_line = page.split("Formand</dt>", 1)[1].split("</dd>", 1)[0]
    assert "Medlem Mads Påhit" in chair_line


# Eligibility ---------------------------------------------------------------------------------


def test_eligibility_requirements_and_check(world):
    from udsatteraad.councils import rules

    set_tor(world, eligibility_min_age=18, eligibility_area="residence_or_work",
            eligibility_area_name="Ishøj Kommune")
    world.user_group.eligibility_service_user = True
    assert rules.eligibility_requirements(world.tor, world.user_group) == [
        (rules.ELIGIBILITY_AGE, "Er fyldt 18 år"),
        (rules.ELIGIBILITY_AREA, "Bor eller arbejder i Ishøj Kommune"),
        (rules.ELIGIBILITY_SERVICE_USER, "Er bruger eller tidligere bruger af et tilbud"),
    ]
    assert [c for c, _ in rules.eligibility_requirements(world.tor, world.assembly_group)] == [
        rules.ELIGIBILITY_AGE, rules.ELIGIBILITY_AREA]
    assert rules.check_eligibility(world.tor, world.user_group, ["age"]) == [
        "Bekræft, at personen opfylder kravet: »Bor eller arbejder i Ishøj Kommune« "
        "(kommissoriet).",
        "Bekræft, at personen opfylder kravet: »Er bruger eller tidligere bruger af et "
        "tilbud« (kommissoriet)."]
    assert rules.check_eligibility(world.tor, world.user_group,
                                   ["age", "area", "service_user"]) == []


def new_member_post(world, **changes) -> dict:
    data = {"new_name": "Karla Eksempelsen", "seat_group": world.user_group.pk,
            "role": "member", "term": world.term.pk, "start": "2026-03-01"}
    data.update(changes)
    return data


def test_membership_form_asks_for_each_eligibility_confirmation(secretary_client, world):
    from udsatteraad.councils.models import Membership

    set_tor(world, eligibility_min_age=18, eligibility_area="residence_or_work",
            eligibility_area_name="Ishøj Kommune")
    world.user_group.eligibility_service_user = True
    world.user_group.save()
    page = secretary_client.get(url("councils:member-new")).text
    for label in ("Er fyldt 18 år", "Bor eller arbejder i Ishøj Kommune",
                  "Er bruger eller tidligere bruger af et tilbud"):
        assert label in page
    response = secretary_client.post(url("councils:member-new"), new_member_post(
        world, eligibility_confirmed=["age"]))
    assert response.status_code == 200
    assert len(response.context["form"].errors["eligibility_confirmed"]) == 2
    assert "Karla Eksempelsen" in response.text  # nothing typed is lost
    assert not Membership.objects.filter(person__name="Karla Eksempelsen").exists()
    response = secretary_client.post(url("councils:member-new"), new_member_post(
        world, eligibility_confirmed=["age", "area", "service_user"]))
    assert response.status_code == 302
    m = Membership.objects.get(person__name="Karla Eksempelsen")
    assert m.eligibility_confirmed == ["age", "area", "service_user"]
    # A seat without the service-user rule needs only the council-wide confirmations.
    response = secretary_client.post(url("councils:member-new"), new_member_post(
        world, new_name="Bent Fiktivsen", seat_group=world.blue_cross_group.pk,
        nominated_by=world.blue_cross.pk, eligibility_confirmed=["age", "area"]))
    assert response.status_code == 302


def test_replacement_needs_the_eligibility_confirmations(secretary_client, world):
    from udsatteraad.councils.models import Membership

    set_tor(world, eligibility_min_age=18)
    target = url("councils:member-replace", world.member_membership.pk)
    data = {"new_name": "Ny Erstatsen", "start": "2027-01-01", "reason": "replaced",
            "nominated_by": world.red_cross.pk}
    response = secretary_client.post(target, data)
    assert response.status_code == 200
    assert response.context["form"].errors["eligibility_confirmed"] == [
        "Bekræft, at personen opfylder kravet: »Er fyldt 18 år« (kommissoriet)."]
    response = secretary_client.post(target, {**data, "eligibility_confirmed": ["age"]})
    assert response.status_code == 302
    assert Membership.objects.get(person__name="Ny Erstatsen").eligibility_confirmed == ["age"]


# Substitutes through the screens ---------------------------------------------------------------


def test_secretariat_adds_a_personal_deputy(secretary_client, anon, world):
    from udsatteraad.councils.models import Membership

    allow_substitutes(world, world.red_cross_group, "personal")
    page = secretary_client.get(url("councils:member-new")).text
    assert 'name="deputy_for"' in page and 'name="substitute_rank"' in page
    data = new_member_post(world, new_name="Dorte Stedfortræder",
                           seat_group=world.red_cross_group.pk,
                           nominated_by=world.red_cross.pk, is_substitute="on")
    response = secretary_client.post(url("councils:member-new"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["deputy_for"] == [
        "Angiv det medlem, suppleanten er personlig suppleant for."]
    response = secretary_client.post(url("councils:member-new"), {
        **data, "deputy_for": world.member_membership.pk})
    assert response.status_code == 302
    deputy = Membership.objects.get(person__name="Dorte Stedfortræder")
    assert deputy.deputy_for == world.member_membership
    page = secretary_client.get(url("councils:members")).text
    assert "Personlig suppleant for Medlem Mads Påhit" in page
    # The public page lists substitutes apart from the members, and the seat stays counted
    # as held by the member alone.
    public = anon.get(world.council.get_absolute_url()).text
    members_part, substitutes_part = public.split("<h3>Suppleanter</h3>")
    assert "Dorte Stedfortræder" in substitutes_part.split("</ul>")[0]
    assert "Dorte Stedfortræder" not in members_part
    assert "personlig suppleant for Medlem Mads Påhit" in substitutes_part


def test_roster_substitute_rank_on_the_screens(secretary_client, world):
    allow_substitutes(world, world.assembly_group, "roster", limit=1)
    data = new_member_post(world, new_name="Sup Et", seat_group=world.assembly_group.pk,
                           is_substitute="on", substitute_rank="1")
    assert secretary_client.post(url("councils:member-new"), data).status_code == 302
    response = secretary_client.post(url("councils:member-new"), {
        **data, "new_name": "Sup To", "substitute_rank": "2"})
    assert response.status_code == 200
    assert response.context["form"].errors["is_substitute"] == [
        "»Udpeget af regionsrådet« har højst 1 suppleant ad gangen, og de er udpeget i "
        "perioden."]
    page = secretary_client.get(url("councils:members")).text
    assert "1. suppleant" in page
    # The overview counts ordinary members only: 1 of 2 assembly seats is filled.
    overview = secretary_client.get(url("councils:overview"))
    groups = {g.name: g.filled for g in overview.context["groups"]}
    assert groups["Udpeget af regionsrådet"] == 1

