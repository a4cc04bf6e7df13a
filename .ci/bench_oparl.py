"""OParl lists at two archive sizes (issue 18): the first page, a page deep in the list
(followed by its `next` key) and the old numbered last page, per list, with time (median of
--repeat requests through Django's test client) and query count. Keyset pages must cost the
same at both sizes; numbered pages show what they used to cost.

    .venv/bin/python .ci/bench_oparl.py [--items 10000 100000] [--repeat 20]

Each size runs in a throw-away SQLite database of its own (migrate, generate_archive
--no-snapshots), in a process of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LISTS = ("meeting", "agendaitem", "paper")


def child(items: int, repeat: int, db: Path) -> dict:
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "udsatteraad.settings"
    os.environ.pop("SECRET_KEY", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    call_command("generate_archive", items=items, no_snapshots=True, verbosity=0)
    from udsatteraad.councils.models import Authority

    body = (Authority.objects.annotate(n=Count("councils__meetings"))
            .order_by("-n").values_list("pk", flat=True)[0])
    client = Client()

    def timed(path: str) -> tuple[float, int, dict]:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            data = client.get(path).json()
        count = len(queries)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times), count, data

    rows = {}
    for kind in LISTS:
        base = f"/oparl/v1.1/body/{body}/{kind}/?limit=20"
        first_ms, first_q, first = timed(base)
        # Deep in the list: follow the next links of 100-row pages to the last one.
        path, deep = f"/oparl/v1.1/body/{body}/{kind}/?limit=100", None
        hops = 0
        while path and hops < 2000:
            data = client.get(path).json()
            following = data["links"].get("next")
            if not following:
                break
            deep = following.split("/oparl/v1.1", 1)[1]
            path = "/oparl/v1.1" + deep
            hops += 1
        deep_path = ("/oparl/v1.1" + deep.replace("limit=100", "limit=20")) if deep else base
        deep_ms, deep_q, _ = timed(deep_path)
        numbered = client.get(base + "&page=1").json()["pagination"]
        last_ms, last_q, _ = timed(base + f"&page={numbered['totalPages']}")
        rows[kind] = {"total": numbered["totalElements"], "first": [first_ms, first_q],
                      "deep": [deep_ms, deep_q], "numbered_last": [last_ms, last_q]}
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.repeat, Path(args.db))))
        return
    print(f"{'items':>8}  {'list':<11}{'rows':>8}  {'first page':>16}  {'deep (after=)':>16}  "
          f"{'numbered last':>16}")
    for items in args.items:
        with tempfile.TemporaryDirectory(prefix="udsatteraad-oparl-bench-") as tmp:
            out = subprocess.run([sys.executable, __file__, "--child", str(items), "--repeat",
                                  str(args.repeat), "--db", f"{tmp}/db.sqlite3"],
                                 capture_output=True, text=True, check=False)
            if out.returncode != 0:
                sys.exit(out.stderr)
            rows = json.loads(out.stdout.strip().splitlines()[-1])
        for kind, r in rows.items():
            cells = [f"{ms:7.1f} ms {q:2d} q" for ms, q in (r["first"], r["deep"],
                                                          r["numbered_last"])]
            print(f"{items:>8,}  {kind:<11}{r['total']:>8,}  " + "  ".join(f"{c:>16}"
                                                                         for c in cells),
                  flush=True)


if __name__ == "__main__":
    main()
