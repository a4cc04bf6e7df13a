"""/healthz and the heartbeats of scheduled jobs (udsatteraad/ops)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client, override_settings
from django.utils import timezone

from udsatteraad.ops import views
from udsatteraad.ops.models import Heartbeat


def test_healthy(db, anon):
    response = anon.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": True, "migrations": True,
                               "heartbeats": {},
                               "worker": {"seen": False, "age_seconds": None, "waiting": 0}}
    # Probes must never be answered from a cache, and need no cookie.
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_heartbeats_are_reported_with_their_age(db, anon):
    call_command("heartbeat", "backup")
    Heartbeat.objects.create(name="search-optimize",
                             seen_at=timezone.now() - dt.timedelta(days=3))
    beats = anon.get("/healthz").json()["heartbeats"]
    assert set(beats) == {"backup", "search-optimize"}
    assert beats["backup"]["stale"] is False
    assert beats["backup"]["age_seconds"] < 60
    assert beats["search-optimize"]["stale"] is True
    assert beats["search-optimize"]["age_seconds"] >= 3 * 86400
    assert dt.datetime.fromisoformat(beats["backup"]["last"]) <= timezone.now()


def test_a_stale_heartbeat_does_not_take_the_site_down(db, anon):
    Heartbeat.objects.create(name="backup", seen_at=timezone.now() - dt.timedelta(days=30))
    assert anon.get("/healthz").status_code == 200


def test_unapplied_migrations_give_503(db, anon, monkeypatch):
    monkeypatch.setattr(views, "_unapplied_migrations", lambda: ["meetings.0099_future"])
    response = anon.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["migrations"] is False
    assert body["unapplied_migrations"] == ["meetings.0099_future"]


def test_migration_check_finds_nothing_pending_after_migrate(db, monkeypatch):
    monkeypatch.setattr(views, "_migrations_applied", False)
    assert views._unapplied_migrations() == []


def test_unreachable_database_gives_503(db, anon, monkeypatch):
    class Broken:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(views, "connection", Broken())
    response = anon.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] is False
    assert response.json()["error"] == "OperationalError"


@override_settings(SECURE_SSL_REDIRECT=True)
def test_healthz_is_not_redirected_to_https(db):
    client = Client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/raad/").status_code == 301


@pytest.mark.parametrize("name", ["", "x" * 51])
def test_heartbeat_command_refuses_bad_names(db, name):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("heartbeat", name)
