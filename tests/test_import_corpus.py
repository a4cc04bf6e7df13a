"""The import parser on documents in real published layouts (tests/data/import_corpus, `make
import-score`): the corpus is what the issue asks for and names no real person, the total stays
at the level reached, the Randers seed and the Aarhus documents stay exact, and the scorer itself
counts what it should."""

from __future__ import annotations

import hashlib
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
        "1.Valg af ordstyrer. Lis valgt som ordstyrer.\n\n"
        "2. Høringssvar\n\nReferat: Ingen høringssvar.\n\n"
        "3. Eventuelt\nIntet.\n"
    )
    document = parse_text(text)
    assert document.meeting.location == "lokale M1 på Wiedergården"
    assert [(i.number, i.title, i.decision) for i in document.items] == [
        (1, "Valg af ordstyrer", "Lis valgt som ordstyrer."),
        (2, "Høringssvar", "Ingen høringssvar."),
        (3, "Eventuelt", "Intet."),
    ]


# --- No real person is named ---------------------------------------------------------------------

# The documents reproduce the layout of public agendas and minutes with the prose rewritten and
# every person's name replaced by an obviously fictitious one (SOURCES.md). These are the names of
# the members, staff and speakers the published pages named, kept only as the first 16 hex digits
# of the sha256 of the name in lower case with punctuation turned into spaces
# ("Vagn E. Larsen" -> "vagn e larsen"), so this file does not name them either.
REAL_NAME_HASHES = frozenset("""
    0078f1f08f82d301 01a331e3cfcb97f0 021778ce94633a10 04eaba03c68cf5e4 05cf86623fe73faa
    091763c70360dd18 09d250a89925bad1 0c6ec8dca2cc5b97 0e61d9d8f766124e 0f7789953c1899c7
    12c993c0d7ca02d4 13575a6f1e43e2e5 141aba628ca59afc 141f4f9289c84679 17c0a0d4dae3a2a7
    18cace5fe3d6b167 1905bb882dea779d 1a5822ccdca578b3 1b74ff718c9c26b4 1ce5d6e1cac799e5
    224a9c6eb763bbcc 232d8243919bb723 24baaf9f65239afb 26702df85ff5800a 277fdcaf990bb2f5
    288dc6031c49d478 2cb494da83accb1a 310925f7cf940e95 31d507053510f06d 327f8951137df9f5
    3361810640e7e5bf 3748f351584ae04e 3911f30c1a0c279c 3c8c4d80db386641 3c986b7590591f0b
    3ce86a1638ff8dbd 3dbaacf2657f1a5f 3fa358ec28d0d4d1 41480841ac1fd95c 434e6131d8bd8699
    44f24a1fd9f2acc9 46f9f49ac87c4557 4799fdf47e161811 482db9af935e8dbe 4c400cda49ae1016
    4cbe78530853c443 4d5d08ec56cbe529 4db10aa6e6e6e138 4e4356d0ab8e1b6b 4ec5826756172dab
    4f96d8758e91ad1e 53e455ac179af96b 577357e1bef09c6f 59b621d5d802f1b5 5b0c592ffee3e5f7
    5c0bf0d3feb8b91d 5dcb975e5a9c4598 5f2206ce02d7bf8e 61894bdaef499e18 6563d1eeeb06f1d8
    65b1b2cfee696d98 6760858f07e6face 6ab888052158ab74 6b00d5126f3b2ea2 6c7d4ccd533a02bf
    70036fa1812a3d81 71e4c2f33b136cb1 71fa4b29aae3a128 723d182f70e21d63 7362b91eb1f05a48
    775868a8384a95a1 7cfdda770b4318ec 7daf0b6f3697942f 7fcf5795ebeaefe6 80ba53397a09e9d0
    81ca7d1c28cc67a2 8252052c3870db95 825b7596f32deffc 87e2782a49fe1161 89743eb48b3aa554
    8a33b6247ee4c159 8c34bb85b16af4c2 8caccf6ebd298b4b 912efe22034c8535 942c97660998e615
    9459aa0fa63778f6 95b84346927dd043 973ee29eb5b60556 988b5ac9bf403167 98d5b870f72d4322
    9e4eb30b8f12cc9a a06183c30dea3060 a343e3b1ccdbb7d2 a3df618c251b1a5e aebe033e9b1a1bb0
    b09afb224240bf48 b1acb6b6374e1dd4 b1bc0a5f1be1cdb8 b57a828999e30850 b61c84af64cca749
    b69419a57fcf6740 bdbab3162d379062 bdd0cc9e2700ae88 bfb814afcfcaa822 bfef0888c7493a02
    c06c3c9de4855ec8 c0db7b2cb5a9e149 c1d046cfac9dfbe6 c3a81b98dbd427bf c57b9460ad800406
    c7b792d4a0ab0032 c876bab8409e5342 c99929d69fafc1e5 c9e38ea2f0af774d cc59973bd6a9b38e
    ccdbf54d5711e114 cff4418e664768b1 d181aa7150b81742 d263cda5cd0c8309 d30fd3774a0b0a33
    d3e4457facec0d52 d599ef26612e17db d5a63965ae91c04f d5cfbb949eab86f5 ddc76830265207a1
    df505aa098a5a95c e0aac2e04a2e49dc e0f4c8ff5c51f4e9 e1a3adae4c2cf510 e1c06c4b349f25b9
    e38bd3043be97c8d e3e259d421685b2c e449d3bead1d8acc e507af210366ad9e e5d34a574dd82b05
    e6e0b503f001bdd5 e75491427296663f ea6b18707f67506c eb01b223967f6315 ec57231e77ea3f10
    ecfd07a8f7891767 edd7b38f815eb3ac eecf0011d6ec3a5e f2d6b355a91e6ace f339c5555345fade
    f6b82c984eedf1ce f736b151634ce7ae f7d15584ff6fb240 fe9ba0568db9a7ee feef1047e4f17530
    ffb9aee9ab2c4255
""".split())


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w-]+", " ", text.lower()).split())


def _name_hash(name: str) -> str:
    return hashlib.sha256(_normalised(name).encode("utf-8")).hexdigest()[:16]


def real_names_in(text: str, hashes: frozenset[str] = REAL_NAME_HASHES) -> list[str]:
    """Every run of two to four words in `text` whose hash is in `hashes`."""
    words = _normalised(text).split()
    runs = (" ".join(words[i:i + n]) for n in range(2, 5) for i in range(len(words) - n + 1))
    return sorted({run for run in runs if _name_hash(run) in hashes})


def test_the_name_check_finds_a_listed_name_in_running_text():
    hashes = frozenset({_name_hash("Karla Eksempelsen"), _name_hash("Bo E. Opdigtet")})
    text = "Fraværende: Karla  Eksempelsen (A), og Bo E Opdigtet.\nReferent: Lis Fiktiv"
    assert real_names_in(text, hashes) == ["bo e opdigtet", "karla eksempelsen"]
    assert len(REAL_NAME_HASHES) >= 140


def test_corpus_names_no_real_person():
    files = sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.truth.yaml"))
    assert len(files) >= 80
    found = {path.name: names for path in files
             if (names := real_names_in(path.read_text(encoding="utf-8")))}
    assert not found, found
