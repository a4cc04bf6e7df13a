"""Backup and restore of the database and the uploaded files (docs/deploy.md).

A backup is one directory, `udsatteraad-YYYYMMDD-HHMMSS/`, holding
- `database.sqlite3` (SQLite's online backup API: consistent while the site runs) or
  `database.dump` (PostgreSQL: pg_dump's custom format, restored with pg_restore),
- `media.tar` with every file under MEDIA_ROOT (not with MEDIA_STORAGE=s3: the bucket's own
  versioning or replication keeps those),
- `manifest.json`: when, which database engine, and every table's row count in the backup,
  which restore checks the restored database against.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
MEDIA_FILE = "media.tar"
PREFIX = "udsatteraad-"


class BackupError(Exception):
    pass


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Databasen {vendor} understøttes ikke (kun SQLite og PostgreSQL).")
    return vendor


def _sqlite_path() -> str:
    name = str(settings.DATABASES["default"]["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("En database i hukommelsen kan ikke tages backup af.")
    return name


def _pg_env() -> tuple[dict[str, str], str]:
    db: dict = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                     ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env, str(db["NAME"])


def _count_rows(cursor, tables: list[str]) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (names from introspection)
        counts[table] = cursor.fetchone()[0]
    return counts


def table_counts() -> dict[str, int]:
    """Every table's row count in the current database."""
    with connection.cursor() as cursor:
        return _count_rows(cursor, connection.introspection.table_names(cursor))


def _run(args: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as e:
        raise BackupError(f"{args[0]} findes ikke: installer PostgreSQL' klientprogrammer.") from e
    if result.returncode != 0:
        raise BackupError(f"{args[0]} fejlede: {result.stderr.strip()}")


def _backup_sqlite(target: Path) -> dict[str, int]:
    source = sqlite3.connect(_sqlite_path())
    copy = sqlite3.connect(target)
    try:
        # Page by page, while other connections go on reading and writing.
        source.backup(copy)
        tables = [r[0] for r in copy.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {t: copy.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]  # noqa: S608
                for t in sorted(tables)}
    finally:
        copy.close()
        source.close()


def _backup_postgresql(target: Path) -> dict[str, int]:
    import psycopg

    env, name = _pg_env()
    db = settings.DATABASES["default"]
    # The row counts and pg_dump read the same exported snapshot, so the manifest describes
    # exactly what was dumped even while the site is being written to.
    with psycopg.connect(dbname=name, host=db.get("HOST") or None, port=db.get("PORT") or None,
                         user=db.get("USER") or None, password=db.get("PASSWORD") or None) as pg:
        pg.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with pg.cursor() as cursor:
            snapshot = cursor.execute("SELECT pg_export_snapshot()").fetchall()[0][0]
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            tables = [r[0] for r in cursor.fetchall()]
            counts = {}
            for table in sorted(tables):
                counts[table] = cursor.execute(
                    f'SELECT COUNT(*) FROM "{table}"').fetchall()[0][0]  # noqa: S608
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                  f"--snapshot={snapshot}", f"--file={target}", name], env)
        pg.rollback()
    return counts


def _media_root() -> Path | None:
    if getattr(settings, "MEDIA_STORAGE", "local") != "local":
        return None
    return Path(settings.MEDIA_ROOT)


def backup(*, output: Path, now: dt.datetime | None = None) -> Path:
    """Write a backup directory under `output` and return its path."""
    engine = _engine()
    now = now or dt.datetime.now(dt.UTC)
    output.mkdir(parents=True, exist_ok=True)
    final = output / f"{PREFIX}{now:%Y%m%d-%H%M%S}"
    if final.exists():
        raise BackupError(f"{final} findes allerede.")
    # Written under a temporary name and renamed at the end: a directory with the final name is
    # always a complete backup, even if the job was killed half-way.
    work = output / f".{final.name}.partial"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    if engine == "sqlite":
        counts = _backup_sqlite(work / SQLITE_FILE)
    else:
        counts = _backup_postgresql(work / PG_FILE)
    media = _media_root()
    media_files = 0
    if media is not None:
        with tarfile.open(work / MEDIA_FILE, "w") as tar:
            if media.is_dir():
                for path in sorted(media.rglob("*")):
                    if path.is_file():
                        tar.add(path, arcname=str(path.relative_to(media)), recursive=False)
                        media_files += 1
    manifest = {
        "created": now.isoformat(),
        "engine": engine,
        "database_file": SQLITE_FILE if engine == "sqlite" else PG_FILE,
        "media_file": MEDIA_FILE if media is not None else None,
        "media_files": media_files,
        "tables": counts,
    }
    (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    work.rename(final)
    return final


def prune(*, output: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` backups in `output`; return what was removed."""
    backups = sorted(p for p in output.glob(f"{PREFIX}*") if (p / MANIFEST).is_file())
    old = backups[:-keep] if keep > 0 else []
    for path in old:
        shutil.rmtree(path)
    return old


def read_manifest(path: Path) -> dict:
    try:
        return json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError) as e:
        raise BackupError(
            f"{path} er ikke en backup (manifest.json mangler eller er ugyldig).") from e


# Tables `migrate` fills by itself: a freshly migrated database still counts as empty.
MIGRATE_TABLES = {"django_migrations", "django_content_type", "auth_permission", "sqlite_sequence"}


def database_is_empty() -> bool:
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor)
                  if t not in MIGRATE_TABLES]
        return all(n == 0 for n in _count_rows(cursor, tables).values())


def restore(*, path: Path) -> dict:
    """Restore the backup at `path` into the configured database and MEDIA_ROOT.

    The app must be stopped: the database is replaced as a whole."""
    manifest = read_manifest(path)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"Backuppen er fra {manifest['engine']}, databasen er {engine}. Flyt data mellem "
            "databaser med dumpdata/loaddata.")
    database_file = path / manifest["database_file"]
    if not database_file.is_file():
        raise BackupError(f"{database_file} mangler.")
    if engine == "sqlite":
        target = _sqlite_path()
        connections.close_all()
        source = sqlite3.connect(database_file)
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()
    else:
        env, name = _pg_env()
        connections.close_all()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error", f"--dbname={name}",
              str(database_file)], env)
    if manifest.get("media_file"):
        media = _media_root()
        if media is None:
            raise BackupError("Backuppen har filer, men MEDIA_STORAGE er ikke 'local'.")
        media.mkdir(parents=True, exist_ok=True)
        with tarfile.open(path / manifest["media_file"]) as tar:
            # The "data" filter refuses absolute paths, links out of the tree and devices.
            tar.extractall(media, filter="data")
    counts = table_counts()
    differing = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if differing:
        raise BackupError(f"Rækkeantal efter genskabelse passer ikke: {differing}")
    return manifest
