"""The synthetic national archive behind the search benchmark (udsatteraad/search/synthetic.py):
deterministic for a seed, realistic Danish text from the seeds without person names, closed
items, target groups, and published minutes that render like real ones."""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
from collections import Counter

import pytest
from django.core.management import call_command

from udsatteraad.lib.paths import SEEDS_DIR
from udsatteraad.search.synthetic import Corpus, generate

ITEM_FIELDS = ("meeting__council__slug", "meeting__title", "meeting__start", "meeting__kind",
               "meeting__status", "number", "title", "case_number", "summary",
               "recommendations", "case_presentation", "decision", "is_public")
CASE_NUMBER = re.compile(r"^(\d{2}/\d+|EMN-\d{4}-\d{5}|\d{3}-\d{4}-\d+|"
                         r"\d{2}\.\d{2}\.\d{2}-[A-Z]\d{2}-\d+-\d{2})$")


def items_in_order():
    from udsatteraad.meetings.models import AgendaItem

    return list(AgendaItem.objects.order_by("id").values_list(*ITEM_FIELDS))


@pytest.fixture
def archive(db):
    return generate(items=300, seed=7)


def test_the_same_seed_gives_the_same_archive(archive):
    from udsatteraad.councils.models import Council

    first = items_in_order()
    generate(items=300, seed=7)  # again: the councils are reused, the items added
    both = items_in_order()
    assert Council.objects.count() == 103
    assert len(both) == 600
    assert both[300:] == first
    generate(items=300, seed=8)
    assert [row[6:] for row in items_in_order()[600:]] != [row[6:] for row in first]


def test_a_national_archive_with_closed_items_and_no_persons(archive):
    from udsatteraad.councils.models import Authority, Council, Membership, Person
    from udsatteraad.meetings.models import AgendaItem, Meeting

    assert archive["items"] == AgendaItem.objects.count() == 300
    assert archive["meetings"] == Meeting.objects.count() == 30
    assert Authority.objects.filter(kind="region").count() == 5
    assert Authority.objects.filter(kind="municipality").count() == 98
    assert Council.objects.filter(slug="koebenhavn", authority__name="Københavns Kommune").exists()
    assert Person.objects.count() == 0 and Membership.objects.count() == 0
    closed = AgendaItem.objects.filter(is_public=False).count()
    assert closed == archive["closed_items"] and 10 <= closed <= 60
    assert 330 <= archive["words_per_item"] <= 440
    kinds = Counter(Meeting.objects.values_list("kind", flat=True))
    assert kinds["ordinary"] > 20
    years = {m.start.year for m in Meeting.objects.all()}
    assert min(years) <= 2012 and max(years) >= 2020
    assert Meeting.objects.filter(status="minutes_published").count() > 20
    numbers = AgendaItem.objects.values_list("case_number", flat=True)
    assert all(CASE_NUMBER.match(n) for n in numbers), [n for n in numbers
                                                        if not CASE_NUMBER.match(n)][:5]


def test_text_is_danish_from_the_seeds_and_names_no_one(archive):
    import random

    from udsatteraad.meetings.models import AgendaItem

    seed_words = Corpus(random.Random(0)).words
    text = " ".join(" ".join((i.title, i.summary, i.case_presentation, i.decision))
                    for i in AgendaItem.objects.all())
    words = [w.lower() for w in re.findall(r"[^\W\d_]{4,}", text)]
    assert sum(w in seed_words for w in words) / len(words) > 0.85
    common = Counter(words)
    assert common["udsatte"] > 100 and common["borgere"] > 50
    # Seed 001 names the real members of a council (the repository keeps only hashes of their
    # surnames, data/seeds/001_names.sha256); a literature reference in seed 003 names two
    # authors. None of them may appear.
    lines = (SEEDS_DIR / "001_names.sha256").read_text(encoding="utf-8").splitlines()
    surnames = {line.split()[1] for line in lines if line.startswith("surname ")}
    assert len(surnames) == 10
    found = {w.casefold() for w in re.findall(r"[^\W\d_]+", text)}
    assert not {"ramsbøl", "hansen"} & found
    assert not surnames & {
        hashlib.sha256(unicodedata.normalize("NFC", w).encode()).hexdigest() for w in found}


def test_items_have_target_groups_and_focus_areas(db):
    from udsatteraad.councils.models import FocusArea, TargetGroup
    from udsatteraad.meetings.models import AgendaItem

    existing = TargetGroup.objects.create(name="Hjemløse", slug="hjemloese-demo")
    generate(items=300, seed=7)
    assert TargetGroup.objects.filter(name="Hjemløse").get() == existing  # reused
    assert TargetGroup.objects.count() >= 8 and FocusArea.objects.count() >= 10
    tagged = AgendaItem.objects.filter(target_groups__isnull=False).distinct().count()
    assert tagged > 60
    assert AgendaItem.objects.filter(focus_areas__isnull=False).distinct().count() > 60
    homeless = AgendaItem.objects.filter(target_groups=existing)
    assert homeless.exists()
    assert sum("hjemløs" in (i.title + i.case_presentation).lower()
               for i in homeless) > homeless.count() / 2


def test_published_minutes_are_the_snapshot_the_system_makes(archive, anon):
    from udsatteraad.meetings.minutes import minutes_snapshot
    from udsatteraad.meetings.models import Meeting, MinutesVersion

    versions = MinutesVersion.objects.select_related("meeting__council", "meeting__venue")
    assert versions.count() == archive["minutes_versions"] > 20
    for version in versions[:8]:
        assert version.snapshot == json.loads(json.dumps(minutes_snapshot(version.meeting)))
    meeting = (Meeting.objects.filter(status="minutes_published", items__is_public=False)
               .select_related("council").first())
    response = anon.get(f"/raad/{meeting.council.slug}/moeder/{meeting.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    open_item = meeting.items.filter(is_public=True).exclude(decision="").last()
    closed_item = meeting.items.filter(is_public=False).first()
    assert open_item.title in page and open_item.decision.split(". ")[0] in page
    assert closed_item.case_presentation.split(". ")[0] not in page


def test_generate_archive_command(db):
    out = io.StringIO()
    call_command("generate_archive", items=40, seed=3, stdout=out)
    assert "40 punkter" in out.getvalue()
