"""`make bench`, the search part (issue 4): a synthetic national archive on SQLite and on
PostgreSQL, indexed, searched with 50 fixed queries, compared with a naive LIKE/ILIKE scan,
and the meeting page rendered; one table. docs/benchmarks.md says what is measured and how.

Each database runs in a fresh database and a process of its own (Django is set up once per
process: `--db sqlite|postgresql --url URL ...` is the child's command line), which writes its
figures as JSON for this parent. To build an archive once and keep it for repeated runs of
.ci/bench_tantivy.py (profiling), run the child alone with --build-only:

    .venv/bin/python .ci/bench_search.py --db sqlite --url sqlite:////tmp/b.sqlite3 \
        --items 100000 --json-out /tmp/b.json --build-only

PostgreSQL: BENCH_PG_URL (a database is created on that server and dropped afterwards); else a
throw-away cluster from initdb/pg_ctl in a temp dir (as user postgres when run as root),
removed at the end; else skipped, saying why.

    .venv/bin/python .ci/bench_search.py [--search-items N | --million] [--search-repeat R]
                                         [--skip-postgres] [--write-docs] [--verbose]

`.ci/bench.py` runs it after its own tables, with the same options. Nothing is written to the
repository unless --write-docs is given (it updates the table in docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / ".ci"))
import bench_tantivy  # noqa: E402

DOCS = ROOT / "docs" / "benchmarks.md"

# (query, filters). Filters name things, resolved in the database: council slug, target
# group / focus area name. "#case1"/"#case2" are replaced by case numbers found in the data.
QUERIES: list[tuple[str, dict]] = [
    ("hjemløse", {}), ("hjemløshed", {}), ("misbrug", {}), ("borgernes", {}), ("møder", {}),
    ("væresteder", {}), ("sundhed", {}), ("psykiatri", {}), ("udsatterådet", {}),
    ("diabetes", {}), ("prævention", {}), ("tandpleje", {}), ("grønlandere", {}),
    ("kontanthjælpsmodtagere", {}), ("stormødet", {}), ("høringssvar", {}), ("natcaféen", {}),
    ("rusmiddelbehandlingen", {}), ("organisationerne", {}), ("ensomhed", {}),
    ("Kløverengen", {}), ("WeShelter", {}), ("Læsø", {}), ("stofindtagelsesrum", {}),
    ("exitprogrammer", {}),
    ("hjemløse borgere", {}), ("socialt udsatte borgere", {}), ("lighed i sundhed", {}),
    ("vold i nære relationer", {}), ("skæve boliger", {}), ("plan for udsatteområdet", {}),
    ("tidlig opsporing", {}), ("housing first", {}), ("psykisk sårbare unge", {}),
    ("dialogmøde socialudvalget", {}), ("Kirkens Korshær", {}), ("stofmisbrug behandling", {}),
    ("brugerrepræsentanter væresteder", {}), ("udsatte grønlandere", {}),
    ("sindslidelse misbrug hjemløshed", {}), ("Fanø væresteder", {}),
    ("hjemløse tandlægeskræk", {}),  # no item has both: the some-words fallback
    ("hjemløse", {"council": "aarhus"}), ("misbrug", {"year": 2021}),
    ("møder", {"meeting_kind": "dialogue"}),
    ("sundhed", {"council": "region-midtjylland", "year": 2023}),
    ("boliger", {"target_group": "Hjemløse"}),
    ("udsatte borgere", {"focus_area": "Psykiatri", "year": 2019}),
    ("#case1", {}), ("#case2", {}),
]


def percentile(values: list[float], q: float) -> float:
    """Nearest rank: the smallest value with at least q of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else float("nan")


def summary(values: list[float]) -> dict:
    return {"p50": percentile(values, 0.50), "p95": percentile(values, 0.95),
            "p99": percentile(values, 0.99), "mean": statistics.fmean(values) if values else 0,
            "max": max(values, default=0), "n": len(values)}


# --- The child: one database ---------------------------------------------------------------


def child(args: argparse.Namespace) -> None:
    os.environ["DATABASE_URL"] = args.url
    os.environ["DJANGO_SETTINGS_MODULE"] = "udsatteraad.settings"
    os.environ.pop("SECRET_KEY", None)
    sys.path.insert(0, str(ROOT))
    import logging

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.DEBUG = False  # as production runs; DEBUG also keeps a log of every query
    logging.getLogger("udsatteraad.access").disabled = True
    from udsatteraad.search.synthetic import generate

    def say(message: str) -> None:
        print(f"[{args.db}] {message}", flush=True)

    out: dict = {"db": args.db, "items": args.items}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    out["migrate_seconds"] = time.perf_counter() - started
    say(f"migrated in {out['migrate_seconds']:.1f} s; generating {args.items:,} items")
    out["generate"] = generate(items=args.items, seed=args.seed, progress=say,
                               snapshots=not args.no_snapshots)
    out["generate_seconds"] = out["generate"]["seconds"]
    out["analyze_seconds"] = analyze(connection)
    say(f"generated in {out['generate_seconds']:.1f} s; building the index")
    out["rebuild"] = bench_tantivy.measure_rebuild(args.url, ROOT)
    out["index"] = index_figures()
    out["index_seconds"] = out["rebuild"]["seconds"]
    out["analyze_after_index_seconds"] = analyze(connection)
    out.update(sizes(connection))
    if args.build_only:  # keep the database for repeated runs of bench_tantivy.py
        say(f"index built in {out['index_seconds']:.1f} s ({out['index_bytes'] / 1e6:.0f} MB); "
            f"kept: DATABASE_URL={args.url} .venv/bin/python .ci/bench_tantivy.py")
        Path(args.json_out).write_text(json.dumps(out, default=str), encoding="utf-8")
        return
    say(f"index built in {out['index_seconds']:.1f} s ({out['index_bytes'] / 1e6:.0f} MB); "
        f"{len(QUERIES)} queries x {args.repeat}")
    queries = resolve_queries()
    out["queries"] = bench_queries(queries, args.repeat)
    out["search"] = summary([t for q in out["queries"] for t in q["ms"]])
    say(f"search p50 {out['search']['p50']:.1f} ms, p95 {out['search']['p95']:.1f} ms; "
        f"Tantivy")
    with tempfile.TemporaryDirectory(prefix="udsatteraad-tantivy-") as tmp:
        out["tantivy"] = bench_tantivy.compare(queries, args.repeat, Path(tmp), say)
    say("\n".join(bench_tantivy.format_table(out["tantivy"])) + "\nLIKE baseline")
    step = len(queries) / max(1, min(len(queries), args.like_queries))
    out["baseline_queries"] = bench_baseline(
        [{**queries[int(k * step)], "i": int(k * step)}
         for k in range(min(len(queries), args.like_queries))])
    out["baseline"] = summary([q["ms"] for q in out["baseline_queries"]])
    out["page"] = bench_page(args.page_repeat)
    say(f"done: LIKE p50 {out['baseline']['p50']:.0f} ms; meeting page "
        f"{out['page'].get('median', 0):.1f} ms")
    Path(args.json_out).write_text(json.dumps(out, default=str), encoding="utf-8")


def index_figures() -> dict:
    from udsatteraad.search.models import SearchDocument, SearchPosting, SearchSegment

    return {"documents": SearchDocument.objects.count(),
            "segments": SearchSegment.objects.count(),
            "postings": SearchPosting.objects.count()}


def analyze(connection) -> float:
    """What autovacuum (PostgreSQL) or a maintained installation (SQLite) has done by the
    time the archive is searched: the planner knows the tables."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


SEARCH_TABLES = ["search_searchdocument", "search_searchsegment", "search_searchposting"]
SIZE_SQL = {  # bytes of tables with their indexes; of the database; the version
    "postgresql": ("SELECT COALESCE(SUM(pg_total_relation_size(oid)), 0) FROM pg_class "
                   "WHERE relkind = 'r' AND relname IN ({})",
                   "SELECT pg_database_size(current_database())",
                   "SELECT 'PostgreSQL ' || current_setting('server_version')"),
    "sqlite": ("SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name IN "
               "(SELECT name FROM sqlite_master WHERE tbl_name IN ({}))",
               "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
               "SELECT 'SQLite ' || sqlite_version()"),
}


def sizes(connection) -> dict:
    """The search tables (and the postings alone: the documents hold the searchable text),
    the whole database, and the database's version."""
    tables, database, version = SIZE_SQL[connection.vendor]
    with connection.cursor() as cursor:
        def one(sql: str, params: list | None = None):
            cursor.execute(sql, params or [])
            return cursor.fetchone()[0]

        def size(names: list[str]) -> int:
            return int(one(tables.format(", ".join(["%s"] * len(names))), names))

        return {"index_bytes": size(SEARCH_TABLES), "postings_bytes": size(SEARCH_TABLES[1:]),
                "database_bytes": int(one(database)), "version": one(version).split(" (")[0]}


def resolve_queries() -> list[dict]:
    """The fixed queries with their filters as ids, and the case-number queries filled in
    with the case numbers of two open items of published minutes (a third and two thirds
    into the archive)."""
    from udsatteraad.councils.models import Council, FocusArea, TargetGroup
    from udsatteraad.meetings.models import AgendaItem

    items = (AgendaItem.objects.filter(is_public=True, meeting__status="minutes_published")
             .exclude(origin="standard").order_by("id"))
    count = items.count()
    cases = [items.values_list("case_number", flat=True)[max(0, count * k // 3)]
             for k in (1, 2)] if count else ["21/874", "EMN-2021-01234"]
    resolved = []
    for query, names in QUERIES:
        filters = dict(names)
        if "council" in filters:
            filters["council"] = Council.objects.get(slug=filters["council"]).pk
        if "target_group" in filters:
            filters["target_group"] = TargetGroup.objects.get(name=filters["target_group"]).pk
        if "focus_area" in filters:
            filters["focus_area"] = FocusArea.objects.get(name=filters["focus_area"]).pk
        if query.startswith("#case"):
            query = cases[int(query[-1]) - 1]
        resolved.append({"q": query, "filters": filters, "names": names})
    return resolved


def bench_queries(queries: list[dict], repeat: int) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from udsatteraad.search.engine import search

    rows = []
    for query in queries:
        results = search(query["q"], page=1, per_page=20, **query["filters"])  # warm-up
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            search(query["q"], page=1, per_page=20, **query["filters"])
            times.append((time.perf_counter() - started) * 1000)
        # The statements of a warm search (PostgreSQL: the ranking's are kept, postings.py),
        # counted after the timed runs, since logging them slows the statements down.
        with CaptureQueriesContext(connection) as captured:
            search(query["q"], page=1, per_page=20, **query["filters"])
        rows.append({**query, "ms": times, "total": results.total, "hits": len(results.hits),
                     "sql_queries": len(captured), "some_words": results.some_words,
                     "case_number_match": any(h.case_number_match for h in results.hits)})
    return rows


def baseline_sql(query: dict, vendor: str) -> tuple[str, list]:
    """The naive search: every word as %word% in the text of the open items of public
    meetings, the number of matches and the 20 newest, in one scan."""
    from django.db import connection

    from udsatteraad.meetings.models import AgendaItem, Meeting

    like = "ILIKE" if vendor == "postgresql" else "LIKE"
    text = "(i.title || ' ' || i.summary || ' ' || i.case_presentation || ' ' || i.decision)"
    where = ["i.is_public", "m.status NOT IN (%s, %s)"]
    params: list = [Meeting.Status.PLANNED, Meeting.Status.CANCELLED]
    for word in query["q"].lower().split():
        where.append(f"{text} {like} %s")
        params.append(f"%{word}%")
    f = query["filters"]
    if "council" in f:
        where.append("m.council_id = %s")
        params.append(f["council"])
    if "year" in f:
        tz = dt.timezone(dt.timedelta(hours=1))
        where.append("m.start >= %s AND m.start < %s")
        params += [connection.ops.adapt_datetimefield_value(dt.datetime(y, 1, 1, tzinfo=tz))
                   for y in (f["year"], f["year"] + 1)]
    if "meeting_kind" in f:
        where.append("m.kind = %s")
        params.append(f["meeting_kind"])
    for key, through, column in (("target_group", AgendaItem.target_groups.through,
                                  "targetgroup_id"),
                                 ("focus_area", AgendaItem.focus_areas.through, "focusarea_id")):
        if key in f:
            where.append(f"EXISTS (SELECT 1 FROM {through._meta.db_table} t WHERE "
                         f"t.agendaitem_id = i.id AND t.{column} = %s)")
            params.append(f[key])
    sql = (f"SELECT i.id, COUNT(*) OVER () FROM {AgendaItem._meta.db_table} i "
           f"JOIN {Meeting._meta.db_table} m ON m.id = i.meeting_id WHERE {' AND '.join(where)} "
           "ORDER BY m.start DESC, i.position LIMIT 20")
    return sql, params


def bench_baseline(queries: list[dict]) -> list[dict]:
    from django.db import connection

    rows = []
    with connection.cursor() as cursor:
        sql, params = baseline_sql(queries[0], connection.vendor)
        cursor.execute(sql, params)  # one warm-up scan: the table is read into the cache
        cursor.fetchall()
        for query in queries:
            sql, params = baseline_sql(query, connection.vendor)
            started = time.perf_counter()
            cursor.execute(sql, params)
            found = cursor.fetchall()
            ms = (time.perf_counter() - started) * 1000
            rows.append({"q": query["q"], "names": query["names"], "i": query["i"], "ms": ms,
                         "total": found[0][1] if found else 0})
    return rows


def bench_page(repeat: int) -> dict:
    """The public page of a meeting with published minutes and 10 items (the middle one of
    them by id), rendered through the test client."""
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from udsatteraad.meetings.models import Meeting

    meetings = (Meeting.objects.filter(status="minutes_published")
                .annotate(n=Count("items")).filter(n=10).order_by("id"))
    count = meetings.count()
    if not count:
        return {}
    meeting = meetings.select_related("council")[count // 2]
    url = f"/raad/{meeting.council.slug}/moeder/{meeting.pk}/"
    client = Client()
    client.get(url)  # templates, translations
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    queries = len(captured)  # read now: the next request clears the log
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return {"url": url, "status": status, "queries": queries,
            "median": statistics.median(times), "p95": percentile(times, 0.95)}


# --- The parent: databases, table, docs ----------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("search benchmark")
    group.add_argument("--search-items", type=int, default=100_000, metavar="N",
                       help="items in the synthetic archive (0: skip the search benchmark)")
    group.add_argument("--million", action="store_true", help="1,000,000 items")
    group.add_argument("--search-repeat", type=int, default=3, metavar="R",
                       help="timed runs of each query after its warm-up")
    group.add_argument("--search-seed", type=int, default=1, help="seed of the archive")
    group.add_argument("--page-repeat", type=int, default=20,
                       help="requests of the meeting page")
    group.add_argument("--like-queries", type=int, default=len(QUERIES), metavar="N",
                       help="run the LIKE baseline on N of the queries, evenly spread (each "
                            "is a full scan: minutes at 1M items)")
    group.add_argument("--no-snapshots", action="store_true",
                       help="generate without minutes versions (smaller database)")
    group.add_argument("--skip-postgres", action="store_true")
    group.add_argument("--write-docs", action="store_true",
                       help="update the table in docs/benchmarks.md")
    group.add_argument("--verbose", action="store_true", help="also print every query")


def run_child(db: str, url: str, args: argparse.Namespace, tmp: Path) -> dict:
    out = tmp / f"{db}.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--db", db, "--url", url,
               "--items", str(args.items), "--repeat", str(args.search_repeat),
               "--seed", str(args.search_seed), "--page-repeat", str(args.page_repeat),
               "--like-queries", str(args.like_queries),
               "--json-out", str(out)] + (["--no-snapshots"] if args.no_snapshots else [])
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, check=False)
    if result.returncode != 0 or not out.exists():
        return {"db": db, "error": f"exit {result.returncode}"}
    data = json.loads(out.read_text(encoding="utf-8"))
    data["wall_seconds"] = time.perf_counter() - started
    return data


def free_port(start: int = 54400) -> int:
    port = start
    while True:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
        port += 1


class ThrowawayCluster:
    """A PostgreSQL cluster in a temp dir, like .ci/run's start_postgres (durability off)."""

    def __init__(self):
        self.dir: Path | None = None
        self.bin: Path | None = None
        self.as_postgres: list[str] = []

    def find(self) -> str | None:
        """None when a cluster can be started, else why not."""
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                       key=lambda p: [int(x) for x in re.findall(r"\d+", p.parts[-3])])
        initdb = str(found[-1]) if found else shutil.which("initdb")
        if not initdb or not Path(initdb).with_name("pg_ctl").exists():
            return "no BENCH_PG_URL, and initdb/pg_ctl not found"
        self.bin = Path(initdb).parent
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            import pwd

            if not shutil.which("runuser") or "postgres" not in {u.pw_name for u in pwd.getpwall()}:
                return "running as root, without runuser or a postgres user to run PostgreSQL"
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        return None

    def start(self) -> str:
        # A directory of its own in /tmp: the postgres user cannot enter ours.
        self.dir = Path(tempfile.mkdtemp(prefix="udsatteraad-bench-pg-"))
        if self.as_postgres:
            shutil.chown(self.dir, "postgres")
        port = free_port()
        run = [*self.as_postgres]
        subprocess.run([*run, str(self.bin / "initdb"), "-D", str(self.dir / "data"), "-U",
                        "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
                        "--no-sync"], check=True, stdout=subprocess.DEVNULL)
        options = (f"-c listen_addresses=127.0.0.1 -c port={port} "
                   f"-c unix_socket_directories={self.dir} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        subprocess.run([*run, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-l",
                        str(self.dir / "server.log"), "-w", "-t", "60", "-o", options, "start"],
                       check=True, stdout=subprocess.DEVNULL)
        return f"postgres://postgres@127.0.0.1:{port}/postgres"

    def stop(self) -> None:
        if self.dir is None:
            return
        if (self.dir / "data" / "postmaster.pid").exists():
            subprocess.run([*self.as_postgres, str(self.bin / "pg_ctl"), "-D",
                            str(self.dir / "data"), "-m", "fast", "-w", "stop"],
                           check=False, stdout=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)


def fresh_database(server_url: str) -> tuple[str, str]:
    """Create an empty database on the server of server_url: (its URL, its name)."""
    import psycopg

    name = f"udsatteraad_bench_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _sep, _db = server_url.partition("?")[0].rpartition("/")
    query = server_url.partition("?")[2]
    return f"{base}/{name}" + (f"?{query}" if query else ""), name


def drop_database(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_postgres(args: argparse.Namespace, tmp: Path, info: dict) -> dict:
    url = os.environ.get("BENCH_PG_URL", "").strip()
    cluster = None
    if not url:
        cluster = ThrowawayCluster()
        why = cluster.find()
        if why:
            return {"db": "postgresql", "skipped": why}
        info["postgres"] = (f"a throw-away cluster from {cluster.bin} (initdb defaults; fsync, "
                            "synchronous_commit and full_page_writes off)")
        print(f"== PostgreSQL: {info['postgres']}", flush=True)
        try:
            url = cluster.start()
        except (subprocess.CalledProcessError, OSError) as e:
            log = cluster.dir / "server.log" if cluster.dir else None
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            cluster.stop()
            return {"db": "postgresql", "error": f"could not start PostgreSQL: {e}\n{tail}"}
    else:
        info["postgres"] = "a fresh database on the server of BENCH_PG_URL"
        print(f"== PostgreSQL: {info['postgres']}", flush=True)
    try:
        db_url, name = fresh_database(url)
        try:
            return run_child("postgresql", db_url, args, tmp)
        finally:
            drop_database(url, name)
    except Exception as e:  # a broken server must not hide the SQLite figures
        return {"db": "postgresql", "error": f"{type(e).__name__}: {e}"}
    finally:
        if cluster is not None:
            cluster.stop()


def machine() -> dict:
    def read(path: str, pattern: str) -> str:
        try:
            return re.search(pattern, Path(path).read_text())[1]  # type: ignore[index]
        except (OSError, TypeError):
            return ""

    tmp = Path(tempfile.gettempdir())
    disk = f"{shutil.disk_usage(tmp).total / 1e9:.0f} GB"
    mounts = [line.split() for line in Path("/proc/mounts").read_text().splitlines()]
    mount = max((m for m in mounts if str(tmp).startswith(m[1])), key=lambda m: len(m[1]))
    flag = Path(f"/sys/block/{mount[0].rsplit('/', 1)[-1]}/queue/rotational")
    kind = {"0": "non-rotational", "1": "rotational"}.get(
        flag.read_text().strip() if flag.exists() else "", "?")
    import sqlite3

    return {"cpus": os.cpu_count(), "cpu": read("/proc/cpuinfo", r"model name\s*:\s*(.+)") or "?",
            "ram": f"{int(read('/proc/meminfo', r'MemTotal:\s+(\d+)') or 0) / 2**20:.0f} GB",
            "disk": f"{mount[0]} ({mount[2]}, {kind} per the kernel), {disk}, temp dir {tmp}",
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "django": importlib.metadata.version("django"),
            "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
            "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}


def ms(value: float) -> str:
    return f"{value:.1f} ms" if value < 10 else f"{value:,.0f} ms"


def ratio(slow: float, fast: float) -> str:
    value = slow / fast if fast else float("nan")
    return f"{value:.1f}x" if value < 10 else f"{value:,.0f}x"


def megabytes(value: int) -> str:
    return f"{value / 1e6:,.0f} MB"


HEADER = ("database", "items", "generate", "index build", "index size (postings)", "search p50",
          "p95", "p99", "LIKE p50", "LIKE p95", "LIKE p99", "LIKE/search (p50, p95)",
          "meeting page median / p95", "page queries")


def table_rows(results: list[dict]) -> list[tuple[str, ...]]:
    rows = []
    for r in results:
        if "search" not in r:
            why = r.get("skipped") and f"skipped: {r['skipped']}" or f"failed: {r.get('error')}"
            rows.append((r["db"], why.splitlines()[0], *[""] * (len(HEADER) - 2)))
            continue
        s, b, page = r["search"], r["baseline"], r.get("page") or {}
        rows.append((
            r["version"], f"{r['items']:,}", f"{r['generate_seconds']:.0f} s",
            f"{r['index_seconds']:.0f} s",
            f"{megabytes(r['index_bytes'])} ({megabytes(r['postings_bytes'])})",
            ms(s["p50"]), ms(s["p95"]), ms(s["p99"]), ms(b["p50"]), ms(b["p95"]), ms(b["p99"]),
            f"{ratio(b['p50'], s['p50'])}, {ratio(b['p95'], s['p95'])}",
            (f"{ms(page['median'])} / {ms(page['p95'])}"
             + ("" if page["status"] == 200 else f" (HTTP {page['status']})")) if page
            else "no meeting with 10 items",
            str(page.get("queries", "")),
        ))
    return rows


def markdown(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def details(r: dict) -> list[str]:
    """Lines under the table: the archive, the index, and the median by how common a query
    is (rare: under 1 % of the documents match, common: over 10 %)."""
    if "search" not in r:
        return [f"- {r['db']}: {r.get('skipped') or r.get('error')}"]
    g, index = r["generate"], r["index"]
    documents = max(1, index.get("documents") or g["public_items"])
    classes: dict[str, list[float]] = {"rare": [], "medium": [], "common": []}
    counts = dict.fromkeys(classes, 0)
    for q in r["queries"]:
        share = q["total"] / documents
        name = "rare" if share < 0.01 else "medium" if share <= 0.10 else "common"
        classes[name] += q["ms"]
        counts[name] += 1
    by_class = ", ".join(f"{k} ({counts[k]} queries) {ms(statistics.median(v))}"
                         for k, v in classes.items() if v)
    return [
        f"- {r['version']}: {g['items']:,} items ({g['public_items']:,} open in public "
        f"meetings, {g['closed_items']:,} closed) in {g['meetings']:,} meetings of "
        f"{g['councils']} councils, {g['words_per_item']} words an item, "
        f"{g['minutes_versions']:,} minutes versions; database {megabytes(r['database_bytes'])}. "
        f"Index: {index.get('documents', '?'):,} documents, {index.get('segments', '?')} "
        f"segments, {index.get('postings', '?'):,} postings. Search median by query: "
        f"{by_class}; {statistics.median(q['sql_queries'] for q in r['queries']):.0f} SQL "
        f"queries a warm search. Wall time {r['wall_seconds']:.0f} s (migrate "
        f"{r['migrate_seconds']:.0f} s, ANALYZE "
        f"{r['analyze_seconds'] + r['analyze_after_index_seconds']:.0f} s)."
    ]


def query_table(results: list[dict]) -> str:
    done = [r for r in results if "search" in r]
    if not done:
        return ""
    header = ["query", "filters"]
    for r in done:
        header += [f"{r['db']} hits", "p50", "LIKE", "LIKE hits"]
    rows = []
    for i, q in enumerate(done[0]["queries"]):
        row = [q["q"], ", ".join(f"{k}={v}" for k, v in q["names"].items())]
        for r in done:
            mine = r["queries"][i]
            like = {b["i"]: b for b in r["baseline_queries"]}.get(i)
            row += [f"{mine['total']:,}", ms(statistics.median(mine["ms"])),
                    ms(like["ms"]) if like else "", f"{like['total']:,}" if like else ""]
        rows.append(tuple(row))
    return markdown(tuple(header), rows)


def report(results: list[dict], info: dict, args: argparse.Namespace, seconds: float) -> str:
    lines = [
        f"{args.items:,} items, {len(QUERIES)} queries x {args.search_repeat} after a warm-up "
        f"(first page of 20 hits with snippets), LIKE baseline once per query"
        f"{'' if args.like_queries >= len(QUERIES) else f' on {args.like_queries} of them'}, "
        f"meeting page "
        f"{args.page_repeat} requests. Measured {info['date']} in {seconds:.0f} s (both "
        f"databases); load average {info['load']} at the start. Machine: {info['cpus']} CPUs "
        f"({info['cpu']}), {info['ram']} RAM, {info['disk']}; Python {info['python']}, Django "
        f"{info['django']}; PostgreSQL: {info.get('postgres', 'not run')}.",
        "", markdown(HEADER, table_rows(results)), "",
    ]
    for r in results:
        lines += details(r)
    lines += bench_tantivy.report_lines(results)
    return "\n".join(line if line.startswith("|") else
                     textwrap.fill(line, 95, subsequent_indent="  " * line.startswith("- "))
                     for line in lines)


def write_docs(text: str, items: int) -> None:
    start, end = f"<!-- search-bench {items} start -->", f"<!-- search-bench {items} end -->"
    block = f"{start}\n{text}\n{end}"
    current = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    if start in current and end in current:
        current = current[:current.index(start)] + block + current[current.index(end) + len(end):]
    else:
        current = current.rstrip("\n") + f"\n\n## Search, {items:,} items\n\n{block}\n"
    DOCS.write_text(current, encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    """The search benchmark for the parsed options; returns the exit status."""
    args.items = 1_000_000 if args.million else args.search_items
    if args.items <= 0:
        return 0
    started = time.perf_counter()
    info = machine()
    print(f"\n== Search benchmark: {args.items:,} items on SQLite and PostgreSQL", flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="udsatteraad-search-bench-") as tmp:
        print("== SQLite: a temp file", flush=True)
        results.append(run_child("sqlite", f"sqlite:///{tmp}/bench.sqlite3", args, Path(tmp)))
        Path(tmp, "bench.sqlite3").unlink(missing_ok=True)  # gigabytes at 1M items
        if args.skip_postgres:
            results.append({"db": "postgresql", "skipped": "--skip-postgres"})
        else:
            results.append(bench_postgres(args, Path(tmp), info))
    seconds = time.perf_counter() - started
    text = report(results, info, args, seconds)
    print("\n" + text)
    if args.verbose:
        print("\n" + query_table(results))
    print(f"\nsearch benchmark: {seconds:.0f} s in all")
    if args.write_docs:
        write_docs(text, args.items)
        print(f"updated {DOCS.relative_to(ROOT)}")
    return 1 if any("error" in r for r in results) else 0


def main() -> None:
    if "--db" in sys.argv:
        parser = argparse.ArgumentParser()
        parser.add_argument("--db", required=True, choices=["sqlite", "postgresql"])
        parser.add_argument("--url", required=True)
        parser.add_argument("--items", type=int, required=True)
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--page-repeat", type=int, default=20)
        parser.add_argument("--like-queries", type=int, default=len(QUERIES))
        parser.add_argument("--no-snapshots", action="store_true")
        parser.add_argument("--json-out", required=True)
        parser.add_argument("--build-only", action="store_true",
                            help="generate and index, then stop (the database is kept)")
        child(parser.parse_args())
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    sys.exit(run(parser.parse_args()))


if __name__ == "__main__":
    main()
