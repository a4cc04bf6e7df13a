"""Field accuracy of the parser on a corpus in real published layouts (`make import-score`).

Each document `NAME.txt` in the corpus folder has a ground truth `NAME.truth.yaml`, written by
reading the document:

    meeting: {date: 2021-09-27, time: "17:00", place: "Mødelokale C.3.10, Laksetorvet"}
    items:
      - {number: 17, title: "…", case_number: "27.15.00-A08-1-21", recommendation: true,
         decision: "Godkendt"}

Fields scored: the meeting's date, time and place, and per item its number, title, case number,
whether it has a recommendation and how its decision starts (`decision` is the start of the
decision; "" when the item has none). Parsed items are matched to true items by number, else by
title. A parsed item that matches no true item costs one field ("extra"), so a reading that
splits a document into too many items scores lower than the right one.

    python -m udsatteraad.imports.score [FOLDER] [--verbose] [--min PERCENT]

prints the accuracy per document and in total, and then the reference documents (the Randers
seed and the Aarhus documents), which must stay exact. Nothing here touches the database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CORPUS_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "import_corpus"
REFERENCE_DIR = CORPUS_DIR / "reference"
ITEM_FIELDS = ("number", "title", "case_number", "recommendation", "decision")
MEETING_FIELDS = ("date", "time", "place")


@dataclass
class DocumentScore:
    name: str
    correct: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)
    error: str = ""

    def add(self, ok: bool, label: str, got: object = None, want: object = None) -> None:
        self.total += 1
        if ok:
            self.correct += 1
        else:
            self.misses.append(f"{label}: {got!r} ≠ {want!r}" if want is not None else label)

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 100.0


# --- Comparing one field ------------------------------------------------------------------------

_QUOTES = str.maketrans({"”": '"', "“": '"', "„": '"', "’": "'", "‘": "'", "–": "-", "—": "-"})


def norm(text: str | None) -> str:
    """Whitespace collapsed, typographic quotes and dashes plain, trailing punctuation gone."""
    text = " ".join((text or "").translate(_QUOTES).split())
    return text.rstrip(" .:;,")


def same_place(got: str, want: str) -> bool:
    a, b = norm(got).casefold(), norm(want).casefold()
    if a == b:
        return True
    if not a or not b:
        return False
    # "Borup Aktivitetshus (den store sal)" for a place printed over three lines: one is the
    # start of the other and holds at least half of it.
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) and len(short) >= len(long_) / 2


def same_case_number(got: str | None, want: str | None) -> bool:
    if not want:
        return not got
    if not got:
        return False
    a, b = re.sub(r"\s", "", got), re.sub(r"\s", "", want)
    # Gribskov prints the KLE subject before the case number ("01.02G00 - 2017/27088").
    return a == b or a.endswith(b)


def same_decision(got: str, want: str) -> bool:
    if not want:
        return not (got or "").strip()
    return norm(got).startswith(norm(want))


def has_recommendation(item: dict) -> bool:
    return bool(item.get("recommendations") or item.get("recommendations_intro"))


def title_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, norm(a).casefold(), norm(b).casefold()).ratio()


# --- Matching items and scoring a document ------------------------------------------------------


def match_items(truth: list[dict], parsed: list[dict]) -> list[int | None]:
    """For each true item the index of its parsed item (by number, else by title), or None."""
    used: set[int] = set()
    matches: list[int | None] = []
    for item in truth:
        found = None
        if item.get("number") is not None:
            found = next((i for i, p in enumerate(parsed)
                          if i not in used and p.get("number") == item["number"]), None)
        if found is None:
            scored = [(title_similarity(p.get("title", ""), item["title"]), i)
                      for i, p in enumerate(parsed) if i not in used]
            best = max(scored, default=(0.0, None))
            found = best[1] if best[0] >= 0.8 else None
        if found is not None:
            used.add(found)
        matches.append(found)
    return matches


def score_document(name: str, truth: dict, parsed: dict | None, error: str = "") -> DocumentScore:
    score = DocumentScore(name=name, error=error)
    meeting_truth = truth.get("meeting") or {}
    meeting = (parsed or {}).get("meeting") or {}
    want_date = meeting_truth.get("date")
    if isinstance(want_date, dt.date):
        want_date = want_date.isoformat()
    score.add(meeting.get("date") == want_date, "date", meeting.get("date"), want_date)
    want_time = meeting_truth.get("time")
    score.add(meeting.get("start_time") == want_time, "time", meeting.get("start_time"), want_time)
    want_place = meeting_truth.get("place") or ""
    got_place = meeting.get("location") or ""
    score.add(same_place(got_place, want_place), "place", got_place, want_place)

    truth_items = truth.get("items") or []
    parsed_items = (parsed or {}).get("items") or []
    matches = match_items(truth_items, parsed_items)
    for item, index in zip(truth_items, matches, strict=True):
        number = item.get("number")
        label = f"item {number if number is not None else item['title'][:30]}"
        if index is None:
            for _field in ITEM_FIELDS:
                score.add(False, "")
            score.misses[-len(ITEM_FIELDS):] = [f"{label}: not found ({len(ITEM_FIELDS)} fields)"]
            continue
        got = parsed_items[index]
        score.add(got.get("number") == item.get("number"), f"{label} number",
                  got.get("number"), item.get("number"))
        score.add(norm(got.get("title")) == norm(item["title"]), f"{label} title",
                  got.get("title"), item["title"])
        score.add(same_case_number(got.get("case_number"), item.get("case_number")),
                  f"{label} case_number", got.get("case_number"), item.get("case_number"))
        want_recommendation = bool(item.get("recommendation"))
        score.add(has_recommendation(got) == want_recommendation, f"{label} recommendation",
                  has_recommendation(got), want_recommendation)
        want_decision = item.get("decision") or ""
        score.add(same_decision(got.get("decision", ""), want_decision), f"{label} decision",
                  (got.get("decision") or "")[:60], want_decision)
    for i, got in enumerate(parsed_items):
        if i not in matches:
            score.add(False, f"extra item {got.get('number')} »{(got.get('title') or '')[:40]}«")
    return score


# --- Running the parser over a folder -----------------------------------------------------------


def corpus_documents(folder: Path) -> list[tuple[Path, Path]]:
    """(document, truth) pairs, sorted by name."""
    pairs = []
    for truth in sorted(folder.glob("*.truth.yaml")):
        stem = truth.name.removesuffix(".truth.yaml")
        documents = [p for p in folder.glob(f"{stem}.*") if p != truth]
        # A reference truth names its document elsewhere in the repository instead.
        pairs.append((documents[0] if documents else truth, truth))
    return pairs


def load_truth(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def resolve_document(document: Path, truth: dict) -> Path:
    # A reference truth names a document kept elsewhere in the repository (data/…).
    if truth.get("document"):
        return Path(__file__).resolve().parents[2] / truth["document"]
    return document


def score_folder(folder: Path) -> list[DocumentScore]:
    from udsatteraad.lib.extract import DocumentError

    from .pipeline import parse_file

    scores = []
    for document, truth_path in corpus_documents(folder):
        truth = load_truth(truth_path)
        path = resolve_document(document, truth)
        name = truth_path.name.removesuffix(".truth.yaml")
        try:
            parsed = parse_file(path).as_json()
        except DocumentError as exc:
            scores.append(score_document(name, truth, None, error=str(exc)))
            continue
        scores.append(score_document(name, truth, parsed))
    return scores


def total(scores: Iterable[DocumentScore]) -> tuple[int, int]:
    scores = list(scores)
    return sum(s.correct for s in scores), sum(s.total for s in scores)


def report(title: str, scores: list[DocumentScore], *, verbose: bool, out=None) -> float:
    out = out or sys.stdout
    width = max((len(s.name) for s in scores), default=10)
    print(title, file=out)
    for s in scores:
        print(f"  {s.name:<{width}}  {s.correct:>4}/{s.total:<4} {s.percent:6.1f} %"
              + (f"  FEJL: {s.error}" if s.error else ""), file=out)
        if verbose:
            for miss in s.misses:
                print(f"      - {miss}", file=out)
    correct, count = total(scores)
    percent = 100.0 * correct / count if count else 100.0
    print(f"  {'I alt':<{width}}  {correct:>4}/{count:<4} {percent:6.1f} %  "
          f"({len(scores)} dokumenter)", file=out)
    return percent


SOURCES_INTRO = """# Import corpus: sources

Agendas and minutes in the layouts Danish municipalities and regions publish, used by
`make import-score` (udsatteraad/imports/score.py) and tests/test_import_corpus.py.
{documents} documents from {councils} councils and committees of {organisations} municipalities
and regions. This file is written by `python -m udsatteraad.imports.score --write-sources` from
the truth files.

Each document reproduces the layout of the public web page named in the table below. Kept from
it is what the importer reads as structure: line breaks and blank lines, headings and their
numbering, section labels ("Sagsfremstilling", "Indstilling", "Beslutning", "Sagsnr.", ...), the
order of sections, lists of items, page furniture (cookie notices and menus, shortened and
reworded), dates, times, case numbers, public places and buildings, and the names of councils,
committees and organisations. The prose (case presentations, summaries, recommendations,
decisions and most long titles) is rewritten in our own words, and every person's name (members,
staff, guests, chairs) is replaced by an obviously fictitious one, consistently within a
document. So no text is copied verbatim and no real person is named; tests/test_import_corpus.py
checks the corpus against a hashed list of the names the published pages held.

Most pages were stored only in part, so most documents end inside an item; where a document was
shortened further, its truth file says so in `note`. The ground truth (`NAME.truth.yaml`) records
what each document says: the meeting's date, start time and place, and per item its number,
title, case number, whether it has a recommendation, and how its decision starts ("" when the
item has none). For minutes without section labels, the text under an item is what was recorded
and counts as the decision. Documents whose note says "Added after the parser was tuned" were
collected afterwards to check unseen layouts.

`reference/` holds the fields of the Randers seed and the three Aarhus documents in `data/`
(provenance in data/SOURCES.md), which tests/test_import_parser.py keeps exact field by field.

| document | council | meeting | kind | source |
| --- | --- | --- | --- | --- |
"""


def write_sources(folder: Path) -> None:
    rows, councils = [], set()
    for document, truth_path in corpus_documents(folder):
        truth = load_truth(truth_path)
        councils.add(truth["council"])
        rows.append(f"| `{document.name}` | {truth['council']} | {truth['meeting']['date']} | "
                    f"{truth.get('kind', '')} | {truth['source']} |")
    intro = SOURCES_INTRO.format(
        documents=len(rows), councils=len(councils),
        organisations=len({c.split(",")[0] for c in councils}))
    (folder / "SOURCES.md").write_text(intro + "\n".join(rows) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS_DIR)
    parser.add_argument("--verbose", "-v", action="store_true", help="list every wrong field")
    parser.add_argument("--min", type=float, default=0.0,
                        help="exit non-zero below this total percentage")
    parser.add_argument("--write-sources", action="store_true",
                        help="rewrite FOLDER/SOURCES.md from the truth files and stop")
    args = parser.parse_args(argv)
    if args.write_sources:
        write_sources(args.folder)
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "udsatteraad.settings")
    import django

    django.setup()
    percent = report(f"Korpus: {args.folder}", score_folder(args.folder), verbose=args.verbose)
    reference_ok = True
    reference = args.folder / "reference"
    if reference.is_dir():
        scores = score_folder(reference)
        report("Referencedokumenter (skal være eksakte)", scores, verbose=True)
        reference_ok = all(s.correct == s.total for s in scores)
    if percent < args.min or not reference_ok:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
