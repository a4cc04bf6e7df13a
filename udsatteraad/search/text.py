"""Danish text analysis for the search index: words -> stems.

One analyser for both databases, in Python: the Danish Snowball stemmer (snowballstemmer, the
algorithm PostgreSQL's danish_stem uses) and PostgreSQL's Danish stop list. The index, the
queries and the snippets therefore split and stem text alike whatever the database. Until
2026-12-03 PostgreSQL analysed with its own to_tsvector('danish', ...): a round trip for every
query, and a parser whose tokens differ from ours for hyphenated words, URLs and e-mail
addresses (docs/benchmarks.md).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from itertools import islice

import snowballstemmer
from django.utils.safestring import SafeString, mark_safe

# PostgreSQL's tsearch_data/danish.stop (the Snowball project's list).
STOPWORDS = frozenset("""
og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi
min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her
alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette
mit også under have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos
blive mange ad bliver hendes været thi jer sådan
""".split())

WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_WORD = 60  # longer "words" are noise (hashes, URLs run together)
# Private-use characters mark matches inside snippets before the text is escaped.
MARK_START, MARK_END = "\ue000", "\ue001"

TermCounts = dict[str, int]


class SnowballAnalyser:
    def __init__(self) -> None:
        self._stemmer = snowballstemmer.stemmer("danish")
        self._cache: dict[str, str] = {}

    def stem(self, word: str) -> str | None:
        """The stem of one lower-case word, or None for stop words and noise."""
        stem = self._cache.get(word)
        if stem:
            return stem
        if stem is None:
            if word in STOPWORDS or len(word) > MAX_WORD:
                stem = ""
            else:
                stem = self._stemmer.stemWord(word)
            if len(self._cache) < 500_000:
                self._cache[word] = stem
        return stem or None

    def counts(self, text: str) -> TermCounts:
        words = WORD.findall(text.lower())
        cache = self._cache
        for word in set(words).difference(cache):
            self.stem(word)
        if len(cache) >= 500_000:  # a full cache: stem the rest one by one
            counted = Counter(self.stem(w) or "" for w in words)
        else:
            counted = Counter(map(cache.__getitem__, words))
        counted.pop("", None)
        return dict(counted)

    def analyse(self, docs: list[tuple[str, str]]) -> list[tuple[TermCounts, TermCounts]]:
        return [(self.counts(title), self.counts(body)) for title, body in docs]

    def query_terms(self, query: str) -> list[str]:
        return list(dict.fromkeys(s for w in WORD.findall(query.lower()) if (s := self.stem(w))))

    def stems(self, words: list[str]) -> list[str]:
        """Stems of lower-case words, "" for stop words: a dictionary lookup each, once the
        words have been seen."""
        stems = list(map(self._cache.get, words))
        if None in stems:
            stems = [self.stem(w) or "" for w in words]
        return stems  # type: ignore[return-value]

    def snippets(self, texts: list[str], terms: list[str], words: int = 32) -> list[SafeString]:
        wanted = set(terms)
        if not wanted:
            return [_escape_marked(_first_words(t, words)) for t in texts]
        # The Danish Snowball stemmer only cuts letters off a word's end, so a word with a
        # wanted stem starts with it: str.find (in C) finds the candidates and only they
        # are stemmed, instead of every word of the text.
        return [_best_window(text, wanted, self.stem, words) for text in texts]


_ANALYSER = SnowballAnalyser()


def analyser() -> SnowballAnalyser:
    """The analyser (one per process: its cache of stems is shared)."""
    return _ANALYSER


def clean(text: str) -> str:
    """Text as indexed and shown in snippets: the snippet markers cannot occur in it."""
    return text.replace(MARK_START, " ").replace(MARK_END, " ")


def _escape_marked(text: str) -> SafeString:
    escaped = html.escape(text, quote=False)
    return mark_safe(  # noqa: S308 - escaped above; only our markers become tags
        escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )


def _first_words(text: str, words: int) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


MAX_SNIPPET_HITS = 2_000  # matches weighed when choosing a snippet's passage
CHARS_PER_WORD = 7  # a Danish word and its space, on average: the window's width in text


def _matches(lowered: str, wanted: set[str], stem) -> list[tuple[int, str]]:
    """(offset, stem) of the words of the text whose stem is wanted, in text order."""
    hits: list[tuple[int, str]] = []
    for term in wanted:
        at = lowered.find(term)
        while at >= 0 and len(hits) < MAX_SNIPPET_HITS:
            end = at + len(term)
            if at == 0 or not lowered[at - 1].isalnum():
                word = WORD.match(lowered, at)
                end = word.end() if word else end
                if stem(lowered[at:end]) == term:
                    hits.append((at, term))
            at = lowered.find(term, end)
    hits.sort()
    return hits


def _best_window(text: str, wanted: set[str], stem, words: int) -> SafeString:
    """The stretch of about `words` words holding the most different matched terms (then
    the most matches), with every match marked; the start of the text when nothing
    matches. Work: a search of the text for each stem, then the matches and the shown words."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lower case is longer: keep offsets
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    hits = _matches(lowered, wanted, stem)
    if not hits:
        return _escape_marked(_first_words(text, words))
    # Slide a window of the text's width over the matches (two pointers): O(matches).
    width = words * CHARS_PER_WORD
    best, begin = (-1, -1), hits[0][0]
    inside: dict[str, int] = {}
    right = 0
    for left, (at, term) in enumerate(hits):
        while right < len(hits) and hits[right][0] < at + width:
            inside[hits[right][1]] = inside.get(hits[right][1], 0) + 1
            right += 1
        key = (len(inside), right - left)
        if key > best:
            best, begin = key, at
        inside[term] -= 1
        if not inside[term]:
            del inside[term]
    # Three words of context before the first match, as the reader needs.
    reach = max(0, begin - 120)
    before = [m.start() for m in WORD.finditer(lowered, reach, begin)]
    before = before[1 if reach and before else 0:][-3:]  # the first may be a word's tail
    start = before[0] if before else begin
    spans = [m.span() for m in islice(WORD.finditer(lowered, start), words + 1)]
    more = len(spans) > words
    spans = spans[:words]
    marked = {at for at, _ in hits}
    out: list[str] = ["… " if WORD.search(lowered, 0, start) else ""]
    pos = spans[0][0]
    for a, b in spans:
        if a in marked or (a > hits[-1][0] and stem(lowered[a:b]) in wanted):
            out.append(text[pos:a] + MARK_START + text[a:b] + MARK_END)
            pos = b
    out.append(text[pos:spans[-1][1]])
    if more:
        out.append(" …")
    return _escape_marked(" ".join("".join(out).split()))
