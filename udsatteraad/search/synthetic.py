"""A synthetic national archive for the search benchmark (`make bench`, docs/benchmarks.md).

    generate(items=100_000, seed=1, progress=print) -> dict of figures

The 98 municipalities and 5 regions as Authority, one Council each (real public authority
names; no Person rows, no person names), meetings from 2008 to the end of 2026 (mostly
ordinary; 8-12 items, numbered through the council's year) and items with a title, a case
number as councils write them ("21/874", "EMN-2021-01234", "330-2021-45767", KLE
"27.24.00-G01-1-21"), summary, recommendations, case presentation and decision: about 384
words an item (docs/benchmarks.md). About 10 % of the items are closed;
target groups and focus areas follow an item's topic. Deterministic for a seed (dates are
placed against TODAY, a fixed day).

The prose is the seed documents (data/seeds; never 001, which names real members) cut
into sentences and clauses and recombined: sentences drawn with Zipf weights over a rank order
shuffled by the seed (a few everywhere, most rare), a fifth of them the head clause of one
sentence and the tail of another, authority names and years replaced by the council's own,
and a few template sentences that name real organisations and places (the vocabulary is in
synthetic_words.py). Sentences that could name a person (capitalised word pairs that are no
known organisation or place, literature references) are left out.

Status follows the date: minutes published for meetings older than six weeks, then approved,
held, agenda published, planned; 1 % of past meetings cancelled. Published minutes get their
MinutesVersion 1, as all minutes published through the system do, so the meeting page and the
index read them as in production; the snapshots are built from the generated values, without
queries, and about double the text stored. `snapshots=False` leaves them out (the meetings
then have no publication time and the page shows the live text), for a smaller archive.

Meetings are written with bulk_create, the high-volume rows with executemany (COPY on
PostgreSQL), in batches, one transaction per chunk of 5,000 items, while a thread makes the
text of the next chunk. No history rows are made. 100k items: about 25 s on SQLite, 35 s on
PostgreSQL on two cores.
"""

from __future__ import annotations

import datetime as dt
import queue
import random
import re
import threading
import time
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, models, transaction
from django.utils import timezone, translation

from udsatteraad.councils.models import Authority, Council, FocusArea, TargetGroup
from udsatteraad.lib.paths import SEEDS_DIR
from udsatteraad.lib.text import danish_slugify
from udsatteraad.meetings.models import AgendaItem, Meeting, MinorityStatement, MinutesVersion

from . import synthetic_words as vocab

SEED_FILES = ("000_*.txt", "002_*.txt", "003_*.txt", "004_*.txt")  # 001 names real members
TODAY = dt.date(2026, 11, 20)
FIRST_YEAR = 2008
TZ = ZoneInfo("Europe/Copenhagen")
BATCH = 2000
CHUNK_ITEMS = 5000

# Two capitalised words in a row not at a sentence start: a name, unless a known organisation
# or place; and any literature reference "(Someone & Other, 2017)".
_CAPITALISED = re.compile(r"(?<!^)(?<![.:!?] )\b([A-ZÆØÅ][\wæøå-]+)\s+([A-ZÆØÅ][\wæøå-]*)")
_KNOWN = {"Kommune", "Kommunes", "Kommuner", "Region", "Midtjylland", "Midtjyllands", "Midt",
          "Hovedstaden", "Hovedstadens", "Randers", "Ishøj", "Udsatte", "Socialt", "Hus", "Den",
          "Det", "Sociale", "Grønlandske", "Psykiatriens", "Rusmiddelcenter", "Udsatteråd",
          "Tandpleje", "Community", "Treatment", "Assertive", "Relationel", "Kapacitet",
          "Projekt", "Kors", "Korshær", "Psykiatri", "Sundhed", "Rusmiddelplan", "Ældre",
          "Socialservice", "Center"}
_REFERENCE = re.compile(r"\([^)]*\d{4}\)|&|@|\|")


def _allowed(sentence: str) -> bool:
    if _REFERENCE.search(sentence):
        return False
    return all(a in _KNOWN or b in _KNOWN for a, b in _CAPITALISED.findall(sentence))


def _year_field(m: re.Match) -> str:
    offset = int(m[1]) - 2021
    return f"{{Y{'p' if offset >= 0 else 'm'}{abs(offset)}}}"


def _template(sentence: str) -> str:
    """The sentence as a format string: authorities and years become fields."""
    s = sentence.replace("{", "(").replace("}", ")")
    s = re.sub(r"\b(?:Randers|Ishøj) Kommune(s|r)?\b", lambda m: "{K}" + ("s" if m[1] else ""), s)
    s = re.sub(r"\bRegion (?:Midtjylland|Hovedstaden|Midt)(s)?\b",
               lambda m: "{R}" + (m[1] or ""), s)
    s = re.sub(r"\b(?:Randers|Ishøj)\b", "{B}", s)
    return re.sub(r"\b(20[012]\d)\b", _year_field, s)


def _pick(rnd: Callable[[], float], seq: Sequence[Any]) -> Any:
    """rng.choice, without its overhead: it is called millions of times."""
    return seq[int(rnd() * len(seq))]


class _Ctx(dict):
    def __missing__(self, key: str) -> str:  # {Yp3}, {Ym13}: years relative to 2021
        return str(self["year"] + (1 if key[1] == "p" else -1) * int(key[2:]))


class Corpus:
    """Sentences and clauses from the seeds (format strings with their word counts), drawn
    with Zipf weights over a rank order shuffled by the seed."""

    def __init__(self, rng: random.Random, seeds_dir: Path | None = None):
        folder = SEEDS_DIR if seeds_dir is None else seeds_dir
        text = "\n\n".join(p.read_text(encoding="utf-8", errors="replace")
                           for pattern in SEED_FILES for p in sorted(folder.glob(pattern)))
        if not text.strip():
            raise RuntimeError(f"no seed documents in {folder}")
        text = re.sub(r"(\w)-[ \t]*\n[ \t]*(\w)", r"\1\2", text)  # words hyphenated at line ends
        found: list[str] = []
        for par in re.split(r"\n\s*\n|\n\s*[•▪-]\s", text):
            par = re.sub(r"\s+", " ", par).strip(" •▪-*")
            for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", par):
                s = s.strip().replace("*", "")
                if len(s.split()) >= 6 and s[-1] in ".!?" and s[0].isupper() and _allowed(s):
                    found.append(s)
        self.words = {w.lower() for s in found for w in re.findall(r"[^\W\d_]{4,}", s)}
        self.sentences = [(t, len(t.split())) for t in map(_template, dict.fromkeys(found))]
        order = list(range(len(self.sentences)))
        rng.shuffle(order)
        weights = [0.0] * len(order)
        for rank, index in enumerate(order, start=1):
            weights[index] = 1 / rank ** 0.9
        self.cum = list(accumulate(weights))
        self.heads, self.tails = [], []
        for s, _n in self.sentences:
            head, _sep, tail = s.partition(", ")
            if tail and len(head.split()) >= 4:
                self.heads.append((head + ", ", len(head.split())))
                if len(tail.split()) >= 4:
                    self.tails.append((tail, len(tail.split())))
        self.templates = [(t, len(t.split())) for t in vocab.TEMPLATES]
        self.topics = {name: [self.sentences[i] for i, (s, _n) in enumerate(self.sentences)
                              if re.search(spec[0], s)] for name, spec in vocab.TOPICS.items()}

    def sentence(self, rng: random.Random, topic: str, ctx: dict) -> tuple[str, int]:
        """A sentence and its word count."""
        rnd = rng.random
        r = rnd()
        if r < 0.12:
            s, n = _pick(rnd, self.templates)
        elif r < 0.32:
            (head, a), (s, n) = _pick(rnd, self.heads), _pick(rnd, self.tails)
            s, n = head + s, a + n
        elif r < 0.60 and len(self.topics[topic]) >= 3:
            s, n = _pick(rnd, self.topics[topic])
        else:
            s, n = self.sentences[bisect(self.cum, rnd() * self.cum[-1])]
        if "{" not in s:
            return s, n
        ctx["O"], ctx["P"], ctx["E"] = (_pick(rnd, vocab.ORGANISATIONS), _pick(rnd, vocab.PLACES),
                                        _pick(rnd, vocab.EVENTS))
        ctx["M"], ctx["N"] = _pick(rnd, vocab.MONTHS), 3 + int(rnd() * 400)
        s = s.format_map(ctx)
        return s[0].upper() + s[1:], n

    def text(self, rng: random.Random, topic: str, ctx: dict, count: int) -> tuple[str, int]:
        parts = [self.sentence(rng, topic, ctx) for _ in range(count)]
        return " ".join(s for s, _n in parts), sum(n for _s, n in parts)

    def prose(self, rng: random.Random, topic: str, ctx: dict, words: int) -> tuple[str, int]:
        """Paragraphs of 1-5 sentences, about `words` words in all."""
        paragraphs, count = [], 0
        while count < words:
            par, n = self.text(rng, topic, ctx, 1 + int(rng.random() * 5))
            paragraphs.append(par)
            count += n
        return "\n\n".join(paragraphs), count


def _case_number(rng: random.Random, style: int, year: int, kle_group: str) -> str:
    if style == 0:
        return f"{year % 100:02}/{rng.randint(100, 29999)}"
    if style == 1:
        return f"EMN-{year}-{rng.randint(1, 99999):05}"
    if style == 2:
        return f"{rng.randint(100, 999)}-{year}-{rng.randint(1000, 99999)}"
    return (f"{kle_group}.{rng.randint(0, 40):02}.{rng.choice(['00', '01', '02', '10'])}-"
            f"{rng.choice('AGKP')}{rng.randint(0, 30):02}-{rng.randint(1, 12)}-{year % 100:02}")


def _vocabulary(model, names: list[str]) -> dict[str, Any]:
    """The rows of these names, created when missing (the demo's are reused)."""
    existing = {o.name: o for o in model.objects.filter(name__in=names)}
    slugs = set(model.objects.values_list("slug", flat=True))
    for name in names:
        if name not in existing:
            base = slug = danish_slugify(name)[:90]
            while slug in slugs:
                slug = f"{base}-{len(slugs)}"
            slugs.add(slug)
            existing[name] = model.objects.create(name=name, slug=slug)
    return existing


def _councils(rng: random.Random) -> list[dict]:
    """One council per authority: the authority's existing council (e.g. the demo's Randers)
    or a new one."""
    specs: list[dict[str, Any]] = []
    for region, municipalities in vocab.REGIONS.items():
        specs.append({"name": region, "short": region, "kind": Authority.Kind.REGION,
                      "region": region, "local": rng.choice(municipalities)})
        for m in municipalities:
            specs.append({"name": m if " " in m else f"{m} Kommune", "short": vocab.SHORT.get(m, m),
                          "region": region, "kind": Authority.Kind.MUNICIPALITY})
    names = [s["name"] for s in specs]
    known = set(Authority.objects.filter(name__in=names).values_list("name", flat=True))
    slugs = set(Authority.objects.values_list("slug", flat=True))
    Authority.objects.bulk_create([
        Authority(name=s["name"], slug=danish_slugify(s["name"]), kind=s["kind"])
        for s in specs if s["name"] not in known and danish_slugify(s["name"]) not in slugs])
    authorities = {a.name: a for a in Authority.objects.filter(name__in=names)}
    council_of: dict[int, Council] = {}
    for c in Council.objects.filter(authority__in=authorities.values()).order_by("-id"):
        council_of[c.authority_id] = c
    taken = set(Council.objects.values_list("slug", flat=True))
    for s in specs:
        # Drawn for every authority, so the archive does not depend on what exists.
        first = FIRST_YEAR + rng.randint(0, 5 if s["kind"] == Authority.Kind.MUNICIPALITY else 10)
        s.update(first_day=dt.date(first, 1, 1) + dt.timedelta(days=rng.randint(0, 364)),
                 weight=rng.uniform(0.6, 1.4) * (2 if s["short"] in vocab.LARGE else 1),
                 case_style=rng.randint(0, 3), title_style=rng.randint(0, 1))
        authority = authorities.get(s["name"])
        if authority is None:  # its slug belongs to another authority
            continue
        if authority.pk not in council_of:
            slug = danish_slugify(s["short"])
            while slug in taken:
                slug += "-arkiv"
            taken.add(slug)
            council_of[authority.pk] = Council.objects.create(
                authority=authority, name=f"Udsatterådet i {s['name']}", slug=slug)
        local = s.get("local", s["short"])
        s.update(council=council_of[authority.pk], B=vocab.SHORT.get(local, local),
                 K=s["name"] if "local" not in s else (local if " " in local
                                                      else f"{local} Kommune"))
    return [s for s in specs if "council" in s]


def _plan(rng: random.Random, items: int, councils: list[dict], today: dt.date) -> list[tuple]:
    """(start, council index, kind, item count) for every meeting, in date order."""
    count = max(1, round(items / 10))
    sizes = [rng.randint(8, 12) for _ in range(count)]
    diff, i = items - sum(sizes), 0
    while diff:
        step = 1 if diff > 0 else -1
        if 1 <= sizes[i % count] + step <= 20:
            sizes[i % count] += step
            diff -= step
        i += 1
    owners = rng.choices(range(len(councils)), weights=[c["weight"] for c in councils], k=count)
    last = dt.date(today.year, 12, 31)
    kinds, kind_weights = zip(*vocab.KINDS, strict=True)
    plan = []
    for index in sorted(set(owners)):
        first, k = councils[index]["first_day"], owners.count(index)
        span = (last - first).days
        for n in range(k):  # evenly spread, Monday to Thursday
            day = first + dt.timedelta(days=int((n + rng.uniform(0.1, 0.9)) * span / k))
            day -= dt.timedelta(days=max(0, day.weekday() - 3))
            start = dt.datetime(day.year, day.month, day.day,
                                rng.choice([15, 16, 16, 17, 17, 10, 13]), tzinfo=TZ)
            plan.append((start, index, rng.choices(kinds, kind_weights)[0]))
    plan.sort()
    rng.shuffle(sizes)
    return [(*p, size) for p, size in zip(plan, sizes, strict=True)]


def _status(rng: random.Random, start: dt.datetime, today: dt.date) -> str:
    age = (today - start.date()).days
    if age < -14:
        return Meeting.Status.PLANNED
    if age < 0:
        return Meeting.Status.AGENDA_PUBLISHED
    if rng.random() < 0.01:
        return Meeting.Status.CANCELLED
    if age < 30:
        return Meeting.Status.HELD
    if age < 45:
        return Meeting.Status.MINUTES_APPROVED
    return Meeting.Status.MINUTES_PUBLISHED


class _Writer:
    """INSERT with executemany (COPY on PostgreSQL). bulk_create spends most of its time on
    preparing every field of every object (on SQLite, 35 of the 56 s a 100k archive took);
    these rows hold plain values, so values are prepared per column kind instead."""

    def __init__(self, model):
        self.model, self.pk = model, model._meta.pk
        self.table = connection.ops.quote_name(model._meta.db_table)

    def ids(self, count: int) -> list[int]:
        """New primary keys: from the sequence on PostgreSQL; on SQLite after the highest
        (the caller's transaction has written already, so it holds the write lock)."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM "
                               "generate_series(1, %s)", [self.model._meta.db_table,
                                                          self.pk.column, count])
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT COALESCE(MAX({self.pk.column}), 0) FROM {self.table}")
            first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))

    @staticmethod
    def _prepare(f: models.Field, now: dt.datetime) -> Callable[[Any], Any] | None:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = f.get_db_prep_save(now, connection)
            return lambda _v: value
        if isinstance(f, models.JSONField):
            return lambda v: f.get_db_prep_save(v, connection)
        if isinstance(f, (models.CharField, models.TextField, models.IntegerField,
                          models.ForeignKey, models.BooleanField)):
            return None  # as it is
        memo: dict = {}  # dates and times: few distinct values
        return lambda v: memo[v] if v in memo else memo.setdefault(
            v, f.get_db_prep_save(v, connection))

    def insert(self, rows: list[dict]) -> None:
        if not rows:
            return
        fields = [f for f in self.model._meta.concrete_fields
                  if f is not self.pk or f.attname in rows[0]]
        now = timezone.now()
        plan = [(f.attname, f.get_default(), self._prepare(f, now)) for f in fields]
        params = [[row.get(name, default) if prepare is None else prepare(row.get(name, default))
                   for name, default, prepare in plan] for row in rows]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # COPY: a third of the time of INSERTs
                with cursor.cursor.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                    for values in params:
                        copy.write_row(values)
                return
            sql = f"INSERT INTO {self.table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
            for start in range(0, len(params), BATCH):
                cursor.executemany(sql, params[start:start + BATCH])


class _Generator:
    def __init__(self, rng: random.Random, corpus: Corpus, councils: list[dict],
                 groups: dict, areas: dict, today: dt.date, snapshots: bool):
        self.rng, self.corpus, self.councils, self.today = rng, corpus, councils, today
        self.groups, self.areas, self.snapshots = groups, areas, snapshots
        self.numbers: dict[tuple[int, int], int] = {}
        self.standard_case: dict[tuple[int, int], str] = {}
        with translation.override("da"):
            self.kind_labels = {k.value: str(k.label) for k in Meeting.Kind}
        self.topic_names = list(vocab.TOPICS)
        self.topic_weights = [3 if t == "rådet" else 1 for t in self.topic_names]
        self.writers = {m: _Writer(m) for m in (
            AgendaItem, AgendaItem.target_groups.through, AgendaItem.focus_areas.through,
            MinorityStatement, MinutesVersion)}

    def meeting(self, start: dt.datetime, index: int, kind: str, size: int) -> tuple[dict, list]:
        rng, spec = self.rng, self.councils[index]
        status = _status(rng, start, self.today)
        day, year = start.date(), start.year
        ctx = _Ctx(year=year, Y=year, Y2=year + 1, Y5=year + 4, K=spec["K"], B=spec["B"],
                   R=spec["region"], n=vocab.TOPICS[rng.choice(self.topic_names)][4])
        when = f"{day.day}. {vocab.MONTHS[day.month - 1]} {year}"
        if kind != Meeting.Kind.ORDINARY:
            title = f"{vocab.KIND_TITLES[kind].format_map(ctx)} {when}"
        else:
            title = f"Møde i Udsatterådet {when}" if spec["title_style"] else \
                f"Udsatterådet d. {day:%d-%m-%Y}"
        utc = start.astimezone(dt.UTC)
        fields: dict[str, Any] = {
            "council_id": spec["council"].pk, "kind": kind, "title": title, "start": utc,
            "end": utc + dt.timedelta(hours=2), "status": status,
            "location": rng.choice(vocab.ROOMS).format(N=rng.randint(1, 12)),
        }
        if status not in (Meeting.Status.PLANNED, Meeting.Status.CANCELLED):
            fields["agenda_published_at"] = utc - dt.timedelta(days=7)
        decided = status in (Meeting.Status.MINUTES_APPROVED, Meeting.Status.MINUTES_PUBLISHED)
        if decided:
            fields["minutes_approved_at"] = utc + dt.timedelta(days=rng.randint(2, 6))
        if status == Meeting.Status.MINUTES_PUBLISHED and self.snapshots:
            fields["minutes_published_at"] = utc + dt.timedelta(days=rng.randint(7, 21))
        theme = rng.choice(self.topic_names) if kind == Meeting.Kind.THEME_DAY else None
        draft = decided or (status == Meeting.Status.HELD and rng.random() < 0.5)
        items, clock = [], start + dt.timedelta(minutes=5)
        key = (index, year)
        if key not in self.standard_case:  # the council's case for the year's meetings
            self.standard_case[key] = _case_number(rng, spec["case_style"], year, "00")
        for position in range(1, size + 1):
            if position == 1 or position == size > 1 or position == size - 1 >= 9:
                row = self.standard_item(position, size, ctx, draft, key)
            else:
                topic = theme if theme and rng.random() < 0.6 else rng.choices(
                    self.topic_names, self.topic_weights)[0]
                row = self.topic_item(topic, ctx, draft, spec)
            number = self.numbers.get(key, 1)  # numbered through the council's year
            self.numbers[key] = number + 1
            minutes = rng.choice([5, 10, 10, 15, 15, 20, 25]) if position > 1 else 5
            row.update(number=number, position=position, start_time=clock.time(),
                       end_time=(clock + dt.timedelta(minutes=minutes)).time())
            clock += dt.timedelta(minutes=minutes)
            items.append(row)
        return {"fields": fields, "spec": spec}, items

    def standard_item(self, position: int, size: int, ctx: dict, draft: bool,
                      key: tuple[int, int]) -> dict:
        rng, corpus = self.rng, self.corpus
        row: dict[str, Any] = {"summary": "", "recommendations_intro": "", "recommendations": [],
                               "decision": "", "is_public": True, "origin": "standard",
                               "case_number": self.standard_case[key], "tg": [], "fa": []}
        if position == 1:
            row.update(title="Godkendelse af dagsorden og tidsplan",
                       recommendations_intro="Forvaltningen indstiller til Udsatterådet",
                       recommendations=["dagsorden og tidsplan godkendes"],
                       case_presentation="Dagsorden og tidsplan fremgår af indkaldelsen.",
                       decision="Godkendt." if draft else "", words=16)
        elif position == size:
            text, n = corpus.sentence(rng, "rådet", ctx) if rng.random() < 0.5 else ("Intet.", 1)
            row.update(title="Eventuelt", case_presentation="Eventuelt",
                       decision=text if draft else "", words=2 + n * draft)
        else:
            text, n = corpus.text(rng, "rådet", ctx, rng.randint(1, 3))
            row.update(title="Nyt fra rådsmedlemmerne", case_presentation="Nyt fra rådsmedlemmerne",
                       decision=text if draft else "", words=6 + n * draft)
        return row

    def topic_item(self, topic: str, ctx: dict, draft: bool, spec: dict) -> dict:
        rng, corpus = self.rng, self.corpus
        _affinity, groups, areas, kle, noun, titles = vocab.TOPICS[topic]
        ctx["n"] = noun
        title = rng.choice(titles).format_map(ctx)
        closed = rng.random() < 0.125
        if closed and rng.random() < 0.5:
            title = f"Lukket punkt: {title}"
        recommendations = [rng.choice(vocab.RECOMMENDATIONS).format_map(ctx)
                           for _ in range(rng.choice([1, 1, 1, 2, 2, 3]))]
        summary, words = corpus.text(rng, topic, ctx, rng.randint(1, 3)) \
            if rng.random() < 0.65 else ("", 0)
        presentation, n = corpus.prose(rng, topic, ctx, int(min(1600, max(
            60, rng.lognormvariate(5.8, 0.6)))))
        words += n + len(title.split()) + sum(len(r.split()) for r in recommendations)
        decision = ""
        if draft:
            decision = rng.choice(vocab.VERDICTS)
            if rng.random() < 0.5:
                text, n = corpus.text(rng, topic, ctx, rng.randint(1, 3))
                decision, words = f"{decision} {text}", words + n
            words += len(decision.split())
        minority = None
        if draft and not closed and rng.random() < 0.015:
            minority = ("Et mindretal kunne ikke tilslutte sig indstillingen. "
                        + corpus.sentence(rng, topic, ctx)[0])
        tg = {self.groups[g].pk for g in groups if rng.random() < 0.8}
        if rng.random() < 0.15:
            tg.add(self.groups[rng.choice(vocab.TARGET_GROUPS)].pk)
        return {
            "title": title, "is_public": not closed,
            "origin": ("hearing" if "øring" in title else "inquiry" if "envendelse" in title
                       else "member_proposal" if rng.random() < 0.05 else "administration"),
            "case_number": _case_number(rng, spec["case_style"], ctx["year"], kle),
            "summary": summary, "recommendations": recommendations,
            "recommendations_intro": ("Administrationen indstiller til Udsatterådet"
                                      if spec["kind"] == Authority.Kind.REGION
                                      else "Forvaltningen indstiller til Udsatterådet"),
            "case_presentation": presentation, "decision": decision, "minority": minority,
            "tg": sorted(tg), "fa": sorted(self.areas[a].pk for a in areas if rng.random() < 0.8),
            "words": words,
        }

    def snapshot(self, meeting: Meeting, spec: dict, rows: list[dict]) -> dict:
        """What minutes.minutes_snapshot stores for this meeting (no attendance: the archive
        has no persons), from the generated values instead of queries."""
        items = []
        for r in rows:
            row: dict[str, Any] = {"id": r["id"], "number": r["number"],
                                   "label": f"Punkt {r['number']}: {r['title']}",
                                   "title": r["title"], "is_public": r["is_public"]}
            if r["is_public"]:
                row.update({
                    "case_number": r["case_number"], "summary": r["summary"],
                    "recommendations_intro": r["recommendations_intro"],
                    "recommendations": r["recommendations"], "decision": r["decision"],
                    "case_presentation": r["case_presentation"],
                    "start_time": r["start_time"].strftime("%H:%M"),
                    "end_time": r["end_time"].strftime("%H:%M"), "attachments": [],
                    "minority_statements": ([{"text": r["minority"], "members": []}]
                                            if r.get("minority") else []),
                    "urgent_note": "",  # no item of the archive was taken up at the meeting
                })
            items.append(row)
        assert meeting.end and meeting.minutes_approved_at  # published minutes have both
        return {
            "meeting": {"title": meeting.title, "council": spec["council"].name,
                        "kind": meeting.kind, "kind_label": self.kind_labels[meeting.kind],
                        "start": meeting.start.isoformat(), "end": meeting.end.isoformat(),
                        "place": meeting.location},
            "approved_at": meeting.minutes_approved_at.isoformat(),
            "attendance": {"present": [], "apology": [], "absent": [], "others": []},
            "items": items,
        }

    def write(self, chunk: list[tuple[dict, list[dict]]]) -> dict[str, int]:
        """A chunk of meetings with their items, target groups, focus areas, minority
        statements and minutes versions, in one transaction."""
        w = self.writers
        with transaction.atomic():
            meetings = [Meeting(**m["fields"]) for m, _rows in chunk]
            Meeting.objects.bulk_create(meetings, batch_size=BATCH)
            rows = [r for _m, rs in chunk for r in rs]
            for r, pk in zip(rows, w[AgendaItem].ids(len(rows)), strict=True):
                r["id"] = pk
            versions = []
            for meeting, (m, rs) in zip(meetings, chunk, strict=True):
                for r in rs:
                    r["meeting_id"] = meeting.pk
                if meeting.minutes_published_at is not None:
                    versions.append({
                        "meeting_id": meeting.pk, "number": 1,
                        "published_at": meeting.minutes_published_at,
                        "snapshot": self.snapshot(meeting, m["spec"], rs)})
            w[AgendaItem].insert(rows)
            tg = [{"agendaitem_id": r["id"], "targetgroup_id": g} for r in rows for g in r["tg"]]
            fa = [{"agendaitem_id": r["id"], "focusarea_id": a} for r in rows for a in r["fa"]]
            w[AgendaItem.target_groups.through].insert(tg)
            w[AgendaItem.focus_areas.through].insert(fa)
            w[MinorityStatement].insert([{"item_id": r["id"], "text": r["minority"]}
                                         for r in rows if r.get("minority")])
            w[MinutesVersion].insert(versions)
        return {"minutes_versions": len(versions), "target_group_links": len(tg),
                "focus_area_links": len(fa)}


def _chunks(gen: _Generator, plan: list[tuple]) -> Iterator[list[tuple[dict, list[dict]]]]:
    chunk: list[tuple[dict, list[dict]]] = []
    pending = 0
    for start, index, kind, size in plan:
        chunk.append(gen.meeting(start, index, kind, size))
        pending += size
        if pending >= CHUNK_ITEMS:
            yield chunk
            chunk, pending = [], 0
    if chunk:
        yield chunk


def _ahead(chunks: Iterator[Any]) -> Iterator[Any]:
    """The chunks, each made in a thread while the database writes the one before: sqlite3
    and psycopg let go of the GIL while the database works (a third off on two cores)."""
    handover: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def put(message: tuple) -> None:
        while not stop.is_set():
            try:
                return handover.put(message, timeout=0.2)
            except queue.Full:
                pass

    def work() -> None:
        try:
            for chunk in chunks:
                put(("chunk", chunk))
            put(("end", None))
        except BaseException as e:  # raised again in the caller's thread
            put(("error", e))

    threading.Thread(target=work, daemon=True, name="archive-text").start()
    try:
        while True:
            kind, value = handover.get()
            if kind == "error":
                raise value
            if kind == "end":
                return
            yield value
    finally:
        stop.set()


def generate(items: int = 100_000, seed: int = 1,
             progress: Callable[[str], None] | None = None, *, snapshots: bool = True,
             today: dt.date = TODAY, seeds_dir: Path | None = None) -> dict:
    """Add a synthetic archive of `items` agenda items to the database (module docstring).
    Returns figures: items, public_items (open items of public meetings), closed_items,
    meetings, councils, minutes_versions, words_per_item, seconds, ..."""
    started = time.perf_counter()
    rng = random.Random(seed)
    corpus = Corpus(rng, seeds_dir)
    with transaction.atomic():
        groups = _vocabulary(TargetGroup, vocab.TARGET_GROUPS)
        areas = _vocabulary(FocusArea, vocab.FOCUS_AREAS)
        councils = _councils(rng)
    plan = _plan(rng, items, councils, today)
    gen = _Generator(rng, corpus, councils, groups, areas, today, snapshots)
    figures: dict[str, Any] = dict.fromkeys((
        "items", "public_items", "closed_items", "meetings", "public_meetings",
        "minutes_versions", "minority_statements", "target_group_links", "focus_area_links",
        "words"), 0)
    figures["councils"] = len(councils)
    step, reported = max(CHUNK_ITEMS, items // 10), 0
    for chunk in _ahead(_chunks(gen, plan)):
        for meeting, rows in chunk:
            public = meeting["fields"]["status"] not in (Meeting.Status.PLANNED,
                                                         Meeting.Status.CANCELLED)
            figures["meetings"] += 1
            figures["public_meetings"] += public
            figures["items"] += len(rows)
            for r in rows:
                figures["public_items"] += public and r["is_public"]
                figures["closed_items"] += not r["is_public"]
                figures["minority_statements"] += bool(r.get("minority"))
                figures["words"] += r.pop("words")
        for key, value in gen.write(chunk).items():
            figures[key] += value
        if progress and (figures["items"] - reported >= step or figures["items"] == items):
            reported = figures["items"]
            progress(f"{reported:,}/{items:,} items ({time.perf_counter() - started:.1f} s)")
    figures["words_per_item"] = round(figures["words"] / max(1, figures["items"]), 1)
    figures["seconds"] = round(time.perf_counter() - started, 2)
    return figures
