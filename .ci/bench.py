"""`make bench`: the benchmarks, printed as a table.

1. Page rendering: the public and secretariat pages over the demo data (`load_demo`, in a
   throw-away SQLite database), through Django's test client: median and 95th percentile
   time, and the number of SQL queries.
2. Import parsing: `import_throughput` over the Randers seed minutes and
   data/testdata/minutes (Aarhus), then over a generated batch of N synthetic minutes
   (`udsatteraad/imports/batch.py`: two layouts, 20 % multi-page PDFs), parsed in W processes:
   documents and pages per second, all together and per format.

3. Search (.ci/bench_search.py): a synthetic national archive (100k items; --million for 1M)
   on SQLite and PostgreSQL: index build time and size, search p50/p95/p99 over 50 fixed
   queries against a LIKE/ILIKE scan, and the meeting page (docs/benchmarks.md).
4. Load (.ci/bench_load.py): 200 simulated users for 60 s against gunicorn on PostgreSQL
   (p50/p95/p99, requests/s, errors), and the cached meeting page through the documented nginx
   cache next to nginx serving the same bytes (the ratio). Skipped, saying why, without
   PostgreSQL or nginx.

Run from the repository root:
`.venv/bin/python .ci/bench.py [--repeat N] [--import-docs N] [--import-workers W]
[--search-items N | --million] [--search-repeat R] [--skip-postgres] [--write-docs]
[--load-seconds S] [--load-users U] [--skip-load]`
(`--search-items 0` skips the search benchmark).
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(tmp: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "udsatteraad.settings"
    os.environ.pop("SECRET_KEY", None)
    import django

    django.setup()
    from django.conf import settings

    # Measure as production runs (DEBUG also logs every query, which fills the query log that
    # the query counts read); demo logins need no slow hashing.
    settings.DEBUG = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    logging.getLogger("udsatteraad.access").disabled = True
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())


def page_urls() -> list[tuple[str, str]]:
    """(label, path): every council's public page and overview, and one held meeting."""
    from udsatteraad.councils.models import Council
    from udsatteraad.policy.public import public_meetings

    urls = [("public", "/"), ("public", "/raad/")]
    for council in Council.objects.order_by("slug"):
        urls.append(("public", f"/raad/{council.slug}/"))
    meeting = public_meetings().select_related("council").first()
    if meeting is not None:
        urls.append(("public", f"/raad/{meeting.council.slug}/moeder/{meeting.pk}/"))
    randers = Council.objects.filter(slug="randers").first()
    if randers is not None:
        for page in ("", "medlemmer/", "kommissorium/", "perioder/", "organisationer/"):
            urls.append(("admin", f"/sekretariat/{randers.slug}/{page}"))
    return urls


def secretariat_client():
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from udsatteraad.accounts.models import User

    client = Client()
    admin = User.objects.filter(is_superuser=True).first()
    if admin is None:
        return None
    client.force_login(admin)
    device = admin.totpdevice_set.filter(confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def bench_pages(repeat: int) -> list[tuple[str, ...]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {"public": Client(), "admin": secretariat_client()}
    rows = []
    for who, url in page_urls():
        client = clients[who]
        if client is None:
            continue
        client.get(url)  # warm caches (templates, translations)
        times = []
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        # Read now: every request start clears the connection's query log.
        query_count = len(queries)
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        rows.append((
            f"GET {url}" + (" (secretariat)" if who == "admin" else ""), str(status),
            f"{statistics.median(times):.1f} ms", f"{p95:.1f} ms", str(query_count),
        ))
    return rows


def bench_import() -> list[tuple[str, ...]]:
    from udsatteraad.imports.pipeline import import_throughput
    from udsatteraad.lib.paths import MINUTES_DIR, SEEDS_DIR

    sets = {
        "seed minutes (Randers 2021)": sorted(SEEDS_DIR.glob("003_*.txt")),
        "data/testdata/minutes": sorted(
            p for p in MINUTES_DIR.glob("*") if p.name != "README.md"
        ),
    }
    rows = []
    for label, paths in sets.items():
        if not paths:
            rows.append((f"parse {label}", "missing", "", "", "", ""))
            continue
        r = import_throughput(paths)
        rows.append((
            f"parse {label}", f"{r['documents'] - r['failed']}/{r['documents']} ok",
            f"{r['seconds'] * 1000:.0f} ms", f"{r['documents_per_second']:.1f} docs/s",
            f"{r['pages_per_second']:.1f} pages/s", f"{r['items']} items",
        ))
    return rows


def _throughput_worker(documents: list[bytes]) -> dict:
    import django
    from django.apps import apps

    if not apps.ready:  # a spawned (not forked) worker
        django.setup()
    from udsatteraad.imports.pipeline import import_throughput

    return import_throughput(documents)


def bench_import_batch(count: int, workers: int) -> tuple[str, list[tuple[str, ...]]]:
    """Parse a generated batch (udsatteraad/imports/batch.py) in `workers` processes, text
    and PDF documents in turn. Rates are per wall-clock second over all workers."""
    from concurrent.futures import ProcessPoolExecutor

    from udsatteraad.imports.batch import generate_batch

    started = time.perf_counter()
    docs = generate_batch(count)
    generated = time.perf_counter() - started
    totals = {"documents": 0, "failed": 0, "pages": 0, "items": 0, "seconds": 0.0}
    rows = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pool.submit(abs, 0).result()  # start the workers outside the timing
        for fmt in ("text", "pdf"):
            group = [d.data for d in docs if d.format == fmt]
            if not group:
                continue
            shares = [group[i::workers] for i in range(workers) if group[i::workers]]
            started = time.perf_counter()
            results = list(pool.map(_throughput_worker, shares))
            r = {key: sum(x[key] for x in results) for key in ("documents", "failed", "pages",
                                                                "items")}
            r["seconds"] = time.perf_counter() - started
            rows.append(_batch_row(fmt, r))
            for key in totals:
                totals[key] += r[key]
    rows.append(_batch_row("all", totals))
    n_pdf = sum(1 for d in docs if d.format == "pdf")
    title = (
        f"Import throughput, generated batch ({count} documents, {n_pdf} PDF; "
        f"{workers} process{'es' if workers > 1 else ''}; generated in {generated:.1f} s)"
    )
    return title, rows


def _batch_row(label: str, r: dict) -> tuple[str, ...]:
    seconds = r["seconds"] or 1e-9
    return (
        f"generated batch: {label}", f"{r['documents'] - r['failed']}/{r['documents']} ok",
        f"{r['seconds'] * 1000:.0f} ms", f"{r['documents'] / seconds:.1f} docs/s",
        f"{r['pages'] / seconds:.1f} pages/s", f"{r['items']} items, {r['pages']} pages",
    )


def print_table(title: str, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=False)]
    line = "  ".join("-" * w for w in widths)
    print(f"\n{title}\n{line}")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print(line)
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="requests per page")
    parser.add_argument(
        "--import-docs", type=int, default=200, metavar="N",
        help="documents in the generated import batch (0: skip it)",
    )
    parser.add_argument(
        "--import-workers", type=int, default=min(2, os.cpu_count() or 1), metavar="W",
        help="processes that parse the generated batch",
    )
    import bench_load  # beside this file
    import bench_search

    bench_search.add_arguments(parser)
    bench_load.add_arguments(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="udsatteraad-bench-") as tmp:
        started = time.perf_counter()
        setup_django(Path(tmp))
        print(f"demo data loaded in {time.perf_counter() - started:.1f} s")
        print_table(
            f"Pages ({args.repeat} requests each, Django test client, SQLite)",
            ("page", "status", "median", "p95", "queries"), bench_pages(args.repeat),
        )
        print_table(
            "Import parsing (no database)",
            ("documents", "parsed", "time", "docs/s", "pages/s", "found"), bench_import(),
        )
        if args.import_docs > 0:
            title, rows = bench_import_batch(args.import_docs, max(1, args.import_workers))
            print_table(title, ("documents", "parsed", "time", "docs/s", "pages/s", "found"),
                        rows)
    # Each database in a process of its own, after this one is done with its demo data.
    status = bench_search.run(args)
    status |= bench_load.run(args)
    sys.exit(status)


if __name__ == "__main__":
    main()
