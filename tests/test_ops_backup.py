"""manage.py backup and restore (SQLite): the demo data backed up, restored into an empty
database, and found identical: every table's row count, the uploaded files, a sample of pages.

Each step runs in its own process with its own DATABASE_URL and MEDIA_ROOT, as on a server
(the test database of the other tests may be PostgreSQL; this test always uses SQLite files)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import migrated_sqlite_file

ROOT = Path(__file__).resolve().parent.parent

# Prints every table's row count and a hash of a sample of pages, for the database in env.
SNAPSHOT = """
import hashlib, json, django
django.setup()
from django.test import Client
from udsatteraad.councils.models import Council
from udsatteraad.meetings.models import Meeting
from udsatteraad.ops.backup import table_counts
client = Client()
urls = ["/", "/raad/", "/feed.rss", "/oparl/v1.1/body/", "/soeg/?q=r%C3%A5det"]
urls += [f"/raad/{c.slug}/" for c in Council.objects.order_by("slug")]
urls += [f"/raad/{m.council.slug}/moeder/{m.pk}/"
         for m in Meeting.objects.exclude(status="planned").order_by("pk")[:5]]
pages = {}
for url in urls:
    r = client.get(url)
    pages[url] = [r.status_code, hashlib.sha256(r.content).hexdigest()]
print(json.dumps({"tables": table_counts(), "pages": pages}))
"""


def manage(tmp: Path, name: str, *args: str, code: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "MEDIA_ROOT", "MEDIA_STORAGE", "BACKUP_DIR")}
    env |= {"DATABASE_URL": f"sqlite:///{tmp / name}.sqlite3", "MEDIA_ROOT": str(tmp / name),
            "DJANGO_SETTINGS_MODULE": "udsatteraad.settings"}
    command = ["-c", code] if code else ["manage.py", *args]
    result = subprocess.run([sys.executable, *command], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory, django_db_setup, django_db_blocker):
    tmp = tmp_path_factory.mktemp("backup")
    with django_db_blocker.unblock():
        migrated = migrated_sqlite_file()
    if migrated is not None:  # what migrate makes, made once per session (conftest.py)
        shutil.copyfile(migrated, tmp / "site.sqlite3")
    manage(tmp, "site", code="import django; django.setup(); from django.core.management "
           "import call_command as c; c('migrate', verbosity=0); c('load_demo', verbosity=0)")
    # Uploaded files, nested as attachments are.
    upload = tmp / "site" / "attachments" / "2026" / "bilag.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 bilag \xe6\xf8\xe5")
    (tmp / "site" / "imports").mkdir()
    (tmp / "site" / "imports" / "referat.docx").write_bytes(b"PK docx")
    out = manage(tmp, "site", "backup", "--output", str(tmp / "backups"))
    [path] = list((tmp / "backups").iterdir())
    return tmp, path, out


def test_backup_holds_database_files_and_manifest(backed_up):
    tmp, path, out = backed_up
    assert path.name.startswith("udsatteraad-")
    assert str(path) in out
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["engine"] == "sqlite"
    assert manifest["media_files"] == 2
    assert manifest["tables"]["councils_council"] == 4
    with sqlite3.connect(path / "database.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM councils_council").fetchone()[0] == 4
    assert not list((tmp / "backups").glob(".*partial"))


def test_restore_into_an_empty_database_gives_the_same_site(backed_up):
    tmp, path, _ = backed_up
    assert not (tmp / "restored.sqlite3").exists()
    out = manage(tmp, "restored", "restore", str(path))
    assert "Rækkeantal kontrolleret" in out

    original = json.loads(manage(tmp, "site", code=SNAPSHOT).strip().splitlines()[-1])
    restored = json.loads(manage(tmp, "restored", code=SNAPSHOT).strip().splitlines()[-1])
    assert len(original["tables"]) > 30
    assert sum(original["tables"].values()) > 100
    # The backup's own heartbeat is written after the backup was taken.
    assert original["tables"].pop("ops_heartbeat") == 1
    assert restored["tables"].pop("ops_heartbeat") == 0
    assert restored["tables"] == original["tables"]
    assert len(original["pages"]) >= 10
    assert all(status == 200 for status, _ in original["pages"].values()), original["pages"]
    assert restored["pages"] == original["pages"]
    assert files(tmp / "restored") == files(tmp / "site")


def test_restore_refuses_a_database_with_data(backed_up):
    tmp, path, _ = backed_up
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MEDIA_ROOT")}
    env |= {"DATABASE_URL": f"sqlite:///{tmp / 'site'}.sqlite3", "MEDIA_ROOT": str(tmp / "site")}
    result = subprocess.run([sys.executable, "manage.py", "restore", str(path)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "--replace" in result.stderr


def test_backup_keeps_the_newest(tmp_path, settings, db):
    import datetime as dt

    from udsatteraad.ops import backup

    for day in (1, 2, 3):
        (tmp_path / f"udsatteraad-2026010{day}-020000").mkdir()
        (tmp_path / f"udsatteraad-2026010{day}-020000" / "manifest.json").write_text("{}")
    removed = backup.prune(output=tmp_path, keep=2)
    assert [p.name for p in removed] == ["udsatteraad-20260101-020000"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "udsatteraad-20260102-020000", "udsatteraad-20260103-020000"]
    assert dt  # the names sort by time


def test_restore_of_something_else_is_a_clear_error(tmp_path, db):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ikke en backup"):
        call_command("restore", str(tmp_path))
