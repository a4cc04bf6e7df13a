"""Secretariat: terms of reference (versions, copy, edit), seat groups and terms (periods)."""

import datetime as dt

from udsatteraad.councils.models import (
    FocusArea,
    Membership,
    SeatGroup,
    TargetGroup,
    Term,
    TermsOfReference,
)


def tor_post(tor, **changes):
    data = {
        "title": tor.title, "adopted_on": tor.adopted_on.isoformat(), "purpose": tor.purpose,
        "meetings_min": tor.meetings_min, "meetings_max": tor.meetings_max,
        "chair_rule": tor.chair_rule, "vice_chair_rule": tor.vice_chair_rule,
        "term_basis": tor.term_basis, "per_diem_rule": tor.per_diem_rule,
        "chair_convenes_extraordinary": "on", "extraordinary_request_members": "3",
    }
    data.update(changes)
    return data


def test_terms_list_shows_versions(secretary_client, world):
    response = secretary_client.get("/sekretariat/testraad/kommissorium/")
    assert "Version 1" in response.text and "gældende" in response.text
    assert 'href="/sekretariat/testraad/kommissorium/1/"' in response.text


def test_new_version_copies_current(secretary_client, world):
    homeless = TargetGroup.objects.create(name="Hjemløse", slug="hjemloese")
    housing = FocusArea.objects.create(name="Bolig", slug="bolig")
    world.tor.target_groups.add(homeless)
    world.tor.focus_areas.add(housing)
    world.tor.tasks = ["Rådgive regionsrådet"]
    world.tor.save()
    response = secretary_client.post("/sekretariat/testraad/kommissorium/ny/",
                                     {"adopted_on": "2026-06-01", "case_number": "1-2-3"})
    assert response["Location"] == "/sekretariat/testraad/kommissorium/2/"
    new = TermsOfReference.objects.get(council=world.council, version=2)
    assert new.adopted_on == dt.date(2026, 6, 1) and new.case_number == "1-2-3"
    assert new.purpose == world.tor.purpose and new.tasks == ["Rådgive regionsrådet"]
    assert list(new.target_groups.all()) == [homeless]
    assert list(new.focus_areas.all()) == [housing]
    groups = list(new.seat_groups.order_by("position"))
    assert [(g.name, g.seats, g.kind) for g in groups] == [
        ("Udpeget af regionsrådet", 2, "assembly"), ("Røde Kors", 1, "organisation"),
        ("Blå Kors", 1, "organisation"), ("Brugerrepræsentant, Café Test", 1, "user"),
    ]
    assert list(groups[1].organisations.all()) == [world.red_cross]
    assert groups[3].venue == world.cafe
    # The old version and its seat groups are untouched.
    assert world.tor.seat_groups.count() == 4
    assert world.council.current_terms() == new


def test_new_version_requires_date(secretary_client, world):
    response = secretary_client.post("/sekretariat/testraad/kommissorium/ny/",
                                     {"case_number": "huskes"})
    assert response.status_code == 200
    assert "adopted_on" in response.context["form"].errors
    assert "huskes" in response.text
    assert TermsOfReference.objects.filter(council=world.council).count() == 1


def test_edit_version_with_tasks_and_checkboxes(secretary_client, world):
    homeless = TargetGroup.objects.create(name="Hjemløse", slug="hjemloese")
    poverty = FocusArea.objects.create(name="Fattigdom", slug="fattigdom")
    response = secretary_client.get("/sekretariat/testraad/kommissorium/1/")
    assert 'type="checkbox" name="target_groups"' in response.text
    response = secretary_client.post("/sekretariat/testraad/kommissorium/1/", tor_post(
        world.tor, tasks="Rådgive regionsrådet\n\n  Tage initiativ til dialog  \n",
        target_groups=[homeless.pk], focus_areas=[poverty.pk], substitutes_allowed="on",
    ))
    assert response.status_code == 302
    tor = TermsOfReference.objects.get(pk=world.tor.pk)
    assert tor.tasks == ["Rådgive regionsrådet", "Tage initiativ til dialog"]
    assert list(tor.target_groups.all()) == [homeless]
    assert list(tor.focus_areas.all()) == [poverty]
    assert tor.substitutes_allowed is True
    page = secretary_client.get("/sekretariat/testraad/kommissorium/1/").text
    assert "Rådgive regionsrådet\nTage initiativ til dialog" in page


def test_edit_version_rule_errors_keep_input(secretary_client, world):
    response = secretary_client.post("/sekretariat/testraad/kommissorium/1/", tor_post(
        world.tor, meetings_min=5, meetings_max=2, term_basis="fixed_trial",
        purpose="Nyt formål, der huskes",
    ))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["meetings_max"] == ["Højst antal møder kan ikke være mindre end mindst antal."]
    assert errors["trial_years"] == ["Angiv forsøgsperiodens længde i år."]
    assert "Nyt formål, der huskes" in response.text
    assert TermsOfReference.objects.get(pk=world.tor.pk).meetings_max == 4


def test_add_and_edit_seat_group(secretary_client, world):
    response = secretary_client.post("/sekretariat/testraad/kommissorium/1/pladser/ny/", {
        "name": "Kirkens Korshær", "kind": "organisation", "seats": 2,
        "organisations": [world.blue_cross.pk], "position": 5,
    })
    assert response["Location"] == "/sekretariat/testraad/kommissorium/1/"
    group = SeatGroup.objects.get(name="Kirkens Korshær")
    assert group.terms_of_reference == world.tor
    assert list(group.organisations.all()) == [world.blue_cross]
    response = secretary_client.post(f"/sekretariat/testraad/pladser/{group.pk}/", {
        "name": "Kirkens Korshær", "kind": "user", "seats": 1, "venue": world.cafe.pk,
        "position": 5,
    })
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.kind, group.seats, group.venue) == ("user", 1, world.cafe)


def test_seat_group_errors(secretary_client, world):
    response = secretary_client.post("/sekretariat/testraad/kommissorium/1/pladser/ny/", {
        "name": "Personligt medlem", "kind": "personal", "seats": 1, "position": 9,
    })
    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == [
        "Kommissoriet giver ikke mulighed for personlige medlemmer."
    ]
    assert 'value="Personligt medlem"' in response.text
    assert not SeatGroup.objects.filter(name="Personligt medlem").exists()


def test_seat_group_offers_only_this_authority(secretary_client, world):
    from udsatteraad.councils.models import Organisation

    foreign = Organisation.objects.create(authority=world.municipality, name="Fremmed",
                                          slug="fremmed")
    response = secretary_client.post("/sekretariat/testraad/kommissorium/1/pladser/ny/", {
        "name": "X", "kind": "organisation", "seats": 1, "organisations": [foreign.pk],
        "position": 1,
    })
    assert "organisations" in response.context["form"].errors


def test_delete_seat_group_in_use_is_refused(secretary_client, world):
    url = f"/sekretariat/testraad/pladser/{world.red_cross_group.pk}/slet/"
    response = secretary_client.post(url, {})
    assert response.status_code == 200
    assert "Pladsgruppen kan ikke slettes, fordi der er medlemskaber på den." in response.text
    assert SeatGroup.objects.filter(pk=world.red_cross_group.pk).exists()


def test_delete_unused_seat_group(secretary_client, world):
    response = secretary_client.post(
        f"/sekretariat/testraad/pladser/{world.user_group.pk}/slet/", {})
    assert response["Location"] == "/sekretariat/testraad/kommissorium/1/"
    assert not SeatGroup.objects.filter(pk=world.user_group.pk).exists()


def test_other_councils_objects_are_404_through_own_url(other_secretary_client, world):
    c = other_secretary_client
    assert c.get(f"/sekretariat/andetraad/pladser/{world.red_cross_group.pk}/").status_code == 404
    assert c.post(f"/sekretariat/andetraad/pladser/{world.user_group.pk}/slet/",
                  {}).status_code == 404
    assert SeatGroup.objects.filter(pk=world.user_group.pk).exists()
    assert c.get(f"/sekretariat/andetraad/perioder/{world.term.pk}/").status_code == 404
    assert c.get("/sekretariat/andetraad/kommissorium/7/").status_code == 404


def test_terms_list_and_create(secretary_client, world):
    response = secretary_client.get("/sekretariat/testraad/perioder/")
    assert "2026-2029" in response.text and "nuværende" in response.text
    response = secretary_client.post("/sekretariat/testraad/perioder/ny/", {
        "name": "2030-2033", "start": "2030-01-01", "end": "2033-12-31",
    })
    assert response["Location"] == "/sekretariat/testraad/perioder/"
    assert Term.objects.filter(council=world.council, name="2030-2033").exists()


def test_term_overlap_and_order_errors(secretary_client, world):
    response = secretary_client.post("/sekretariat/testraad/perioder/ny/", {
        "name": "Overlap", "start": "2029-06-01", "end": "2031-12-31",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["start"] == [
        "Perioden overlapper med perioden 2026-2029."
    ]
    assert 'value="Overlap"' in response.text
    response = secretary_client.post("/sekretariat/testraad/perioder/ny/", {
        "name": "Baglæns", "start": "2035-01-01", "end": "2034-01-01",
    })
    assert response.context["form"].errors["end"] == [
        "Periodens slutdato skal ligge efter startdatoen."
    ]
    assert not Term.objects.filter(name__in=["Overlap", "Baglæns"]).exists()


def test_term_edit(secretary_client, world):
    response = secretary_client.post(f"/sekretariat/testraad/perioder/{world.term.pk}/", {
        "name": "Valgperioden 2026-2029", "start": "2026-01-01", "end": "2029-12-31",
        "evaluation_due": "2029-10-01",
    })
    assert response.status_code == 302
    world.term.refresh_from_db()
    assert world.term.name == "Valgperioden 2026-2029"
    assert world.term.evaluation_due == dt.date(2029, 10, 1)


def test_new_version_moves_running_memberships_to_its_seats(secretary_client, world):
    from udsatteraad.councils.models import Person

    ended = Membership.objects.create(
        council=world.council, person=Person.objects.create(name="Tidligere Tove Prøve"),
        seat_group=world.blue_cross_group, term=world.term, nominated_by=world.blue_cross,
        start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 15), end_reason="resigned",
    )
    secretary_client.post("/sekretariat/testraad/kommissorium/ny/", {"adopted_on": "2026-02-01"})
    new = world.council.terms_of_reference.get(version=2)
    world.member_membership.refresh_from_db()
    ended.refresh_from_db()
    assert world.member_membership.seat_group.terms_of_reference == new
    assert world.member_membership.seat_group.name == "Røde Kors"
    assert ended.seat_group == world.blue_cross_group  # ended before: stays with version 1
    overview = secretary_client.get("/sekretariat/testraad/").text
    assert "Formand Frida Fiktiv" in overview


def test_first_version_is_typed_in_full(admin_client_2fa, world):
    from udsatteraad.councils.models import Council

    council = Council.objects.create(authority=world.region, name="Nyt råd", slug="nyraad")
    assert "Opret kommissorium" in admin_client_2fa.get("/sekretariat/nyraad/").text
    response = admin_client_2fa.post("/sekretariat/nyraad/kommissorium/ny/", tor_post(
        world.tor, title="Kommissorium for Nyt råd"))
    assert response["Location"] == "/sekretariat/nyraad/kommissorium/1/"
    tor = council.terms_of_reference.get()
    assert (tor.version, tor.title) == (1, "Kommissorium for Nyt råd")
