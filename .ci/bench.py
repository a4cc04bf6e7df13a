"""`make bench`: the benchmarks, printed as a table.

1. Page rendering: the public and secretariat pages over the demo data (`load_demo`, in a
   throw-away SQLite database), through Django's test client: median and 95th percentile
   time, and the number of SQL queries.
2. Import parsing: `import_throughput` over the Randers seed minutes and
   ../shared/testdata/minutes.

Run from the repository root: `.venv/bin/python .ci/bench.py [--repeat N]`.
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
    from udsatteraad.meetings.models import Meeting

    urls = [("public", "/"), ("public", "/raad/")]
    for council in Council.objects.order_by("slug"):
        urls.append(("public", f"/raad/{council.slug}/"))
    meeting = Meeting.objects.public().select_related("council").first()
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

    sets = {
        "seed minutes (Randers 2021)": sorted(
            (ROOT.parent / "shared" / "seeds").glob("003_*.txt")
        ),
        "../shared/testdata/minutes": sorted(
            p for p in (ROOT.parent / "shared" / "testdata" / "minutes").glob("*")
            if p.name != "README.md"
        ),
    }
    rows = []
    for label, paths in sets.items():
        if not paths:
            rows.append((f"parse {label}", "missing", "", "", ""))
            continue
        r = import_throughput(paths)
        rows.append((
            f"parse {label}", f"{r['documents'] - r['failed']}/{r['documents']} ok",
            f"{r['seconds'] * 1000:.0f} ms", f"{r['documents_per_second']:.1f} docs/s",
            f"{r['items']} items",
        ))
    return rows


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
            "Import parsing (no database)", ("documents", "parsed", "time", "rate", "found"),
            bench_import(),
        )


if __name__ == "__main__":
    main()
