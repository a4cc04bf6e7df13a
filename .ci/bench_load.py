"""Load benchmark: the production server (gunicorn, gunicorn.conf.py, DEBUG off, whitenoise)
over the demo data, with N concurrent simulated users for a bounded time, on loopback only.

Not part of CI or `make bench` (yet): run it by hand from the repository root,

    .venv/bin/python .ci/bench_load.py [--seconds 60] [--users 200] [--members 20]
        [--think 0.5] [--workers N] [--database-url postgres://...] [--port 8765]

Each simulated user requests a page, waits `--think` seconds (jittered) and requests the next:
public pages (home, councils, council pages, meeting pages, the easy-read page, the meeting
archive), PDFs (agenda, minutes), search, OParl (system, bodies, meetings, a meeting), feeds
and iCal; `--members` of the users log in as the demo member and also open their own pages
(/mine/, the member meeting page). At the end it prints requests per second, errors (status
>= 400 or a failed connection) and p50/p95/p99 latency per kind and overall.

Without --database-url it builds a throw-away SQLite database (migrate + load_demo); with one
it expects a migrated database holding the demo (`manage.py load_demo`). It never listens on
anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

# Prints {"kind": [paths]} for the database in the environment.
DISCOVER = """
import json, django
django.setup()
from django.db.models import Count
from udsatteraad.councils.models import Council
from udsatteraad.meetings.models import Meeting
councils = list(Council.objects.order_by("slug"))
held = list(Meeting.objects.public().select_related("council").order_by("-start")[:10])
minutes = [m for m in held if m.status == "minutes_published"]
urls = {
    "page": ["/", "/raad/"] + [f"/raad/{c.slug}/" for c in councils]
            + [f"/raad/{c.slug}/moeder/" for c in councils]
            + [f"/raad/{m.council.slug}/moeder/{m.pk}/" for m in held],
    "pdf": [f"/raad/{m.council.slug}/moeder/{m.pk}/dagsorden.pdf" for m in held[:3]]
           + [f"/raad/{m.council.slug}/moeder/{m.pk}/referat.pdf" for m in minutes[:3]],
    "search": ["/soeg/?q=" + q for q in ("bolig", "hjemløse", "rådet", "referat", "sundhed",
                                          "misbrug", "budget", "udsatte+borgere")],
    "oparl": ["/oparl/v1.1/", "/oparl/v1.1/body/"]
             + [f"/oparl/v1.1/meeting/{m.pk}/" for m in held[:5]],
    "feed": ["/feed.rss", "/feed.atom"] + [f"/raad/{c.slug}/kalender.ics" for c in councils],
    "member": ["/mine/"] + [f"/mine/moeder/{m.pk}/" for m in held
                            if m.council.slug == "randers"][:2],
}
print(json.dumps(urls))
"""
# How often each kind is asked for by an anonymous visitor (a member also gets "member").
WEIGHTS = {"page": 50, "pdf": 8, "search": 15, "oparl": 12, "feed": 15}
MEMBER_WEIGHTS = WEIGHTS | {"member": 40}
MEMBER_LOGIN = ("mads.paahitsen@randers.example", "demo-udsatteraad")


def environment(args, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "GUNICORN_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "udsatteraad.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "DATABASE_URL": args.database_url or f"sqlite:///{tmp / 'load.sqlite3'}",
        "GUNICORN_BIND": f"{HOST}:{args.port}",
        # The access log of thousands of requests would only cost the server time.
        "GUNICORN_ACCESS_LOG": "",
        "LOG_LEVEL": "WARNING",
    }
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args[:3])} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare(args, env: dict[str, str]) -> dict[str, list[str]]:
    if not args.database_url:
        print("Building the demo database (migrate, load_demo) ...", flush=True)
        manage(env, "-c", "import django; django.setup(); from django.core.management import "
               "call_command as c; c('migrate', verbosity=0); c('load_demo', verbosity=0)")
    manage(env, "manage.py", "collectstatic", "--noinput", "--verbosity", "0")
    return json.loads(manage(env, "-c", DISCOVER).strip().splitlines()[-1])


def start_server(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py",
         "udsatteraad.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )


def wait_ready(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited:\n{server.stderr.read() if server.stderr else ''}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    sys.exit("gunicorn did not answer /healthz in time")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


async def log_in(client: httpx.AsyncClient) -> bool:
    page = await client.get("/konto/log-ind/")
    token = client.cookies.get("csrftoken")
    if page.status_code != 200 or not token:
        return False
    email, password = MEMBER_LOGIN
    done = await client.post("/konto/log-ind/", data={
        "csrfmiddlewaretoken": token, "email": email, "password": password,
    }, headers={"Referer": f"{client.base_url}/konto/log-ind/"})
    return done.status_code == 302 and "sessionid" in client.cookies


async def user(base: str, urls: dict[str, list[str]], member: bool, until: float, think: float,
               results: dict[str, list[float]], errors: dict[str, int], seed: int) -> None:
    rng = random.Random(seed)
    weights = MEMBER_WEIGHTS if member else WEIGHTS
    kinds = [k for k in weights if urls.get(k)]
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        # Users arrive over the first second instead of all at once.
        await asyncio.sleep(rng.random())
        if member and not await log_in(client):
            errors["login"] += 1
            return
        while time.monotonic() < until:
            kind = rng.choices(kinds, [weights[k] for k in kinds])[0]
            url = rng.choice(urls[kind])
            started = time.perf_counter()
            try:
                response = await client.get(url)
                ok = response.status_code < 400
            except httpx.HTTPError:
                ok = False
            took = time.perf_counter() - started
            if ok:
                results[kind].append(took)
            else:
                errors[kind] += 1
            if think:
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))


def percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def report(results: dict[str, list[float]], errors: dict[str, int], seconds: float,
           users: int) -> None:
    every = [t for times in results.values() for t in times]
    total_errors = sum(errors.values())
    print(f"\n{users} users for {seconds:.0f} s: {len(every)} requests "
          f"({len(every) / seconds:.0f}/s), {total_errors} errors")
    print(f"{'kind':<10}{'requests':>10}{'errors':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    rows = [(k, results.get(k, [])) for k in sorted(set(results) | set(errors))]
    rows.append(("all", every))
    for kind, times in rows:
        errs = total_errors if kind == "all" else errors.get(kind, 0)
        if times:
            p50, p95, p99 = (percentile(times, q) * 1000 for q in (50, 95, 99))
            print(f"{kind:<10}{len(times):>10}{errs:>8}{p50:>10.1f}{p95:>10.1f}{p99:>10.1f}")
        else:
            print(f"{kind:<10}{0:>10}{errs:>8}")


async def run(base: str, urls: dict[str, list[str]], args) -> None:
    results: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    started = time.monotonic()
    until = started + args.seconds
    await asyncio.gather(*(
        user(base, urls, i < args.members, until, args.think, results, errors, seed=i)
        for i in range(args.users)
    ))
    report(results, errors, time.monotonic() - started, args.users)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long (default 60)")
    parser.add_argument("--users", type=int, default=200, help="concurrent users (200)")
    parser.add_argument("--members", type=int, default=20,
                        help="of them logged in as the demo member (20)")
    parser.add_argument("--think", type=float, default=0.5,
                        help="seconds between a user's requests, jittered +-50%% (0.5)")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (its default)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database-url", default="",
                        help="a migrated database with the demo (default: a temporary SQLite)")
    args = parser.parse_args()
    if not 0 < args.seconds <= 3600:
        parser.error("--seconds must be between 0 and 3600")
    args.members = min(args.members, args.users)
    base = f"http://{HOST}:{args.port}"
    with tempfile.TemporaryDirectory(prefix="udsatteraad-load-") as tmp:
        env = environment(args, Path(tmp))
        urls = prepare(args, env)
        server = start_server(env)
        try:
            wait_ready(base, server)
            print(f"gunicorn on {base}; {args.users} users ({args.members} members) for "
                  f"{args.seconds:.0f} s, think time {args.think} s", flush=True)
            asyncio.run(run(base, urls, args))
        finally:
            stop_server(server)


if __name__ == "__main__":
    main()
