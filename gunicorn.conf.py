"""gunicorn configuration for udsatteraad (`make serve`, docs/deploy.md).

Start: `.venv/bin/gunicorn udsatteraad.wsgi` from the project directory (this file is read by
default from the working directory). Every value can be set by environment:

  PORT / GUNICORN_BIND   where to listen; 127.0.0.1 only, nginx is in front (default 127.0.0.1:8000)
  WEB_CONCURRENCY        worker processes (default 2 x CPU cores + 1, at most 8)
  GUNICORN_THREADS       threads per worker (default 4): a page waiting on the database or a PDF
                         render leaves the process free for others
  GUNICORN_TIMEOUT       seconds before a stuck worker is killed and restarted (default 60)
  GUNICORN_KEEPALIVE     seconds an idle keep-alive connection is held (default 75, above nginx's
                         and most load balancers' idle timeouts, so they close first)
  GUNICORN_ACCESS_LOG    "-" (stderr, default), a file path, or "" for none
  GUNICORN_GRACEFUL_TIMEOUT, GUNICORN_MAX_REQUESTS, GUNICORN_MAX_REQUESTS_JITTER,
  GUNICORN_PRELOAD, GUNICORN_LOG_LEVEL, FORWARDED_ALLOW_IPS   see below

Reload after an upgrade without dropping requests: SIGHUP (`systemctl reload udsatteraad`).
"""

import multiprocessing
import os

_port = os.environ.get("PORT", "8000")
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{_port}")

workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
# gthread: keep-alive connections are held by a thread-pool's event loop instead of blocking a
# whole sync worker each, so many idle browsers do not starve the workers.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Each thread holds one persistent database connection (CONN_MAX_AGE): workers x threads must
# stay below PostgreSQL's max_connections.

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM (systemctl stop/restart) requests in flight get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))

# Recycle workers now and then (jittered so they do not restart together): bounds the memory a
# long-lived process can gather (PDF rendering, index merges).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))

# Each worker loads the application itself, so `systemctl reload` (SIGHUP) after an upgrade
# starts workers with the new code while the old ones finish their requests: no downtime.
# (preload_app would share memory between workers but make a reload keep the old code.)
preload_app = os.environ.get("GUNICORN_PRELOAD", "0") == "1"

# Behind nginx on the same host: trust its X-Forwarded-* headers only from loopback.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Time, client, request line, status, size, referer, user agent, duration in microseconds.
access_log_format = '%(t)s %(h)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)sus'
proc_name = "udsatteraad"
# gunicorn >= 24 opens a control socket in the user's home directory; nothing here uses it, and
# the service user may have no writable home.
control_socket_disable = True
