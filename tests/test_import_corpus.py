"""The import parser on real documents (tests/data/import_corpus, `make import-score`): the
corpus is what the issue asks for, the total stays at the level reached, the Randers seed and
the Aarhus documents stay exact, and the scorer itself counts what it should."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from udsatteraad.imports import score
from udsatteraad.lib.forms import validate_case_number

CORPUS = score.CORPUS_DIR
# The level reached when the corpus was made (812 of 812 fields on 44 documents). A change to
# the parser that loses a field fails here; adding a document the parser does not read yet
# means lowering this on purpose, in the same commit.
MIN_TOTAL_PERCENT = 100.0


@pytest.fixture(scope="module")
def corpus_scores():
    return score.score_folder(CORPUS)


def test_corpus_is_large_and_varied_enough():
    pairs = score.corpus_documents(CORPUS)
    truths = [score.load_truth(truth) for _document, truth in pairs]
    assert len(pairs) >= 40
    councils = {t["council"] for t in truths}
    organisations = {c.split(",")[0] for c in councils}
    assert len(councils) >= 20
    assert len(organisations) >= 10
    assert any("Region" in o for o in organisations)
    kinds = {t["kind"] for t in truths}
    assert {"referat", "dagsorden"} <= kinds
    years = {t["meeting"]["date"].year for t in truths}
    assert len(years) >= 8
    for name in ("Udsatterådet", "Ældrerådet", "Handicaprådet", "Socialudvalget"):
        assert any(name in c for c in councils), name


def test_every_document_has_a_named_source_and_a_readable_truth():
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    for document, truth_path in score.corpus_documents(CORPUS):
        truth = score.load_truth(truth_path)
        assert document.suffix == ".txt" and document.stat().st_size > 200, document
        assert f"`{document.name}`" in sources, document.name
        assert truth["source"].startswith("http") and truth["source"] in sources
        assert truth["items"], truth_path.name
        for item in truth["items"]:
            assert set(item) == {"number", "title", "case_number", "recommendation", "decision"}
            if item["case_number"]:
                validate_case_number(item["case_number"])  # a form the review screen accepts


def test_corpus_total_stays_at_the_level_reached(corpus_scores):
    correct, total = score.total(corpus_scores)
    failed = [s.name for s in corpus_scores if s.error]
    assert not failed
    assert 100.0 * correct / total >= MIN_TOTAL_PERCENT, [
        (s.name, s.misses) for s in corpus_scores if s.misses]


def test_seed_003_and_aarhus_stay_exact():
    scores = score.score_folder(score.REFERENCE_DIR)
    names = {s.name for s in scores}
    assert {"seed_003_randers", "aarhus_byraad_agenda_2025-10-08",
            "aarhus_byraad_minutes_2025-08-27",
            "aarhus_teknisk_udvalg_minutes_2025-10-01"} <= names
    for s in scores:
        assert s.total > 20 and s.correct == s.total, (s.name, s.misses)


# --- The scorer ---------------------------------------------------------------------------------

TRUTH = {
    "meeting": {"date": "2024-05-01", "time": "09:00", "place": "Rådhuset, mødelokale 2"},
    "items": [
        {"number": 1, "title": "Godkendelse af dagsorden", "case_number": "21/874",
         "recommendation": True, "decision": "Godkendt"},
        {"number": 2, "title": "Eventuelt", "case_number": None, "recommendation": False,
         "decision": ""},
    ],
}


def parsed(**changes) -> dict:
    items = [
        {"number": 1, "title": "Godkendelse af dagsorden.", "case_number": "21/874",
         "recommendations": ["dagsordenen godkendes"], "recommendations_intro": "",
         "decision": "Godkendt uden bemærkninger."},
        {"number": 2, "title": "Eventuelt", "case_number": None, "recommendations": [],
         "recommendations_intro": "", "decision": ""},
    ]
    meeting = {"date": "2024-05-01", "start_time": "09:00", "location": "Rådhuset, mødelokale 2"}
    for key, value in changes.items():
        if key in meeting:
            meeting[key] = value
        else:
            index, field = key.split("__")
            items[int(index)][field] = value
    return {"meeting": meeting, "items": items}


def test_scorer_counts_every_field():
    result = score.score_document("x", TRUTH, parsed())
    assert (result.correct, result.total, result.misses) == (13, 13, [])


@pytest.mark.parametrize("change, miss", [
    ({"date": "2024-05-02"}, "date"),
    ({"start_time": None}, "time"),
    ({"location": "Rådhuset"}, "place"),
    ({"0__title": "Godkendelse"}, "item 1 title"),
    ({"0__case_number": None}, "item 1 case_number"),
    ({"0__recommendations": []}, "item 1 recommendation"),
    ({"0__decision": "Udsat"}, "item 1 decision"),
    ({"1__decision": "Intet"}, "item 2 decision"),
])
def test_scorer_finds_each_wrong_field(change, miss):
    result = score.score_document("x", TRUTH, parsed(**change))
    assert result.correct == 12 and result.misses[0].startswith(miss)


def test_scorer_matches_items_by_title_and_charges_extra_items():
    document = parsed(**{"0__number": None})
    document["items"].append({"number": 3, "title": "Bilag", "case_number": None,
                              "recommendations": [], "decision": ""})
    result = score.score_document("x", TRUTH, document)
    # The unnumbered first item is found by its title (only its number is wrong); the extra
    # item costs one field.
    assert (result.correct, result.total) == (12, 14)
    assert any(re.match(r"extra item 3", miss) for miss in result.misses)


def test_scorer_gives_nothing_for_a_rejected_document():
    result = score.score_document("x", TRUTH, None, error="Dokumentet er tomt.")
    assert (result.correct, result.total) == (0, 13)


def test_scorer_command_prints_totals_and_fails_below_the_minimum(tmp_path: Path, capsys):
    (tmp_path / "doc.txt").write_text(
        "Referat\nMødedato: 1. maj 2024 kl. 9.00\nMødested: Rådhuset\n\n"
        "Punkt 1: Godkendelse af dagsorden\nSagsnr.: 21/874\n\nBeslutning\nGodkendt.\n",
        encoding="utf-8")
    truth = {"meeting": {"date": "2024-05-01", "time": "09:00", "place": "Rådhuset"},
             "items": [{"number": 1, "title": "Godkendelse af dagsorden", "case_number": "21/874",
                        "recommendation": False, "decision": "Godkendt."}]}
    (tmp_path / "doc.truth.yaml").write_text(yaml.safe_dump(truth), encoding="utf-8")
    assert score.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"doc\s+8/8\s+100\.0 %", out)
    truth["items"][0]["decision"] = "Udsat."
    (tmp_path / "doc.truth.yaml").write_text(yaml.safe_dump(truth), encoding="utf-8")
    assert score.main([str(tmp_path), "--min", "90"]) == 1


# --- Readings: the behaviour the corpus relies on, in small ---------------------------------------

def test_a_quoted_punkt_in_a_decision_does_not_win_over_the_numbered_items():
    from udsatteraad.imports.parser import parse_text

    text = (
        "Referat\nDato: 23-03-2015 kl. 13:30\nSted: Stenhusbakken\n\n"
        "24. Godkendelse af dagsorden\n\nIndstilling\nDirektøren indstiller, at\n"
        "1. dagsordenen godkendes.\n\nBeslutning\nPunkt 28. Aftale med Lejerbo udsat.\n"
        "Dagsordenen blev herefter godkendt.\n\n"
        "25. Orientering om rundvisning\n\nBeslutning\nTaget til efterretning.\n"
    )
    items = parse_text(text).items
    assert [(i.number, i.title) for i in items] == [
        (24, "Godkendelse af dagsorden"), (25, "Orientering om rundvisning")]
    assert items[0].decision.startswith("Punkt 28. Aftale med Lejerbo udsat.")


def test_the_list_of_items_above_their_bodies_is_not_read_as_items():
    from udsatteraad.imports.parser import parse_text

    text = (
        "Referat\nMødedato\n11-03-2016 kl. 13:00\n\n"
        "1. Godkendelse af dagsorden\n2. Orientering\n3. Eventuelt\n\n"
        "Sagsnr. 16/169\n1. Godkendelse af dagsorden\nBeslutning\nGodkendt.\n\n"
        "Sagsnr. 16/170\n2. Orientering\nBeslutning\nTaget til efterretning.\n"
    )
    items = parse_text(text).items
    assert [(i.number, i.case_number, i.decision) for i in items] == [
        (1, "16/169", "Godkendt."), (2, "16/170", "Taget til efterretning.")]


def test_plain_minutes_heading_with_text_and_title_with_minutes():
    from udsatteraad.imports.parser import parse_text

    text = (
        "Referat fra Ældrerådets møde den 3. april 2017 kl. 10.00 i lokale M1 på Wiedergården\n\n"
        "1.Valg af ordstyrer. Lisbet valgt som ordstyrer.\n\n"
        "2. Høringssvar\n\nReferat: Ingen høringssvar.\n\n"
        "3. Eventuelt\nIntet.\n"
    )
    document = parse_text(text)
    assert document.meeting.location == "lokale M1 på Wiedergården"
    assert [(i.number, i.title, i.decision) for i in document.items] == [
        (1, "Valg af ordstyrer", "Lisbet valgt som ordstyrer."),
        (2, "Høringssvar", "Ingen høringssvar."),
        (3, "Eventuelt", "Intet."),
    ]
