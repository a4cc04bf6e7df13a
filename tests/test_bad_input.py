"""Bad input never gives a 500: huge ids in multiple-choice fields, out-of-range numbers in
the rules of procedure, NUL characters, and OParl dates a datetime cannot hold in UTC."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from udsatteraad.councils.models import RulesOfProcedure
from udsatteraad.meetings.models import AgendaItem, Meeting

HUGE = "1" * 30


@pytest.fixture
def meeting(world):
    return Meeting.objects.create(
        council=world.council, title="Møde", start=timezone.now() + dt.timedelta(days=30)
    )


def test_huge_id_in_agenda_item_checkboxes(secretary_client, meeting):
    response = secretary_client.post(
        f"/sekretariat/testraad/moeder/{meeting.pk}/punkter/ny/",
        {"title": "Punkt", "origin": "administration", "target_groups": [HUGE],
         "focus_areas": [HUGE, "-" + HUGE]},
    )
    assert response.status_code in (200, 400)
    assert "er ikke en gyldig værdi" in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_huge_id_in_seat_group_organisations(secretary_client, world):
    from udsatteraad.councils.forms import SeatGroupForm

    form = SeatGroupForm(
        data={"name": "Ny", "kind": "organisation", "seats": "1", "organisations": [HUGE],
              "position": "1"},
        council=world.council,
    )
    assert not form.is_valid()
    assert "organisations" in form.errors


def test_huge_id_in_terms_of_reference_checkboxes(world):
    from udsatteraad.councils.forms import TermsForm

    form = TermsForm(data={"target_groups": [HUGE], "focus_areas": [HUGE]}, instance=world.tor)
    assert not form.is_valid()
    assert "target_groups" in form.errors and "focus_areas" in form.errors


def test_huge_id_in_minority_statement_members(world):
    from udsatteraad.councils.models import Person
    from udsatteraad.meetings.views_minutes import MinorityForm

    form = MinorityForm(data={"text": "Vi er uenige.", "members": [HUGE]},
                        people=Person.objects.all())
    assert not form.is_valid()
    assert "members" in form.errors


def rules_data(**overrides) -> dict:
    data = {"proposal_deadline_days": "14", "agenda_notice_days": "7",
            "working_hours_end": "16:00", "minutes_approval": "chair",
            "opening_items": "Godkendelse af dagsorden", "closing_items": "Eventuelt",
            "text": ""}
    data.update(overrides)
    return data


@pytest.mark.parametrize("field", ["proposal_deadline_days", "agenda_notice_days"])
def test_rules_of_procedure_days_have_a_maximum(secretary_client, world, meeting, field):
    url = "/sekretariat/testraad/forretningsorden/"
    response = secretary_client.post(url, rules_data(**{field: "999999"}))
    assert response.status_code == 200
    assert "Denne værdi skal være mindre end eller lig 365" in (
        response.content.decode()
    )
    assert not RulesOfProcedure.objects.filter(**{field: 999999}).exists()
    # The meeting pages still answer.
    assert secretary_client.get(f"/sekretariat/testraad/moeder/{meeting.pk}/").status_code == 200


@pytest.mark.parametrize("field", ["opening_items", "closing_items", "text"])
def test_nul_characters_are_refused(secretary_client, world, field):
    url = "/sekretariat/testraad/forretningsorden/"
    response = secretary_client.post(url, rules_data(**{field: "Punkt\x00med NUL"}))
    assert response.status_code == 200
    assert "Null-tegn er ikke tilladte" in response.content.decode()
    assert not RulesOfProcedure.objects.filter(council=world.council).exists()


@pytest.mark.parametrize("param,value", [
    ("modified_until", "9999-12-31T23:59:59-23:59"),
    ("created_since", "0001-01-01"),
    ("modified_since", "0001-01-01T00:00:00+14:00"),
    ("created_until", "9999-12-31T23:59:59-01:00"),
])
def test_oparl_dates_out_of_range_answer_400_json(anon, world, param, value):
    response = anon.get(f"/oparl/v1.1/body/{world.region.pk}/meeting/", {param: value})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert param in response.json()["error"]


def test_oparl_dates_in_range_still_work(anon, world):
    response = anon.get(f"/oparl/v1.1/body/{world.region.pk}/meeting/",
                        {"created_since": "2000-01-01", "modified_until": "2999-12-31"})
    assert response.status_code == 200
