"""A time schedule printed inside an item ("Dagsorden og tidsplan") gives every item its start
and end time. The schedule names items in its own words, so rows are matched to item titles by
similarity, not equality ("Nyt fra rådsmedlemmer" is the item "Nyt fra rådsmedlemmerne").
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from django.utils.translation import gettext as _

from .patterns import TIME_RANGE

MIN_SCORE = 0.6


def words(text: str) -> list[str]:
    return re.findall(r"[0-9a-zæøåéü]+", text.lower())


def similarity(a: str, b: str) -> float:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    ratio = SequenceMatcher(None, " ".join(wa), " ".join(wb)).ratio()
    # Word overlap, with words matched on a common stem so "stormødet"/"stormøde" agree.
    def same(x: str, y: str) -> bool:
        n = min(len(x), len(y))
        return x == y or (n >= 4 and x[: max(4, n - 2)] == y[: max(4, n - 2)])

    hits = sum(1 for x in wa if any(same(x, y) for y in wb))
    overlap = hits / max(len(wa), len(wb))
    return max(ratio, overlap)


def schedule_rows(text: str) -> list[tuple[str, str, str]]:
    """(title, start HH:MM, end HH:MM) for each line that pairs a text with a time range."""
    rows = []
    for line in text.split("\n"):
        m = TIME_RANGE.search(line)
        if not m:
            continue
        title = (line[: m.start()] + " " + line[m.end():]).replace("|", " ")
        title = re.sub(r"\bkl\.?\s*$", "", title.strip()).strip(" -–:")
        if not words(title):
            continue
        start = f"{int(m['h1']):02d}:{m['m1']}"
        end = f"{int(m['h2']):02d}:{m['m2']}"
        rows.append((title, start, end))
    return rows


def apply_schedule(items, warnings: list[str]) -> None:
    rows = []
    for item in items:
        rows.extend(schedule_rows(item.case_presentation))
        rows.extend(schedule_rows(item.summary))
    if len(rows) < 2:
        return  # one time in a text is an appointment, not a schedule
    pairs = sorted(
        ((similarity(row[0], item.title), r, i)
         for r, row in enumerate(rows) for i, item in enumerate(items)),
        reverse=True,
    )
    used_rows: set[int] = set()
    used_items: set[int] = set()
    for score, r, i in pairs:
        if score < MIN_SCORE or r in used_rows or i in used_items:
            continue
        used_rows.add(r)
        used_items.add(i)
        items[i].start_time, items[i].end_time = rows[r][1], rows[r][2]
    if len(used_rows) < 2:
        # Times that match no items are not a schedule of this meeting; undo.
        for i in used_items:
            items[i].start_time = items[i].end_time = None
        return
    for r, row in enumerate(rows):
        if r not in used_rows:
            warnings.append(
                _("Tidsplanens linje »%(row)s« passer ikke til noget punkt.") % {"row": row[0]}
            )
