"""`make bench`, the search against Tantivy (issue 18): the same documents, fields, analysis
and queries in a Tantivy index (PyPI `tantivy`, a dev dependency), timed side by side with
our engine, interleaved (ours, Tantivy, Tantivy, ours, ...) so that a noisy machine slows
both alike. Two comparisons:

- bare: the ranking alone, the ids of the first page and the number of hits
  (`engine.rank`; Tantivy's search with count=True);
- page: what the search page needs, with the stored documents read and a snippet each
  (`engine.search`; Tantivy's stored documents and its SnippetGenerator).

The Tantivy index holds every live SearchDocument: title and body analysed by Tantivy's own
Danish pipeline (simple tokenizer, words over 60 letters dropped, lower case, the Danish stop
words, the Danish Snowball stemmer, as ours), the title boosted 3x (our title weight), and the
filters as exact fields. A query is ours after analysis: every stem required in title or body
(the some-words fallback when none has all), the filters required, a case number as a prefix
of the case key.

Run by .ci/bench_search.py in its child for each database; by hand against an indexed
database: `DATABASE_URL=... .venv/bin/python .ci/bench_tantivy.py [--repeat R]`.
"""

from __future__ import annotations

import math
import re
import tempfile
import time
from pathlib import Path

HEAP = 200_000_000  # Tantivy's indexing memory (bytes)


class PeakMemory:
    """The peak of the memory of a process and its descendants, sampled every 50 ms in a
    thread: PSS (shared pages divided among the processes sharing them, so forked workers
    are not counted twice), summed over the tree. `extra` is the peak over the value at
    the start (for the process itself)."""

    def __init__(self, pid: int):
        self.pid, self.peak, self.start = pid, 0, 0
        self._stop = False

    @staticmethod
    def tree(pid: int) -> int:
        total, todo = 0, [pid]
        while todo:
            p = todo.pop()
            try:
                for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
                for task in Path(f"/proc/{p}/task").iterdir():
                    todo += [int(c) for c in (task / "children").read_text().split()]
            except (OSError, ValueError):
                continue
        return total

    def _run(self) -> None:
        while not self._stop:
            self.peak = max(self.peak, self.tree(self.pid))
            time.sleep(0.05)

    def __enter__(self) -> PeakMemory:
        import threading

        self.start = self.peak = self.tree(self.pid)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop = True
        self._thread.join()

    @property
    def extra(self) -> int:
        return self.peak - self.start


def measure_rebuild(url: str, root: Path) -> dict:
    """`manage.py search_index --rebuild` in a process of its own (with its workers): wall
    time, CPU time and peak memory of the whole tree (on PostgreSQL the server's share,
    which stems, is not counted)."""
    import os
    import resource
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "udsatteraad.settings"}
    env.pop("SECRET_KEY", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "manage.py", "search_index", "--rebuild"],
                            cwd=root, env=env, stdout=subprocess.PIPE, text=True)
    with PeakMemory(proc.pid) as memory:
        output, _ = proc.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise RuntimeError(f"search_index --rebuild failed ({proc.returncode}): {output}")
    return {"seconds": seconds, "peak_bytes": memory.peak,
            "cpu_seconds": (after.ru_utime + after.ru_stime) - (before.ru_utime
                                                                 + before.ru_stime),
            "largest_process_bytes": after.ru_maxrss * 1024, "output": output.strip()}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else float("nan")


class TantivyIndex:
    def __init__(self, path: Path):
        import tantivy

        from udsatteraad.search.text import MAX_WORD, STOPWORDS

        self.t = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
        builder.add_text_field("title", stored=True, tokenizer_name="da")
        builder.add_text_field("body", stored=True, tokenizer_name="da")
        for name in ("kind", "meeting_kind", "council_slug", "council_name", "case_number",
                     "case_key", "date"):
            builder.add_text_field(name, stored=True, tokenizer_name="raw")
        for name in ("meeting_id", "item_id", "attachment_id", "item_number", "position"):
            builder.add_unsigned_field(name, stored=True)
        for name in ("council", "year", "target_group", "focus_area"):
            builder.add_unsigned_field(name, indexed=True)
        builder.add_text_field("meeting_kind_f", tokenizer_name="raw")
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema, path=str(path))
        analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                    .filter(tantivy.Filter.remove_long(MAX_WORD + 1))
                    .filter(tantivy.Filter.lowercase())
                    .filter(tantivy.Filter.custom_stopword(sorted(STOPWORDS)))
                    .filter(tantivy.Filter.stemmer("danish"))
                    .build())
        self.index.register_tokenizer("da", analyzer)

    def build(self) -> dict:
        """Every live document, read in batches; returns figures."""
        from udsatteraad.search.indexing import _item_facets
        from udsatteraad.search.models import SearchDocument

        started = time.perf_counter()
        writer = self.index.writer(HEAP, 1)
        fields = ("id", "kind", "item_id", "attachment_id", "meeting_id", "council_id",
                  "council__name", "council__slug", "meeting_kind", "date", "item_number",
                  "position", "title", "case_number", "case_key", "body")
        last, count = 0, 0
        while True:
            rows = list(SearchDocument.objects.filter(is_live=True, id__gt=last)
                        .order_by("id").values_list(*fields)[:5000])
            if not rows:
                break
            last = rows[-1][0]
            groups, areas = _item_facets(sorted({r[2] for r in rows}))
            for (id_, kind, item_id, att_id, meeting_id, council_id, council_name, slug,
                 meeting_kind, date, number, position, title, case_number, key, body) in rows:
                doc = self.t.Document()
                texts = {"kind": kind, "council_name": council_name, "council_slug": slug,
                         "meeting_kind": meeting_kind, "meeting_kind_f": meeting_kind,
                         "date": date.isoformat(), "title": title,
                         "case_number": case_number, "case_key": key, "body": body}
                for name, value in texts.items():
                    doc.add_text(name, value)
                numbers = {"id": id_, "item_id": item_id, "meeting_id": meeting_id,
                           "council": council_id, "year": date.year, "position": position}
                for name, value in numbers.items():
                    doc.add_unsigned(name, value)
                if att_id is not None:
                    doc.add_unsigned("attachment_id", att_id)
                if number is not None:
                    doc.add_unsigned("item_number", number)
                for g in groups.get(item_id, []):
                    doc.add_unsigned("target_group", g)
                for a in areas.get(item_id, []):
                    doc.add_unsigned("focus_area", a)
                writer.add_document(doc)
                count += 1
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        return {"documents": count, "seconds": time.perf_counter() - started}

    def query(self, terms: list[str], filters: dict, case_key: str | None, all_words: bool):
        t, schema = self.t, self.schema
        Occur = t.Occur
        clauses = []
        words = []
        for term in terms:
            either = t.Query.boolean_query([
                (Occur.Should, t.Query.boost_query(t.Query.term_query(schema, "title", term),
                                                   3.0)),
                (Occur.Should, t.Query.term_query(schema, "body", term)),
            ])
            words.append((Occur.Must if all_words else Occur.Should, either))
        if words:
            clauses.append((Occur.Must, t.Query.boolean_query(words)))
        if case_key:
            clauses = [(Occur.Must, t.Query.regex_query(schema, "case_key",
                                                        re.escape(case_key) + ".*"))]
        for name, value in filters.items():
            field = "meeting_kind_f" if name == "meeting_kind" else name
            clauses.append((Occur.Must, t.Query.term_query(
                schema, field, value if field == "meeting_kind_f" else int(value))))
        return t.Query.boolean_query(clauses)

    def search(self, q: str, filters: dict, per_page: int = 20, page: bool = False):
        """Tantivy doing our search's work: (hits, total); with page=True also the stored
        documents and a snippet each."""
        from udsatteraad.search.engine import _CASE_NUMBER
        from udsatteraad.search.indexing import case_key
        from udsatteraad.search.text import SnowballAnalyser

        terms = _analyser(SnowballAnalyser).query_terms(q)
        key = case_key(q)
        by_case = (key if len(q.split()) <= 2 and len(key) >= 4 and _CASE_NUMBER.search(q)
                   else None)
        searcher = self.index.searcher()
        query = self.query(terms, filters, by_case, all_words=True)
        found = searcher.search(query, limit=per_page, count=True)
        if found.count == 0 and len(terms) > 1 and not by_case:
            query = self.query(terms, filters, None, all_words=False)
            found = searcher.search(query, limit=per_page, count=True)
        if not page:
            return found.hits, found.count
        snippets = self.t.SnippetGenerator.create(searcher, query, self.schema, "body")
        shown = []
        for _score, address in found.hits:
            doc = searcher.doc(address)
            shown.append((doc.to_dict(), snippets.snippet_from_doc(doc).to_html()))
        return shown, found.count


_analysers: dict = {}


def _analyser(cls):
    if cls not in _analysers:
        _analysers[cls] = cls()
    return _analysers[cls]


def compare(queries: list[dict], repeat: int, workdir: Path, say=print) -> dict:
    """Build Tantivy from the search documents and time both engines, interleaved."""
    import os

    from udsatteraad.search.engine import rank, search

    index = TantivyIndex(workdir)
    with PeakMemory(os.getpid()) as memory:
        built = index.build()
    say(f"Tantivy index: {built['documents']:,} documents in {built['seconds']:.1f} s, "
        f"{memory.extra / 1e6:.0f} MB at its peak")
    # Wall time, and the calling thread's CPU time: both engines work in this thread (with
    # SQLite; PostgreSQL's share is in its server), so CPU time shows the same work without
    # the waits for a core that a shared machine adds to both.
    modes = ("bare", "page", "bare_cpu", "page_cpu")
    ours: dict[str, list[float]] = {m: [] for m in modes}
    theirs: dict[str, list[float]] = {m: [] for m in modes}
    counts = []
    per_query: dict[tuple[int, str, bool], list[float]] = {}
    runs = {
        "bare": (lambda q: rank(q["q"], page=1, per_page=20, **q["filters"]),
                 lambda q: index.search(q["q"], q["filters"])),
        "page": (lambda q: search(q["q"], page=1, per_page=20, **q["filters"]),
                 lambda q: index.search(q["q"], q["filters"], page=True)),
    }
    for q in queries:  # warm-up, and the hit counts side by side
        mine = search(q["q"], page=1, per_page=20, **q["filters"])
        _hits, total = index.search(q["q"], q["filters"])
        rank(q["q"], page=1, per_page=20, **q["filters"])
        index.search(q["q"], q["filters"], page=True)
        counts.append((q["q"], mine.total, total))
    for r in range(repeat):
        for n, q in enumerate(queries):
            for mode, (mine_run, their_run) in runs.items():
                # Alternate who goes first, so neither always finds the caches warm.
                pair = [(ours, mine_run), (theirs, their_run)]
                for store, run in (pair if (n + r) % 2 == 0 else pair[::-1]):
                    started, cpu = time.perf_counter(), time.thread_time()
                    run(q)
                    took = (time.perf_counter() - started) * 1000
                    store[mode].append(took)
                    store[f"{mode}_cpu"].append((time.thread_time() - cpu) * 1000)
                    per_query.setdefault((n, mode, store is ours), []).append(
                        store[f"{mode}_cpu"][-1])
    medians = {key: _percentile(v, 0.5) for key, v in per_query.items()}
    counts = [(q, mine, total, *(medians[(n, mode, is_ours)] for mode in runs
                                 for is_ours in (True, False)))
              for n, (q, mine, total) in enumerate(counts)]
    out: dict = {"tantivy_build_seconds": built["seconds"], "counts": counts,
                 "tantivy_build_peak_bytes": memory.extra}
    for mode in modes:
        for name, store in (("ours", ours), ("tantivy", theirs)):
            out[f"{mode}_{name}_p50"] = _percentile(store[mode], 0.5)
            out[f"{mode}_{name}_p95"] = _percentile(store[mode], 0.95)
    return out


def format_table(r: dict, label: str = "") -> list[str]:
    lines = [f"| {label}comparison | ours p50 | Tantivy p50 | ratio | ours p95 | Tantivy p95 "
             "| ratio |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for mode, label in (("bare", "bare (rank, count, top 20)"),
                        ("page", "page (stored documents + snippets)"),
                        ("bare_cpu", "bare, CPU time of the thread"),
                        ("page_cpu", "page, CPU time of the thread")):
        a50, b50 = r[f"{mode}_ours_p50"], r[f"{mode}_tantivy_p50"]
        a95, b95 = r[f"{mode}_ours_p95"], r[f"{mode}_tantivy_p95"]
        lines.append(f"| {label} | {a50:.2f} ms | {b50:.2f} ms | {a50 / b50:.2f}x | "
                     f"{a95:.2f} ms | {b95:.2f} ms | {a95 / b95:.2f}x |")
    return lines


def report_lines(results: list[dict]) -> list[str]:
    """bench_search's lines for the rebuild and the Tantivy comparison, per database."""
    lines: list[str] = []
    for r in results:
        t, rebuild = r.get("tantivy"), r.get("rebuild")
        if not t or not rebuild:
            continue
        lines += ["", f"{r['version']}: index rebuild (`search_index --rebuild`, streamed) "
                  f"{rebuild['seconds']:.0f} s ({rebuild['cpu_seconds']:.0f} s CPU), peak "
                  f"memory {rebuild['peak_bytes'] / 1e6:,.0f} MB (PSS of its processes; "
                  f"largest process {rebuild['largest_process_bytes'] / 1e6:,.0f} MB RSS); "
                  f"Tantivy built the same documents in {t['tantivy_build_seconds']:.0f} s, "
                  f"{t['tantivy_build_peak_bytes'] / 1e6:,.0f} MB at its peak. Search against "
                  f"Tantivy on the same documents and queries, interleaved:", ""]
        lines += format_table(t, f"{r['db']}: ")
    return lines


def main() -> None:
    import argparse
    import os
    import sys

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    sys.path[:0] = [str(root), str(root / ".ci")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "udsatteraad.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    import bench_search

    with tempfile.TemporaryDirectory(prefix="udsatteraad-tantivy-") as tmp:
        result = compare(bench_search.resolve_queries(), args.repeat, Path(tmp))
    print("\n".join(format_table(result)))
    if args.verbose:
        print("    hits (ours, Tantivy); CPU ms bare (ours, Tantivy), page (ours, Tantivy)")
        for q, mine, theirs, b1, b2, p1, p2 in result["counts"]:
            print(f"{mine:>8,} {theirs:>8,}  {b1:6.2f} {b2:6.2f}  {p1:6.2f} {p2:6.2f}  {q}")


if __name__ == "__main__":
    main()
