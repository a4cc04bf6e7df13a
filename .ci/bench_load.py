"""`make bench`, the load part (issue 18): the production server (gunicorn with
gunicorn.conf.py, DEBUG off, whitenoise) on PostgreSQL over the demo data, with N concurrent
simulated users for a bounded time, on loopback only; then the cached public meeting page
through the documented nginx cache (docs/nginx-udsatteraad.conf) next to nginx serving the
same bytes as a static file.

1. Load run: each simulated user requests a page, waits `--load-think` seconds (jittered
   +-50 %) and requests the next, over one keep-alive connection: public pages (home,
   councils, council pages, meeting pages, the archive), PDFs (agenda, minutes), search,
   OParl (system, bodies, lists, a meeting), feeds and iCal; `--load-members` of the users log
   in as the demo member and also open their own pages (/mine/, the member meeting page).
   Printed: requests per second, errors (status >= 400, a failed or dropped connection, a
   timeout; by cause) and p50/p95/p99 latency per kind and overall. An error answer or a
   refused or dropped connection fails the run; a timeout (30 s) is counted and printed but,
   being a matter of the machine's capacity rather than a bug, does not.
   The same run follows through nginx with the documented cache in front (production: the
   anonymous answers come from the cache, members' pages go through to gunicorn).
2. Cache vs nginx: `wrk` (or, without it, a Python client) hammers the meeting page through
   the nginx proxy cache configured as docs/nginx-udsatteraad.conf says (TLS left out), and
   the same bytes as a file from the same nginx, in alternating rounds; printed: requests per
   second of each and their ratio (target: at least 0.5). Skipped, saying so, without nginx.

PostgreSQL: BENCH_PG_URL, else DATABASE_URL when it names PostgreSQL (a fresh database is
created on that server and dropped afterwards), else a throw-away cluster from initdb/pg_ctl
(as the search benchmark does); without any of them the load run is skipped with a message.
Only 127.0.0.1 is used, and every loop is bounded in time.

    .venv/bin/python .ci/bench_load.py [--load-seconds 60] [--load-users 200]
        [--load-members 20] [--load-think 0.5] [--load-workers N] [--nginx-seconds 5]

`.ci/bench.py` runs it after its other tables, with the same options (`--skip-load` skips it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
NGINX_DOC = ROOT / "docs" / "nginx-udsatteraad.conf"

# Prints {"kind": [paths]} for the database in the environment.
DISCOVER = """
import json, django
django.setup()
from udsatteraad.councils.models import Council
from udsatteraad.meetings.models import Meeting
from udsatteraad.policy.public import public_meetings
councils = list(Council.objects.order_by("slug"))
held = list(public_meetings().select_related("council").order_by("-start")[:10])
minutes = [m for m in held if m.has_public_minutes]
member = [m for m in held if m.council.slug == "randers"][:2]
urls = {
    "page": ["/", "/raad/"] + [f"/raad/{c.slug}/" for c in councils]
            + [f"/raad/{m.council.slug}/moeder/{m.pk}/" for m in held],
    "pdf": [f"/raad/{m.council.slug}/moeder/{m.pk}/dagsorden.pdf" for m in held[:3]]
           + [f"/raad/{m.council.slug}/moeder/{m.pk}/referat.pdf" for m in minutes[:3]],
    "search": ["/soeg/?q=" + q for q in ("bolig", "hjemløse", "rådet", "referat", "sundhed",
                                          "misbrug", "budget", "udsatte+borgere")],
    "oparl": ["/oparl/v1.1/", "/oparl/v1.1/body/"]
             + [f"/oparl/v1.1/body/{c.pk}/meeting/" for c in councils]
             + [f"/oparl/v1.1/body/{c.pk}/paper/" for c in councils[:2]]
             + [f"/oparl/v1.1/meeting/{m.pk}/" for m in held[:5]],
    "feed": ["/feed.rss", "/feed.atom"] + [f"/raad/{c.slug}/kalender.ics" for c in councils],
    "member": ["/mine/"] + [f"/mine/moeder/{m.pk}/" for m in member],
    "meeting_page": [f"/raad/{m.council.slug}/moeder/{m.pk}/" for m in minutes[:1] or held[:1]],
}
print(json.dumps(urls))
"""
# How often each kind is asked for by an anonymous visitor (a member also gets "member").
WEIGHTS = {"page": 50, "pdf": 8, "search": 15, "oparl": 12, "feed": 15}
MEMBER_WEIGHTS = WEIGHTS | {"member": 40}
MEMBER_LOGIN = ("mads.paahitsen@randers.example", "demo-udsatteraad")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("load run (.ci/bench_load.py)")
    group.add_argument("--load-seconds", type=float, default=60, help="how long (60)")
    group.add_argument("--load-users", type=int, default=200, help="concurrent users (200)")
    group.add_argument("--load-members", type=int, default=20,
                       help="of them logged in as the demo member (20)")
    group.add_argument("--load-think", type=float, default=0.5,
                       help="seconds between a user's requests, jittered +-50%% (0.5)")
    group.add_argument("--load-workers", type=int, default=0,
                       help="gunicorn workers (gunicorn.conf.py's default)")
    group.add_argument("--nginx-seconds", type=float, default=5,
                       help="seconds of each of the 3 rounds per side of the nginx comparison")
    group.add_argument("--skip-load", action="store_true", help="no load run")


# --- The server --------------------------------------------------------------------------------


def free_port(start: int) -> int:
    port = start
    while True:
        with socket.socket() as s:
            if s.connect_ex((HOST, port)) != 0:
                return port
        port += 1


def environment(args, tmp: Path, database_url: str, port: int) -> dict[str, str]:
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
        "DATABASE_URL": database_url,
        "GUNICORN_BIND": f"{HOST}:{port}",
        # The access log of thousands of requests would only cost the server time.
        "GUNICORN_ACCESS_LOG": "",
        "LOG_LEVEL": "WARNING",
    }
    if args.load_workers:
        env["WEB_CONCURRENCY"] = str(args.load_workers)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:3])} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare(env: dict[str, str]) -> dict[str, list[str]]:
    print("Building the demo database (migrate, load_demo, collectstatic) ...", flush=True)
    manage(env, "-c", "import django; django.setup(); from django.core.management import "
           "call_command as c; c('migrate', verbosity=0); c('load_demo', verbosity=0); "
           "c('collectstatic', interactive=False, verbosity=0)")
    return json.loads(manage(env, "-c", DISCOVER).strip().splitlines()[-1])


def start_server(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py",
         "udsatteraad.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )


def wait_ready(base: str, server: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{server.stderr.read() if server.stderr else ''}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /healthz in time")


def stop_process(process: subprocess.Popen, timeout: float = 40) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# --- The simulated users -----------------------------------------------------------------------


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


class Tally:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.causes: Counter[str] = Counter()
        # Everything but a timeout: an error answer, a refused or dropped connection. Those
        # are bugs; a timeout on a machine shared with other work is a matter of capacity.
        self.hard = 0

    def error(self, kind: str, cause: str) -> None:
        self.errors[kind] += 1
        self.causes[cause] += 1
        if "Timeout" not in cause:
            self.hard += 1


async def user(base: str, urls: dict[str, list[str]], session: httpx.Cookies | None,
               until: float, think: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    weights = MEMBER_WEIGHTS if session else WEIGHTS
    kinds = [k for k in weights if urls.get(k)]
    # One connection per user, kept alive between requests, as a browser tab would.
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits,
                                 cookies=session) as client:
        # Users arrive over the first two seconds instead of all at once.
        await asyncio.sleep(rng.random() * 2)
        while time.monotonic() < until:
            kind = rng.choices(kinds, [weights[k] for k in kinds])[0]
            url = rng.choice(urls[kind])
            started = time.perf_counter()
            try:
                response = await client.get(url)
                cause = f"HTTP {response.status_code}" if response.status_code >= 400 else ""
            except httpx.HTTPError as e:
                cause = type(e).__name__
            took = time.perf_counter() - started
            if cause:
                tally.error(kind, f"{cause} ({kind})")
            else:
                tally.times[kind].append(took)
            if think:
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))


def percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def report(tally: Tally, seconds: float, users: int, where: str) -> int:
    """Print the table; return the errors that fail the run (all but timeouts)."""
    every = [t for times in tally.times.values() for t in times]
    total_errors = sum(tally.errors.values())
    print(f"\nLoad run: {users} users for {seconds:.0f} s on PostgreSQL, {where}: "
          f"{len(every)} requests ({len(every) / seconds:.0f}/s), {total_errors} errors")
    print(f"{'kind':<10}{'requests':>10}{'errors':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    rows = [(k, tally.times.get(k, [])) for k in sorted(set(tally.times) | set(tally.errors))]
    rows.append(("all", every))
    for kind, times in rows:
        errs = total_errors if kind == "all" else tally.errors.get(kind, 0)
        if times:
            p50, p95, p99 = (percentile(times, q) * 1000 for q in (50, 95, 99))
            print(f"{kind:<10}{len(times):>10}{errs:>8}{p50:>10.1f}{p95:>10.1f}{p99:>10.1f}")
        else:
            print(f"{kind:<10}{0:>10}{errs:>8}")
    for cause, n in tally.causes.most_common(10):
        print(f"  error: {cause}: {n}")
    return tally.hard


async def preflight(base: str, urls: dict[str, list[str]]) -> list[str]:
    """Every URL once (members' pages as the member): what does not answer 200."""
    bad = []
    async with httpx.AsyncClient(base_url=base, timeout=60) as anon, \
            httpx.AsyncClient(base_url=base, timeout=60) as member:
        if not await log_in(member):
            return ["the demo member cannot log in"]
        for kind, paths in urls.items():
            client = member if kind == "member" else anon
            for path in paths:
                status = (await client.get(path)).status_code
                if status != 200:
                    bad.append(f"{path}: {status}")
    return bad


async def sessions(base: str, count: int) -> list[httpx.Cookies]:
    """`count` sessions of the demo member, logged in one after the other before the clock
    starts: a login costs a deliberately slow password hash, which is not what is measured."""
    found = []
    for _ in range(count):
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            if not await log_in(client):
                raise RuntimeError("the demo member cannot log in")
            found.append(client.cookies)
    return found


async def load(base: str, urls: dict[str, list[str]], args, where: str) -> int:
    tally = Tally()
    members: list[httpx.Cookies | None] = list(await sessions(base, args.load_members))
    members += [None] * (args.load_users - len(members))
    started = time.monotonic()
    until = started + args.load_seconds
    await asyncio.gather(*(
        user(base, urls, members[i], until, args.load_think, tally, seed=i)
        for i in range(args.load_users)
    ))
    return report(tally, time.monotonic() - started, args.load_users, where)


# --- The cached meeting page next to nginx ------------------------------------------------------


def nginx_site(doc: str, *, cache_dir: Path, app_port: int, port: int) -> str:
    """The documented site (docs/nginx-udsatteraad.conf) for this machine: its cache, its
    upstream and its proxy settings as they are; plain http on 127.0.0.1 instead of TLS."""
    text = doc.replace("/var/cache/nginx/udsatteraad", str(cache_dir))
    text = text.replace("server 127.0.0.1:8000;", f"server {HOST}:{app_port};")
    # Drop the port-80 server (redirects to https) and the TLS settings of the other.
    servers = [m.start() for m in re.finditer(r"^server \{", text, re.M)]
    if len(servers) != 2:
        raise ValueError("docs/nginx-udsatteraad.conf: expected two server blocks")
    text = text[:servers[0]] + text[servers[1]:]
    kept = []
    for line in text.splitlines():
        word = line.strip().split(" ", 1)[0]
        if word in ("listen", "http2", "ssl_certificate", "ssl_certificate_key",
                    "ssl_protocols", "ssl_prefer_server_ciphers", "ssl_session_cache",
                    "ssl_session_timeout"):
            continue
        kept.append(line)
        if line.startswith("server {"):
            kept.append(f"    listen {HOST}:{port};")
    return "\n".join(kept)


def nginx_conf(tmp: Path, site: str, static_root: Path, static_port: int) -> str:
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""{user}
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    {site}
    # The same bytes as a file, from the same nginx.
    server {{
        listen {HOST}:{static_port};
        root {static_root};
        keepalive_timeout 65s;
    }}
}}
"""


def measure(url: str, seconds: float, connections: int) -> tuple[float, int]:
    """(requests per second, non-2xx/3xx or socket errors) for `seconds` of `connections`
    keep-alive connections asking for url."""
    wrk = shutil.which("wrk")
    if wrk:
        out = subprocess.run([wrk, "-t", "1", "-c", str(connections), "-d", f"{seconds:.0f}s",
                              "--latency", url], capture_output=True, text=True, check=True,
                             timeout=seconds + 30).stdout
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                         out)
        errors = (int(bad.group(1)) if bad else 0) + (sum(map(int, sock.groups())) if sock else 0)
        return rate, errors
    return asyncio.run(_measure_python(url, seconds, connections))


async def _measure_python(url: str, seconds: float, connections: int) -> tuple[float, int]:
    count = errors = 0
    until = time.monotonic() + seconds

    async def one() -> None:
        nonlocal count, errors
        async with httpx.AsyncClient(timeout=10) as client:
            while time.monotonic() < until:
                try:
                    ok = (await client.get(url)).status_code < 400
                except httpx.HTTPError:
                    ok = False
                count += ok
                errors += not ok

    started = time.monotonic()
    await asyncio.gather(*(one() for _ in range(connections)))
    return count / (time.monotonic() - started), errors


def cache_report(base: str, urls: dict[str, list[str]]) -> None:
    """Which anonymous URLs the documented cache answers on a second request."""
    missed = []
    anonymous = [p for kind, paths in urls.items() if kind != "member" for p in paths]
    with httpx.Client(base_url=base, timeout=60) as client:
        for path in anonymous:
            client.get(path)
            again = client.get(path)
            status = again.headers.get("X-Cache-Status", "?")
            if status != "HIT":
                missed.append(f"{path}: {status}, Cache-Control: "
                              f"{again.headers.get('Cache-Control')}, Set-Cookie: "
                              f"{'yes' if 'set-cookie' in again.headers else 'no'}")
            client.cookies.clear()
    print(f"\nnginx cache: {len(anonymous) - len(missed)} of {len(anonymous)} anonymous URLs "
          "answered from the cache on a second request")
    for line in missed:
        print(f"  not cached: {line}")


class Nginx:
    """nginx on loopback with the documented site (the cache in front of gunicorn) and the
    same nginx serving files from `static`; `start` says why not when it cannot."""

    def __init__(self, tmp: Path, app_port: int):
        self.home = tmp / "nginx"
        self.app_port = app_port
        self.process: subprocess.Popen | None = None
        self.cached_port = self.static_port = 0

    def start(self) -> str | None:
        nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                          else None)
        if not nginx:
            return "nginx is not installed (apt-get install nginx-light)"
        for sub in ("cache", "static", "body", "proxy"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        self.cached_port, self.static_port = free_port(8780), free_port(8790)
        site = nginx_site(NGINX_DOC.read_text(), cache_dir=self.home / "cache",
                          app_port=self.app_port, port=self.cached_port)
        conf = self.home / "nginx.conf"
        conf.write_text(nginx_conf(self.home, site, self.home / "static", self.static_port))
        checked = subprocess.run([nginx, "-t", "-q", "-c", str(conf), "-p", str(self.home)],
                                 capture_output=True, text=True, check=False)
        if checked.returncode != 0:
            return f"the documented configuration does not load: {checked.stderr.strip()}"
        self.process = subprocess.Popen([nginx, "-c", str(conf), "-p", str(self.home), "-g",
                                         "daemon off;"], start_new_session=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.base}/healthz", timeout=10)
                return None
            except httpx.HTTPError:
                time.sleep(0.2)
        return "nginx did not answer"

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.cached_port}"

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process, timeout=10)


def nginx_comparison(front: Nginx, page: str, seconds: float) -> int:
    cached = f"{front.base}{page}"
    first = httpx.get(cached, timeout=10)
    if first.status_code != 200:
        print(f"\nCache vs nginx: {page} through nginx: {first.status_code}")
        return 1
    again = httpx.get(cached, timeout=10)
    (front.home / "static" / "meeting.html").write_bytes(again.content)
    static = f"http://{HOST}:{front.static_port}/meeting.html"
    same = httpx.get(static, timeout=10).content == again.content
    rates: dict[str, list[float]] = {"cache": [], "file": []}
    errors = 0
    # Alternating rounds, so a noisy neighbour hurts both sides alike.
    for _round in range(3):
        for side, url in (("cache", cached), ("file", static)):
            rate, bad = measure(url, seconds, 50)
            rates[side].append(rate)
            errors += bad
    cache, file = (statistics.median(rates[k]) for k in ("cache", "file"))
    tool = "wrk" if shutil.which("wrk") else "a Python client (install wrk for more)"
    print(f"\nCache vs nginx: the public meeting page {page} ({len(again.content):,} bytes), "
          f"50 keep-alive connections, {tool}, 3 alternating rounds of {seconds:.0f} s, medians")
    print(f"  through the documented nginx cache: {cache:10,.0f} req/s "
          f"(X-Cache-Status {again.headers.get('X-Cache-Status', '?')})")
    print(f"  nginx, the same bytes as a file:    {file:10,.0f} req/s"
          + ("" if same else "  (bytes differ!)"))
    print(f"  ratio cache/file: {cache / file:.2f} (target >= 0.5); errors: {errors}")
    return errors


# --- Putting it together -----------------------------------------------------------------------


def postgres_server() -> tuple[str | None, object | None, str]:
    """(server URL or None, a throw-away cluster to stop or None, how / why not)."""
    import bench_search  # beside this file: the throw-away cluster and fresh databases

    url = os.environ.get("BENCH_PG_URL", "").strip()
    if not url and os.environ.get("DATABASE_URL", "").startswith(("postgres:", "postgresql:")):
        url = os.environ["DATABASE_URL"]
    if url:
        return url, None, "a fresh database on the server of BENCH_PG_URL/DATABASE_URL"
    cluster = bench_search.ThrowawayCluster()
    why = cluster.find()
    if why:
        return None, None, why
    return cluster.start(), cluster, f"a throw-away cluster from {cluster.bin}"


def run(args) -> int:
    """The load run and the nginx comparison; returns the exit status (1 on any error)."""
    if args.skip_load:
        return 0
    if not 0 < args.load_seconds <= 3600:
        print("load run: --load-seconds must be between 0 and 3600")
        return 1
    import bench_search

    print(f"\n== Load run: {args.load_users} users for {args.load_seconds:.0f} s", flush=True)
    try:
        server_url, cluster, how = postgres_server()
    except (subprocess.CalledProcessError, OSError) as e:
        print(f"Load run skipped: PostgreSQL could not be started ({e})")
        return 0
    if server_url is None:
        print(f"Load run skipped: no PostgreSQL ({how}); set BENCH_PG_URL or DATABASE_URL")
        return 0
    print(f"PostgreSQL: {how}", flush=True)
    args.load_members = min(args.load_members, args.load_users)
    status = 0
    try:
        db_url, name = bench_search.fresh_database(server_url)
        try:
            with tempfile.TemporaryDirectory(prefix="udsatteraad-load-") as tmp:
                port = free_port(8765)
                env = environment(args, Path(tmp), db_url, port)
                urls = prepare(env)
                page = urls.pop("meeting_page")[0]
                base = f"http://{HOST}:{port}"
                server = start_server(env)
                try:
                    wait_ready(base, server)
                    bad = asyncio.run(preflight(base, urls))
                    if bad:
                        print("Load run: these pages do not answer 200:\n  " + "\n  ".join(bad))
                        return 1
                    print(f"gunicorn (gunicorn.conf.py) on {base}; {args.load_users} users "
                          f"({args.load_members} logged in) for {args.load_seconds:.0f} s, "
                          f"think time {args.load_think} s", flush=True)
                    errors = asyncio.run(load(base, urls, args, "straight to gunicorn"))
                    status |= 1 if errors else 0
                    front = Nginx(Path(tmp), port)
                    why = front.start()
                    try:
                        if why:
                            print(f"\nThrough nginx, and cache vs nginx: skipped, {why}")
                        else:
                            cache_report(front.base, urls)
                            # As in production: anonymous answers from the documented cache,
                            # members' pages (a session) passed through to gunicorn.
                            errors = asyncio.run(load(front.base, urls, args,
                                                      "through the documented nginx cache"))
                            status |= 1 if errors else 0
                            status |= 1 if nginx_comparison(front, page,
                                                            args.nginx_seconds) else 0
                    finally:
                        front.stop()
                finally:
                    stop_process(server)
        finally:
            bench_search.drop_database(server_url, name)
    except RuntimeError as e:  # a step failed: say which, without a traceback
        print(f"Load run failed: {e}")
        return 1
    finally:
        if cluster is not None:
            cluster.stop()  # type: ignore[attr-defined]
    return status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    sys.exit(run(parser.parse_args()))


if __name__ == "__main__":
    main()
