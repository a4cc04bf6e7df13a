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
    "CONN_MAX_AGE", "STATIC_MANIFEST", "STATIC_ROOT", "MEDIA_ROOT", "MEDIA_STORAGE", "S3_BUCKET",
    "S3_ENDPOINT_URL", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_PREFIX",
    "ADMINS", "SERVER_EMAIL", "LOG_FORMAT", "LOG_LEVEL", "PUBLIC_CACHE_MAX_AGE",
    "HEARTBEAT_MAX_AGE", "DATABASE_URL",
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
    "SECURE_HSTS_SECONDS", "ALLOWED_HOSTS", "STORAGES", "ADMINS", "SERVER_EMAIL",
    "PUBLIC_CACHE_MAX_AGE")} | {
    "CONN_MAX_AGE": s.DATABASES["default"]["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": s.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "LOG_FORMATTER": s.LOGGING["handlers"]["console"]["formatter"],
    "MIDDLEWARE": s.MIDDLEWARE,
}, default=str))
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


def test_production_serves_hashed_static_files_and_keeps_connections(production):
    values, _ = production

    assert values["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage")
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in values["MIDDLEWARE"]
    assert values["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert values["CONN_MAX_AGE"] == 60
    assert values["CONN_HEALTH_CHECKS"] is True
    assert values["ADMINS"] == []
    assert values["LOG_FORMATTER"] == "text"


# Every variable the README's configuration table names, set as an installation would.
EVERYTHING = PRODUCTION | {
    "DATABASE_URL": "postgres://udsatteraad:secret@db.example.dk:5432/udsatteraad",
    "CONN_MAX_AGE": "300",
    "SECURE_PROXY_SSL_HEADER": "1",
    "CSRF_TRUSTED_ORIGINS": "https://udsatteraad.example.dk",
    "EMAIL_PORT": "465", "EMAIL_HOST_USER": "u", "EMAIL_HOST_PASSWORD": "p", "EMAIL_USE_TLS": "1",
    "DEFAULT_FROM_EMAIL": "udsatteraad@example.dk",
    "SERVER_EMAIL": "drift@example.dk",
    "ADMINS": "Drift <drift@example.dk>, it@example.dk",
    "LOG_FORMAT": "json", "LOG_LEVEL": "warning",
    "PUBLIC_CACHE_MAX_AGE": "120", "HEARTBEAT_MAX_AGE": "90000",
    "STATIC_ROOT": "/tmp/udsatteraad-static", "MEDIA_ROOT": "/tmp/udsatteraad-media",
    "MEDIA_STORAGE": "s3", "S3_BUCKET": "udsatteraad", "S3_ENDPOINT_URL": "https://s3.example.dk",
    "S3_REGION": "eu-north-1", "S3_ACCESS_KEY_ID": "key", "S3_SECRET_ACCESS_KEY": "secret",
    "S3_PREFIX": "uploads",
}


def test_check_deploy_is_clean_with_every_readme_variable():
    values, check_output = check_and_show(**EVERYTHING)

    assert values["CHECK_OK"], check_output
    assert values["CONN_MAX_AGE"] == 300
    assert values["ADMINS"] == ["Drift <drift@example.dk>", "it@example.dk"]
    assert values["SERVER_EMAIL"] == "drift@example.dk"
    assert values["LOG_FORMATTER"] == "json"
    assert values["PUBLIC_CACHE_MAX_AGE"] == 120
    media = values["STORAGES"]["default"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["bucket_name"] == "udsatteraad"
    assert media["OPTIONS"]["endpoint_url"] == "https://s3.example.dk"
    assert media["OPTIONS"]["location"] == "uploads"
    # Attachments of unpublished meetings must never be world-readable in the bucket.
    assert media["OPTIONS"]["default_acl"] == "private"


def test_readme_names_every_variable_settings_reads():
    readme = (ROOT / "README.md").read_text()
    settings_text = (ROOT / "udsatteraad" / "settings.py").read_text()
    import re

    read = set(re.findall(r'(?:environ\.get|environ\[|envbool\(|envint\()\(?"([A-Z_0-9]+)"',
                          settings_text))
    assert len(read) > 20
    missing = sorted(v for v in read if f"`{v}`" not in readme)
    assert not missing, f"README.md's configuration table lacks {missing}"


def test_unknown_media_storage_is_refused():
    result = run(["-c", "import django; django.setup()"], MEDIA_STORAGE="ftp")
    assert result.returncode != 0
    assert "MEDIA_STORAGE" in result.stderr


def test_defaults_run_locally_in_debug_mode():
    values, _ = check_and_show()

    assert values["DEBUG"] is True
    # Plain http on 127.0.0.1 must work: no redirect to https, no secure-only cookies.
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert "127.0.0.1" in values["ALLOWED_HOSTS"]
    # A fresh checkout never needs collectstatic.
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == (
        "django.contrib.staticfiles.storage.StaticFilesStorage")
    assert values["CONN_MAX_AGE"] == 0
