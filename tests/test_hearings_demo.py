"""The demo hearings (issue 11): every seed council gets a hearing or two, Randers one
published response with its outcome; loading twice adds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from udsatteraad.hearings.models import Hearing


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def test_every_seed_council_has_hearings(demo_loaded, db, client):
    counts = {slug: Hearing.objects.filter(council__slug=slug).count()
              for slug in ["randers", "ishoej", "region-midtjylland", "region-hovedstaden"]}
    assert all(n >= 1 for n in counts.values()), counts
    published = Hearing.objects.get(published_at__isnull=False)
    assert published.council.slug == "randers" and published.outcome
    page = client.get(reverse("hearings:public-list", args=["randers"]))
    assert "Hjemløsestrategi for Randers Kommune" in page.content.decode()
    found = client.get(reverse("search:search") + "?q=Housing+First").content.decode()
    assert reverse("hearings:public-detail", args=["randers", published.pk]) in found
    before = Hearing.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert Hearing.objects.count() == before
