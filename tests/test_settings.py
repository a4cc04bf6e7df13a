"""Settings switch by environment: production variables give a clean `check --deploy`, and a
bare checkout runs in debug mode. Each case runs Django in a subprocess, because settings are
read once per process."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Variables settings.py reads that would leak from the developer's or CI's shell.
SETTINGS_VARS = (
    "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SITE_ROOT", "SECURE_SSL_REDIRECT", "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS", "EMAIL_HOST",
)


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARS}
    base["DJANGO_SETTINGS_MODULE"] = "udsatteraad.settings"
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True,
        timeout=120,
    )


PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "udsatteraad.example.dk",
    "DEBUG": "0",
    "SITE_ROOT": "https://udsatteraad.example.dk",
    # Without it mail goes to the console backend, which Django 6.1's check rejects (mail.E001).
    "EMAIL_HOST": "smtp.example.dk",
}

# One process per environment (Django starts in ~2 s): the deploy check, then the settings.
CHECK_AND_SHOW = """
import json, sys, django
django.setup()
from django.conf import settings as s
from django.core.management import call_command
from django.core.management.base import SystemCheckError
try:
    call_command("check", "--deploy", "--fail-level", "WARNING")
    check_ok = True
except SystemCheckError as e:
    print(e)
    check_ok = False
print(json.dumps({"CHECK_OK": check_ok} | {n: getattr(s, n) for n in (
    "DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS", "ALLOWED_HOSTS")}))
"""


def check_and_show(**env: str) -> tuple[dict, str]:
    result = run(["-c", CHECK_AND_SHOW], **env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    *check_lines, values = result.stdout.strip().splitlines()
    return json.loads(values), "\n".join(check_lines) + result.stderr


@pytest.fixture(scope="module")
def production() -> tuple[dict, str]:
    return check_and_show(**PRODUCTION)


def test_check_deploy_is_clean_with_production_environment(production):
    values, check_output = production

    assert values["CHECK_OK"], check_output
    assert "System check identified no issues" in check_output, check_output


def test_production_environment_turns_debug_off_and_security_on(production):
    values, _ = production

    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["ALLOWED_HOSTS"] == ["udsatteraad.example.dk"]


def test_defaults_run_locally_in_debug_mode():
    values, _ = check_and_show()

    assert values["DEBUG"] is True
    # Plain http on 127.0.0.1 must work: no redirect to https, no secure-only cookies.
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert "127.0.0.1" in values["ALLOWED_HOSTS"]
