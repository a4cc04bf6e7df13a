"""Secretariat: the composition page, adding, editing, ending and replacing memberships. The
rules come from the terms of reference (rules.py); their Danish messages must appear next to
the field and the input must be kept."""

import datetime as dt

import pytest

from udsatteraad.councils.models import Membership, Person, SeatGroup

URL = "/sekretariat/testraad/medlemmer/"


def new_member(world, **changes):
    data = {
        "new_name": "Karla Eksempelsen", "new_email": "karla@example.org",
        "new_phone": "11223344", "seat_group": world.blue_cross_group.pk, "role": "member",
        "term": world.term.pk, "nominated_by": world.blue_cross.pk, "start": "2026-03-01",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_composition_groups_current_and_past(secretary_client, world):
    past = Person.objects.create(name="Mads Påhitsen", email="mads@example.org")
    Membership.objects.create(
        council=world.council, person=past, seat_group=world.assembly_group, term=world.term,
        start=dt.date(2026, 1, 1), end=dt.date(2026, 2, 1), end_reason="resigned",
    )
    response = secretary_client.get(URL)
    text = response.text
    assert "Udpeget af regionsrådet" in text and "Brugerrepræsentant, Café Test" in text
    assert "Formand Frida Fiktiv" in text and "Formand</td>" in text
    assert "Røde Kors</td>" in text  # nominated by
    assert "12345678" in text and "medlem@testregion.example" in text  # contact data
    assert "Mads Påhitsen" in text and "tidligere" in text and "Udtrådt efter eget ønske" in text
    assert text.count('class="vacant"') == 3  # assembly 1, Blå Kors 1, Café 1


def test_composition_query_count_is_bounded(secretary_client, world, django_assert_max_num_queries):
    SeatGroup.objects.filter(pk=world.user_group.pk).update(seats=30)
    for i in range(25):
        person = Person.objects.create(name=f"Bruger {i} Påhitsen", email=f"b{i}@example.org")
        Membership.objects.create(council=world.council, person=person,
                                  seat_group=world.user_group, term=world.term,
                                  start=world.term.start)
    # +3: the task counts in the menu (a fixed number of queries, workspace/tasks.py).
    # +4: inquiries, hearings and easy-read in the menu's count (workspace/providers.py).
    # +2: money: claims and per-diems to approve in the menu's count.
    # +4: the task providers of the annual plan, the term change, imports and money (fixed).
    with django_assert_max_num_queries(29):
        response = secretary_client.get(URL)
    # Name, two link labels and the invitation button's label per row (issue 16).
    assert response.text.count("Påhitsen") == 25 * 4


def test_add_member_with_new_person(secretary_client, world):
    response = secretary_client.post(URL + "ny/", new_member(world))
    assert response["Location"] == URL
    m = Membership.objects.get(person__name="Karla Eksempelsen")
    assert (m.seat_group, m.nominated_by, m.start) == (world.blue_cross_group, world.blue_cross,
                                                       dt.date(2026, 3, 1))
    assert (m.person.email, m.person.phone) == ("karla@example.org", "11223344")


def test_add_member_with_existing_person(secretary_client, world):
    # The member leaves the Røde Kors seat and takes the Blå Kors seat afterwards.
    Membership.objects.filter(pk=world.member_membership.pk).update(
        end=dt.date(2026, 2, 28), end_reason="left_organisation")
    person = world.member_membership.person
    response = secretary_client.post(URL + "ny/", new_member(world, new_name="", new_email="",
                                                             new_phone="", person=person.pk))
    assert response.status_code == 302
    assert person.memberships.count() == 2
    assert not Person.objects.filter(name="Karla Eksempelsen").exists()


def test_person_required_and_not_both(secretary_client, world):
    response = secretary_client.post(URL + "ny/", new_member(world, new_name=""))
    assert response.context["form"].errors["person"]
    response = secretary_client.post(URL + "ny/", new_member(
        world, person=world.member_membership.person_id))
    assert response.context["form"].errors["new_name"]
    assert not Person.objects.filter(name="Karla Eksempelsen").exists()


@pytest.mark.parametrize("changes, field, message", [
    ({"seat_group": "red_cross_group", "nominated_by": "red_cross"}, "seat_group",
     "Alle 1 pladser i »Røde Kors« er besat i perioden."),
    ({"role": "chair", "start": "2026-01-01"}, "role",
     "Formanden udpeges blandt medlemmerne fra regionsrådet (kommissoriet)."),
    ({"role": "vice_chair", "seat_group": "assembly_group", "nominated_by": ""}, "role",
     "Næstformanden vælges blandt de øvrige medlemmer, ikke blandt politikerne (kommissoriet)."),
    ({"is_substitute": "on"}, "is_substitute", "Kommissoriet giver ikke mulighed for suppleanter."),
    ({"start": "2030-02-01"}, "start", "Startdatoen skal ligge i perioden 2026-2029"),
    ({"end": "2030-06-30", "end_reason": "resigned"}, "end",
     "Medlemskabet kan ikke vare længere end perioden"),
    ({"nominated_by": "red_cross"}, "nominated_by",
     "Pladsen besættes efter indstilling fra Blå Kors."),
])
def test_rule_errors_next_to_field_and_input_kept(secretary_client, world, changes, field,
                                                   message):
    changes = {k: (getattr(world, v).pk if k in ("seat_group", "nominated_by") and v else v)
               for k, v in changes.items()}
    response = secretary_client.post(URL + "ny/", new_member(world, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in e for e in errors[field]), errors
    assert message.split("»")[0] in response.text  # shown on the page, next to the field
    assert 'value="Karla Eksempelsen"' in response.text and "karla@example.org" in response.text
    assert not Person.objects.filter(name="Karla Eksempelsen").exists()
    assert Membership.objects.filter(council=world.council).count() == 2


def test_overlapping_person_is_refused(secretary_client, world):
    response = secretary_client.post(URL + "ny/", new_member(
        world, new_name="", new_email="", new_phone="", person=world.chair_membership.person_id))
    errors = response.context["form"].errors["person"]
    assert "Formand Frida Fiktiv er allerede medlem af rådet" in errors[0]
    assert world.chair_membership.person.memberships.count() == 1


def test_second_chair_is_refused(secretary_client, world):
    response = secretary_client.post(URL + "ny/", new_member(
        world, seat_group=world.assembly_group.pk, nominated_by="", role="chair"))
    assert "Rådet har allerede en formand i perioden: Formand Frida Fiktiv." in \
        response.context["form"].errors["role"]


def test_vice_chair_among_others_is_accepted(secretary_client, world):
    response = secretary_client.post(URL + "ny/", new_member(world, role="vice_chair"))
    assert response.status_code == 302
    assert Membership.objects.get(role="vice_chair").person.name == "Karla Eksempelsen"


def edit_post(m, **changes):
    data = {
        "person-name": m.person.name, "person-email": m.person.email,
        "person-phone": m.person.phone, "seat_group": m.seat_group_id, "role": m.role,
        "term": m.term_id, "nominated_by": m.nominated_by_id or "", "start": m.start.isoformat(),
        "end": "", "end_reason": "",
    }
    data.update(changes)
    return data


def test_edit_membership_and_contact_data(secretary_client, world):
    m = world.member_membership
    url = f"{URL}{m.pk}/"
    response = secretary_client.get(url)
    assert 'value="12345678"' in response.text
    response = secretary_client.post(url, edit_post(m, **{"person-phone": "99887766",
                                                          "role": "vice_chair"}))
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.role == "vice_chair" and m.person.phone == "99887766"


def test_edit_membership_error_saves_nothing(secretary_client, world):
    m = world.member_membership
    response = secretary_client.post(f"{URL}{m.pk}/", edit_post(
        m, role="chair", **{"person-phone": "00000000"}))
    assert response.status_code == 200
    assert "Formanden udpeges blandt medlemmerne fra regionsrådet (kommissoriet)." in \
        response.context["form"].errors["role"]
    assert 'value="00000000"' in response.text
    m.refresh_from_db()
    assert m.role == "member" and m.person.phone == "12345678"


def test_end_membership(secretary_client, world):
    m = world.member_membership
    response = secretary_client.post(f"{URL}{m.pk}/afslut/", {"end": "2026-06-30",
                                                       "end_reason": "resigned"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.end, m.end_reason) == (dt.date(2026, 6, 30), "resigned")


def test_end_membership_outside_term_is_refused(secretary_client, world):
    m = world.member_membership
    response = secretary_client.post(f"{URL}{m.pk}/afslut/", {"end": "2031-01-01",
                                                       "end_reason": "resigned"})
    assert response.status_code == 200
    assert "Medlemskabet kan ikke vare længere end perioden (slut 31.12.2029)." in \
        response.context["end_form"].errors["end"]
    assert 'value="2031-01-01"' in response.text
    m.refresh_from_db()
    assert m.end is None


def test_replace_member(secretary_client, world):
    old = world.member_membership
    response = secretary_client.post(f"{URL}{old.pk}/erstat/", {
        "new_name": "Mads Påhitsen", "start": "2026-09-01", "reason": "resigned",
        "nominated_by": world.red_cross.pk,
    })
    assert response["Location"] == URL
    old.refresh_from_db()
    assert (old.end, old.end_reason) == (dt.date(2026, 8, 31), "resigned")
    new = old.replaced_by
    assert new.person.name == "Mads Påhitsen" and new.seat_group == world.red_cross_group
    assert (new.start, new.term, new.role, new.end) == (dt.date(2026, 9, 1), world.term,
                                                         "member", None)


def test_replaced_chair_role_is_not_inherited(secretary_client, world):
    old = world.chair_membership
    secretary_client.post(f"{URL}{old.pk}/erstat/", {"new_name": "Mads Påhitsen",
                                                     "start": "2026-09-01", "reason": "replaced"})
    assert Membership.objects.get(replaces=old).role == "member"


def test_failing_replace_leaves_old_membership_unchanged(secretary_client, world):
    old = world.member_membership
    before = Membership.objects.filter(council=world.council).count()
    # Wrong nominating organisation for the Røde Kors seat: the new membership fails.
    response = secretary_client.post(f"{URL}{old.pk}/erstat/", {
        "new_name": "Mads Påhitsen", "new_email": "mads@example.org", "start": "2026-09-01",
        "reason": "resigned", "nominated_by": world.blue_cross.pk,
    })
    assert response.status_code == 200
    assert "Pladsen besættes efter indstilling fra Røde Kors." in \
        response.context["form"].errors["nominated_by"]
    assert 'value="Mads Påhitsen"' in response.text and "mads@example.org" in response.text
    old.refresh_from_db()
    assert old.end is None and old.end_reason == ""
    assert Membership.objects.filter(council=world.council).count() == before
    assert not Person.objects.filter(name="Mads Påhitsen").exists()


def test_replace_errors_for_dates(secretary_client, world):
    old = world.member_membership
    response = secretary_client.post(f"{URL}{old.pk}/erstat/", {
        "new_name": "Mads Påhitsen", "start": "2026-01-01", "reason": "resigned",
        "nominated_by": world.red_cross.pk,
    })
    assert "Den nye person kan tidligst starte dagen efter" in \
        response.context["form"].errors["start"][0]
    response = secretary_client.post(f"{URL}{old.pk}/erstat/", {
        "new_name": "Mads Påhitsen", "start": "2030-03-01", "reason": "resigned",
        "nominated_by": world.red_cross.pk,
    })
    assert response.context["form"].errors["start"]
    old.refresh_from_db()
    assert old.end is None


def test_other_councils_memberships_are_404(other_secretary_client, world):
    pk = world.member_membership.pk
    c = other_secretary_client
    assert c.get(f"/sekretariat/andetraad/medlemmer/{pk}/").status_code == 404
    assert c.post(f"/sekretariat/andetraad/medlemmer/{pk}/erstat/", {
        "new_name": "X", "start": "2026-09-01", "reason": "resigned"}).status_code == 404
    assert c.post(f"/sekretariat/andetraad/medlemmer/{pk}/afslut/", {
        "end": "2026-06-30", "end_reason": "resigned"}).status_code == 404
    world.member_membership.refresh_from_db()
    assert world.member_membership.end is None


def test_other_council_cannot_add_to_this_council(other_secretary_client, world):
    response = other_secretary_client.post("/sekretariat/andetraad/medlemmer/ny/",
                                           new_member(world))
    assert response.status_code == 200
    assert "seat_group" in response.context["form"].errors
    assert not Person.objects.filter(name="Karla Eksempelsen").exists()


def test_chair_and_member_cannot_change_memberships(chair_client, member_client, world):
    for c in (chair_client, member_client):
        assert c.post(URL + "ny/", new_member(world)).status_code == 403
    assert not Person.objects.filter(name="Karla Eksempelsen").exists()
