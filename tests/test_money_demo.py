"""The demo shows the money (issue 14): rates for 2026 for the four authorities, budgets,
Ishøj's per-diems waiting for approval under its rule, Randers' member's claims."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_demo_has_money_and_loads_twice(settings, tmp_path):
    from udsatteraad.councils.models import Council
    from udsatteraad.money import compute
    from udsatteraad.money.models import Budget, PayrollReference, Rates, TravelClaim

    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # idempotent
    assert Rates.objects.filter(year=2026).count() == 4
    assert Budget.objects.filter(council__slug="ishoej", year=2026).get().lines.count() == 5
    ishoej = Council.objects.get(slug="ishoej")
    [meeting] = compute.meetings_awaiting_per_diems([ishoej])
    lines, problem = compute.per_diem_lines(meeting)
    assert not problem
    # Members of the municipal council get none under Ishøj's rule; the others do.
    assert {line.entitled for line in lines} == {True, False}
    claims = TravelClaim.objects.filter(council__slug="randers")
    assert sorted(claims.values_list("status", flat=True)) == ["returned", "submitted"]
    assert PayrollReference.objects.count() == 1
