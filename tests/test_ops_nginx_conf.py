"""The nginx example in docs/ (docs/nginx-udsatteraad.conf) is what `make bench` puts in front
of gunicorn (.ci/bench_load.py): its loopback form keeps the documented cache, and nginx, where
installed, accepts it."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def bench_load():
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / ".ci" / "bench_load.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def site(tmp_path: Path) -> str:
    return bench_load().nginx_site((ROOT / "docs" / "nginx-udsatteraad.conf").read_text(),
                                   cache_dir=tmp_path / "cache", app_port=8123, port=8124)


def test_the_loopback_form_keeps_the_documented_cache_and_drops_tls(tmp_path):
    text = site(tmp_path)
    assert f"proxy_cache_path {tmp_path / 'cache'} " in text
    assert "server 127.0.0.1:8123;" in text
    assert "listen 127.0.0.1:8124;" in text
    for kept in ("proxy_cache udsatteraad;", "proxy_cache_bypass $cookie_sessionid",
                 "proxy_cache_revalidate on;", "proxy_cache_lock on;", "location /media/"):
        assert kept in text, kept
    assert "ssl_certificate" not in text and "listen 443" not in text
    assert "return 301" not in text  # the port-80 redirect server is gone
    assert text.count("server {") == 1


@pytest.mark.skipif(not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists(),
                    reason="nginx is not installed")
def test_nginx_accepts_the_loopback_form(tmp_path):
    module = bench_load()
    for sub in ("cache", "static", "body", "proxy"):
        (tmp_path / sub).mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(module.nginx_conf(tmp_path, site(tmp_path), tmp_path / "static", 8125))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    checked = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(tmp_path)],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
