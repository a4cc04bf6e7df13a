"""Step 3 of the import pipeline: where the items start.

A document can be split into items in several ways, and the first way that finds something is
often wrong ("Punkt 28." in a decision, a numbered list in a case text, the list of items printed
above their bodies). So every way is tried, each gives a *reading* (a list of item starts), and
the reading with the most evidence wins: items that have a body, a case number next to their
title and section headings in their body score, items without a body cost. Ties go to the more
specific way (the order of `readings`).

Ways tried: numbered headings in each of the usual forms (`Punkt 3:`, `Sag nr. 3`, `Nr. 3 -`,
`3. Title`, `3.Title`, `3: Title`, `80Title`), strict (a case number or section heading follows)
and loose (consecutive numbers, for plain minutes and agendas without labels); unnumbered titles
below a case-number line or above a case number; and, only when nothing else scores, titles above
a section heading. Lists of items printed before their bodies are dropped first
(`drop_item_lists`). docs/import.md lists the rules; `make import-score` shows what a change to
them gains and loses on real documents.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from . import patterns as p


@dataclass
class ItemStart:
    line: int  # index of the heading line
    body: int  # index of the first line after the (possibly wrapped) title
    number: int | None
    title: str
    case_number: str | None = None  # printed above the heading ("Sagsnr. 16/169")
    inline: str = ""  # text after the title on the heading's line


def is_structural(line: str) -> bool:
    """Item and section headings: never page furniture, and they end a table of contents."""
    if p.section_of(line) or p.RECOMMENDATION_LABEL.match(line):
        return True
    return any(rx.match(line) for name, rx in p.ITEM_STYLES if name in p.STRONG_ITEM_STYLES)


def is_boundary(line: str) -> bool:
    """What follows an item's title: a case number or a section heading."""
    return bool(
        p.find_case_number(line) or p.section_of(line) or p.recommendation_heading(line)
        or p.SECONDARY_HEADINGS.match(line) or p.section_with_text(line)
    )


def next_filled(lines: list[str], i: int, limit: int = 6) -> list[int]:
    out: list[int] = []
    while i < len(lines) and len(out) < limit:
        if lines[i]:
            out.append(i)
        i += 1
    return out


def previous_filled(lines: list[str], i: int) -> int | None:
    return next((j for j in range(i - 1, -1, -1) if lines[j]), None)


def join_wrapped(left: str, right: str) -> str:
    # "ny 2030-" + "fremskrivning": a hyphen at a wrap is kept and glued.
    if left.endswith("-") and len(left) > 1 and left[-2].isalnum():
        return left + right
    return f"{left} {right}"


def find_item_starts(lines: list[str]) -> list[ItemStart]:
    best: list[ItemStart] = []
    best_score = float("-inf")
    for reading in readings(lines):
        if not reading:
            continue
        score = reading_score(lines, reading)
        if score > best_score:  # ties keep the earlier, more specific way
            best, best_score = reading, score
    # Titles above section headings, without numbers or case numbers, are the last resort:
    # any line above "Indstilling" would do.
    return best if best_score > 0 else (labelled_starts(lines) or best)


def readings(lines: list[str]):
    for name, rx in p.ITEM_STYLES:
        yield numbered_starts(lines, name, rx, strict=True)
    yield case_first_starts(lines)
    yield unnumbered_starts(lines)
    for name, rx in p.ITEM_STYLES:
        if name in p.LOOSE_ITEM_STYLES:
            yield numbered_starts(lines, name, rx, strict=False)


def reading_score(lines: list[str], starts: list[ItemStart]) -> float:
    score = 0.0
    for i, start in enumerate(starts):
        end = starts[i + 1].line if i + 1 < len(starts) else len(lines)
        body = [line for line in [start.inline, *lines[start.body:end]] if line]
        if not body:
            # An entry of a list when the next one follows on the next line; a closed item
            # without text ("4. Lukket punkt") otherwise.
            score -= 2 if end == start.body and not start.inline else 0
            continue
        score += 1
        above = previous_filled(lines, start.line) if start.number is not None else None
        if start.case_number or any(p.find_case_number(line) for line in body[:4]) or (
            above is not None and len(lines[above]) <= 80 and p.find_case_number(lines[above])
        ):
            score += 2
        if start.number is None and p.ITEM_LIST_ENTRY.match(start.title):
            score -= 1  # "3. Title" read as an unnumbered title
        if any(p.section_of(line) or p.RECOMMENDATION_LABEL.match(line)
               or p.section_with_text(line) for line in body):
            score += 2
        if len(start.title) > 150:
            score -= 2
    return score


# --- Numbered headings ----------------------------------------------------------------------------


def numbered_starts(lines: list[str], style: str, rx, *, strict: bool) -> list[ItemStart]:
    starts: list[ItemStart] = []
    section = None
    for i, line in enumerate(lines):
        m = rx.match(line)
        if not m:
            if p.section_of(line) or p.RECOMMENDATION_LABEL.match(line):
                section = p.section_of(line) or p.RECOMMENDATIONS
            continue
        number = int(m["n"])
        # Numbers only grow: "Punkt 3 i indstillingen" further down is a reference, not an item.
        if starts and number <= (starts[-1].number or 0):
            continue
        if style not in p.STRONG_ITEM_STYLES and not _valid_weak(
            lines, i, number, starts, section, strict=strict, glued=style == "glued"
        ):
            continue
        title = (_group(m, "title") or _group(m, "tight")).strip()
        heading, body = i, i + 1
        inline = ""
        if style not in p.STRONG_ITEM_STYLES:
            title, inline = split_inline_text(title)
        if not title:
            around, heading, body = _title_around(lines, i, line)
            if around is None:
                continue
            title = around
        if not inline:
            title, body = _unwrap_title(lines, title, body)
        starts.append(ItemStart(line=heading, body=body, number=number, title=title,
                                inline=inline))
        section = None
    return starts


def _group(m: re.Match[str], name: str) -> str:
    return (m.groupdict().get(name) or "") if name in m.re.groupindex else ""


# "1.Valg af mødeleder og ordstyrer. Lis blev mødeleder": minutes on the title's line.
# The title ends at a full stop after a word of three letters or more ("V. Rasmus", "nr. 12"
# and "Evt. afholdelse" stay whole).
INLINE_TEXT = re.compile(r"^(?P<title>.*?[A-Za-zÆØÅæøå0-9)]{3,})\.\s+(?P<text>[A-ZÆØÅ].+)$")


def split_inline_text(title: str) -> tuple[str, str]:
    m = INLINE_TEXT.match(title)
    if not m or len(m["text"].split()) < 2:
        return title, ""
    return m["title"], m["text"]


def _title_around(lines: list[str], i: int, line: str) -> tuple[str | None, int, int]:
    """(title, heading line, body) for a bare "Sag nr. 24": the title is the line right above
    it (Rødovre), else the next line, else the heading itself (straight above a case number)."""
    above = i - 1
    if above >= 0 and _is_title_line(lines[above]) and (above == 0 or not lines[above - 1]):
        return lines[above], above, i + 1
    following = next_filled(lines, i + 1, 1)
    if not following:
        return None, i, i + 1
    if is_boundary(lines[following[0]]) or ":" in lines[following[0]][:40]:
        return line.strip(), i, i + 1
    return lines[following[0]], i, following[0] + 1


def _is_title_line(line: str) -> bool:
    if not line or not re.match(r"[A-ZÆØÅ0-9\"»'(”“]", line):
        return False  # "i Herning Kommune, Torvet 5" is the place under the date
    return len(line) <= 200 and not p.SENTENCE_END.search(line) and not (
        is_structural(line) or is_boundary(line) or p.ITEM_LIST_ENTRY.match(line)
    )


def _valid_weak(lines, i, number, starts, section, *, strict: bool, glued: bool) -> bool:
    # "1. Hurtig og fleksibel støtte" in a case presentation is a list, not an item: an item is
    # the next number and (strictly) is soon followed by a case number or a section heading.
    if starts and number != (starts[-1].number or 0) + 1:
        return False
    following = next_filled(lines, i + 1, 2 if glued else 4)
    if any(p.find_case_number(lines[j]) for j in following):
        return True  # the next number with its case number: an item, also after "1. at …"
    if (following and p.section_of(lines[following[0]]) and i and not lines[i - 1]
            and not p.SENTENCE_END.search(lines[i])):
        return True  # a title of its own right above "Beslutning": also after "1. at …"
    if section == p.RECOMMENDATIONS:
        return False
    previous = previous_filled(lines, i)
    after_list = previous is not None and p.ITEM_LIST_ENTRY.match(lines[previous])
    if after_list and (strict or glued or previous == i - 1):
        return False  # the next entry of a numbered list
    if strict or glued:
        return any(is_boundary(lines[j]) for j in following)
    # Loose: plain minutes and agendas ("1. Godkendelse af dagsorden" and what was said, or
    # only the titles, each a paragraph of its own): not an entry of a list without blank lines.
    if following and following[0] == i + 1 and p.ITEM_LIST_ENTRY.match(lines[i + 1]):
        return False
    return len(lines[i]) <= 400


def _unwrap_title(lines: list[str], title: str, body: int) -> tuple[str, int]:
    """PDF text wraps long titles; take up to two more lines when a case number or heading
    follows them (so a first paragraph is never swallowed)."""
    candidates: list[int] = []
    j = body
    while j < len(lines) and lines[j] and len(candidates) < 2:
        if is_boundary(lines[j]) or is_structural(lines[j]):
            break
        candidates.append(j)
        j += 1
    if not candidates or j >= len(lines) or not is_boundary(lines[j]):
        return title, body
    if any(lines[k].endswith((".", "?", "!")) for k in candidates):
        return title, body  # sentences under the title, not the rest of it
    for k in candidates:
        title = join_wrapped(title, lines[k])
    return title, j


# --- Unnumbered items ---------------------------------------------------------------------------


def unnumbered_starts(lines: list[str]) -> list[ItemStart]:
    """An item is a short title line directly above a case number."""
    starts = []
    for i, line in enumerate(lines):
        if not line or p.find_case_number(line) or is_structural(line) or is_boundary(line):
            continue
        following = next_filled(lines, i + 1, 1)
        # At most one blank line between the title and its case number.
        if not following or following[0] - i > 2 or not p.find_case_number(lines[following[0]]):
            continue
        if len(line) > 200 or line.endswith((".", ":", ",")):
            continue
        starts.append(ItemStart(line=i, body=i + 1, number=None, title=line))
    return starts


def case_first_starts(lines: list[str]) -> list[ItemStart]:
    """Herning: "Sagsnr.: 05.00.00-A00-2-17 Sagsbehandler: …", then the title on its own line."""
    starts = []
    for i, line in enumerate(lines):
        case_number = p.find_case_number(line)
        if not case_number:
            continue
        following = next_filled(lines, i + 1, 2)
        if not following or following[0] - i > 2:
            continue
        title = lines[following[0]]
        if not _is_title_line(title) or title.endswith(":") or re.match(r"^\w+: ", title) and (
            len(title.split(":")[0]) > 12
        ):
            continue  # "Kompetence: Socialudvalget" is a field of the case
        after = following[1] if len(following) > 1 else None
        if after is not None and p.find_case_number(lines[after]):
            continue  # a title above the next case number: the other way round
        starts.append(ItemStart(line=i, body=following[0] + 1, number=None, title=title,
                                case_number=case_number))
    return starts


def labelled_starts(lines: list[str]) -> list[ItemStart]:
    """Holbæk: items without numbers or case numbers, a title above "Indhold:"/"Referat"."""
    starts = []
    for i, line in enumerate(lines):
        if not _is_title_line(line) or line.endswith(":"):
            continue
        following = next_filled(lines, i + 1, 1)
        if not following or following[0] - i > 2:
            continue
        if not (p.section_of(lines[following[0]]) or p.RECOMMENDATION_LABEL.match(
                lines[following[0]])):
            continue
        previous = previous_filled(lines, i)
        if previous is not None and (
            p.section_of(lines[previous]) or p.RECOMMENDATION_LABEL.match(lines[previous])
        ):
            continue  # the first line of a section, not a title
        starts.append(ItemStart(line=i, body=i + 1, number=None, title=line))
    return starts if len(starts) >= 2 else []


# --- Lists of items before their bodies ---------------------------------------------------------


def drop_item_lists(lines: list[str]) -> list[str]:
    """Blank out a list of items printed above the items themselves ("PUNKTER", "Dagsorden"
    with 1. … 18., then each item with its text): three or more numbered lines in a row, one of
    which comes again further down as a heading with the same number and title."""
    out = list(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j] and p.ITEM_LIST_ENTRY.match(lines[j]):
            j += 1
        # The first heading may follow the list without a blank line ("10. Eventuelt" and
        # "1. Orientering …" when the page lost its line breaks): the list ends before it.
        j = _first_repeat(lines, i, j)
        if j - i >= 3 and _repeated_later(lines, i, j):
            for k in range(i, j):
                out[k] = ""
        i = max(j, i + 1)
    return out


def _first_repeat(lines: list[str], start: int, end: int) -> int:
    seen: list[tuple[str, str]] = []
    for k in range(start, end):
        m = p.ITEM_LIST_ENTRY.match(lines[k])
        if not m:
            continue
        entry = (m["n"], _plain(m["title"]))
        if any(n == entry[0] and _same_title(t, entry[1]) for n, t in seen):
            return k
        seen.append(entry)
    return end


def _repeated_later(lines: list[str], start: int, end: int) -> bool:
    entries = []
    for line in lines[start:end]:
        m = p.ITEM_LIST_ENTRY.match(line)
        if m:
            entries.append((m["n"], _plain(m["title"])))
    for line in lines[end:]:
        m = p.ITEM_LIST_ENTRY.match(line)
        if not m:
            continue
        title = _plain(m["title"])
        for number, entry in entries:
            if number == m["n"] and _same_title(entry, title):
                return True
    return False


def _plain(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip(" .:").casefold()


def _same_title(a: str, b: str) -> bool:
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short[: max(12, len(short) * 2 // 3)]) or (
        difflib.SequenceMatcher(None, a, b).ratio() >= 0.8
    )
