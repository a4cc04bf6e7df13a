"""LIX, the Scandinavian readability index, with the details an easy-read editor needs.

    LIX = words / sentences + 100 * long words / words

The counting rules (also in docs/easy-read.md), chosen so a secretary can check a score by
hand and so the usual content of minutes (case numbers, times, amounts) does not distort it:

- A word is a run of letters (any alphabet, so æ, ø, å count), optionally joined by a hyphen
  or an apostrophe ("FN-konventionen", "Maria's" are one word each). Numbers are not words,
  and neither is anything with a digit in it: "2026", "10.30", "A08", "2026-planen" and
  "EMN-2025-009242" are skipped. "f.eks." is two short words, "f" and "eks".
- A long word has more than 6 letters; hyphens and apostrophes are not letters.
- A sentence ends at ".", "!", "?", ":" or a line break, and at the end of the text. A "." does
  not end a sentence when a letter or digit follows it directly ("f.eks", "1.000") or when the
  next thing on the line is a lower-case letter or a digit ("f.eks. at", "kl. 10", "nr. 3"), so
  common abbreviations and numbers do not make extra sentences. Stretches without words are
  not sentences.
- Text with no words has no score (None).
- The score is rounded to a whole number (half up) for display and for the verdict band.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

LONG_WORD_LETTERS = 6  # a long word has MORE than this many letters
LONG_SENTENCE_WORDS = 15  # a long sentence has MORE than this many words

_TOKEN = re.compile(r"[\w'’-]+")
_EDGE = "'’-"
_NOT_LETTER = re.compile(r"['’-]")

# (upper bound exclusive, label, example) — the standard Danish LIX bands.
BANDS = [
    (25, _("Let læst, børnebøger"), _("Meget let tekst, som alle kan læse.")),
    (35, _("Let"), _("Let tekst, for eksempel ugeblade og skønlitteratur.")),
    (45, _("Middel"), _("Middelsvær tekst, for eksempel dagblade.")),
    (55, _("Svær"), _("Svær tekst, for eksempel saglitteratur og offentlige breve.")),
    (None, _("Meget svær"), _("Meget svær tekst, for eksempel lovtekster og faglitteratur.")),
]


@dataclass(frozen=True)
class Word:
    text: str
    start: int  # character offsets in the analysed text
    end: int

    @property
    def letters(self) -> int:
        return len(_NOT_LETTER.sub("", self.text))

    @property
    def is_long(self) -> bool:
        return self.letters > LONG_WORD_LETTERS


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    words: tuple[Word, ...]

    @property
    def is_long(self) -> bool:
        return len(self.words) > LONG_SENTENCE_WORDS


@dataclass(frozen=True)
class Lix:
    sentences: tuple[Sentence, ...] = field(default_factory=tuple)

    @property
    def words(self) -> list[Word]:
        return [w for s in self.sentences for w in s.words]

    @property
    def word_count(self) -> int:
        return sum(len(s.words) for s in self.sentences)

    @property
    def sentence_count(self) -> int:
        return len(self.sentences)

    @property
    def long_words(self) -> list[Word]:
        return [w for w in self.words if w.is_long]

    @property
    def long_sentences(self) -> list[Sentence]:
        return [s for s in self.sentences if s.is_long]

    @property
    def distinct_long_words(self) -> list[str]:
        """The long words once each, in the order they first appear (case-insensitive)."""
        seen: dict[str, str] = {}
        for w in self.long_words:
            seen.setdefault(w.text.lower(), w.text)
        return list(seen.values())

    @property
    def score(self) -> float | None:
        if not self.word_count:
            return None
        return (self.word_count / self.sentence_count
                + 100 * len(self.long_words) / self.word_count)

    @property
    def rounded(self) -> int | None:
        score = self.score
        if score is None:
            return None
        return int(Decimal(repr(score)).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def band(self) -> tuple[str, str] | None:
        """(label, example) of the Danish verdict band, or None without a score."""
        rounded = self.rounded
        if rounded is None:
            return None
        for upper, label, example in BANDS:
            if upper is None or rounded < upper:
                return str(label), str(example)
        raise AssertionError("unreachable")  # the last band has no upper bound

    @property
    def verdict(self) -> str:
        band = self.band
        return band[0] if band else ""


def _sentence_ends(text: str) -> list[int]:
    """Offsets just after each sentence-ending character."""
    ends = []
    for i, ch in enumerate(text):
        if ch in "!?:\n\r":
            ends.append(i + 1)
        elif ch == ".":
            after = text[i + 1:i + 2]
            if after and after.isalnum():
                continue  # "f.eks", "1.000", "10.30"
            following = text[i + 1:].lstrip(" \t")[:1]
            if following.islower() or following.isdigit():
                continue  # "f.eks. at", "kl. 10", "nr. 3"
            ends.append(i + 1)
    return ends


def _words(chunk: str, offset: int):
    for m in _TOKEN.finditer(chunk):
        token = m.group()
        word = token.strip(_EDGE)
        if not word or not all(c.isalpha() or c in _EDGE for c in word):
            continue  # numbers, and tokens with digits: "2026", "A08", "EMN-2025-009242"
        begin = offset + m.start() + (len(token) - len(token.lstrip(_EDGE)))
        yield Word(word, begin, begin + len(word))


def analyse(text: str) -> Lix:
    """Split a text into sentences and words and compute LIX (see the module docstring)."""
    text = text or ""
    bounds = [0, *_sentence_ends(text), len(text)]
    sentences = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        if end <= start:
            continue
        chunk = text[start:end]
        words = tuple(_words(chunk, start))
        if words:
            first, last = words[0].start, end
            sentences.append(Sentence(text[first:last].strip(), first, last, words))
    return Lix(tuple(sentences))
