"""Rules of procedure (forretningsorden): the secretariat edits them; saved on first save."""

from __future__ import annotations

import datetime as dt

import pytest

from udsatteraad.councils.models import RulesOfProcedure

URL = "/sekretariat/testraad/forretningsorden/"


def data(**over):
    d = {
        "proposal_deadline_days": "21", "agenda_notice_days": "8", "working_hours_end": "15:30",
        "minutes_approval": "chairmanship",
        "opening_items": "Godkendelse af dagsorden\r\n\r\n  Velkomst  \r\n",
        "closing_items": "Eventuelt", "text": "Rådet mødes fire gange om året.",
    }
    d.update(over)
    return d


def test_defaults_shown_before_first_save(world, secretary_client):
    html = secretary_client.get(URL).content.decode()
    assert "endnu ikke gemt sin egen forretningsorden" in html
    assert 'value="14"' in html and 'value="16:00"' in html
    assert "Nyt fra rådsmedlemmerne\nEventuelt" in html
    assert not RulesOfProcedure.objects.exists()


def test_first_save_creates_then_edits(world, secretary_client):
    response = secretary_client.post(URL, data())
    assert response.status_code == 302 and response["Location"] == URL
    rules = RulesOfProcedure.objects.get(council=world.council)
    assert rules.proposal_deadline_days == 21 and rules.agenda_notice_days == 8
    assert rules.working_hours_end == dt.time(15, 30)
    assert rules.minutes_approval == "chairmanship"
    assert rules.opening_items == ["Godkendelse af dagsorden", "Velkomst"]
    assert rules.closing_items == ["Eventuelt"]
    secretary_client.post(URL, data(closing_items="", proposal_deadline_days="10"))
    assert RulesOfProcedure.objects.count() == 1
    rules.refresh_from_db()
    assert rules.closing_items == [] and rules.proposal_deadline_days == 10
    assert world.council.rules().working_hours_end == dt.time(15, 30)


def test_bad_input_keeps_what_was_typed(world, secretary_client):
    response = secretary_client.post(URL, data(proposal_deadline_days="-3",
                                               working_hours_end="25:99"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="field field-error' in html
    assert "Rådet mødes fire gange om året." in html
    assert not RulesOfProcedure.objects.exists()


@pytest.mark.parametrize("persona", ["chair_client", "member_client", "other_secretary_client"])
def test_only_the_secretariat(world, request, persona):
    client = request.getfixturevalue(persona)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data()).status_code == 403
    assert not RulesOfProcedure.objects.exists()


def test_anonymous_to_login(world, anon):
    response = anon.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/konto/log-ind/")
