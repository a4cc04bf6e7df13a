"""The rules of procedure the council stated itself: a council file that says nothing of the
approval of minutes gets the default the system needs, but the public page does not present
that default as the council's rule (issue 12: "says nothing rather than something invented")."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from udsatteraad.councils.loader import load_council_file

pytestmark = pytest.mark.django_db

REAL = Path(settings.BASE_DIR) / "demo" / "councils" / "real"
MINUTES_SENTENCES = ("siger ja til referatet", "Siger ingen imod")


def page(anon, council) -> str:
    return anon.get(council.get_absolute_url()).content.decode()


def test_a_left_out_approval_rule_is_not_shown(anon):
    council = load_council_file(REAL / "gladsaxe-udsatteraad.yaml").council
    rules = council.rules()
    assert rules.pk is not None and "minutes_approval" not in rules.stated
    assert rules.minutes_approval == "chair"  # what the system works with
    assert "quorum" in rules.stated
    assert not any(s in page(anon, council) for s in MINUTES_SENTENCES)


def test_a_stated_approval_rule_is_shown(anon):
    council = load_council_file(REAL / "nyborg-udsatteraad.yaml").council
    assert "minutes_approval" in council.rules().stated
    assert "Rådet siger ja til referatet, når mødet slutter." in page(anon, council)


def test_saving_on_the_screen_states_every_rule(world, secretary_client, anon):
    from django.urls import reverse

    from udsatteraad.councils.models import RulesOfProcedure

    url = reverse("meetings:rules-of-procedure", args=[world.council.slug])
    form = secretary_client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        data[name] = "\n".join(value) if isinstance(value, list) else value
    response = secretary_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rules = RulesOfProcedure.objects.get(council=world.council)
    assert "minutes_approval" in rules.stated
    assert "Det er formanden, der siger ja til referatet." in page(anon, world.council)
