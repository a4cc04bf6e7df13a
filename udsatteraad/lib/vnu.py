"""The Nu Html Checker (vnu, the W3C's HTML validator) over a folder of saved pages.

vnu is a Java program from the npm registry (`vnu-jar`); `make vnu-jar` fetches it, `VNU_JAR`
names the jar. Without it the checks are skipped locally; CI sets `REQUIRE_VNU=1`, which makes
a missing jar or Java a failure. Used by the browser tests (every page they visit) and by
tests/test_html_valid.py (pages crawled through the test client)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path


def jar() -> Path | None:
    path = os.environ.get("VNU_JAR", "")
    return Path(path) if path and Path(path).is_file() else None


def required() -> bool:
    return os.environ.get("REQUIRE_VNU", "").lower() in ("1", "true", "yes", "on")


def unavailable() -> str | None:
    """Why vnu cannot run here, or None when it can."""
    if jar() is None:
        return f"vnu not found (VNU_JAR={os.environ.get('VNU_JAR', '')!r}; `make vnu-jar`)"
    if shutil.which("java") is None:
        return "java not found (Debian: default-jre-headless)"
    return None


def save(folder: Path, url: str, html: str) -> Path:
    """Save a page under a file name made from its URL (vnu reports file names)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9]+", "_", url).strip("_")[:150] or "root"
    path = folder / f"{name}.html"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{name}__{n}.html"
    path.write_text(html, encoding="utf-8")
    return path


def check(folder: Path) -> list[dict]:
    """vnu's errors for every .html file in the folder (warnings and info are left out)."""
    files = sorted(str(p) for p in folder.glob("*.html"))
    if not files:
        return []
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(jar()), "--errors-only", "--format", "json",
         "--exit-zero-always", *files],
        capture_output=True, text=True, timeout=600, check=False,
    )
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError) as e:
        raise RuntimeError(f"vnu gave no report: {result.stderr[-2000:]}") from e
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def report(messages: list[dict], limit: int = 60) -> str:
    lines = []
    for m in messages[:limit]:
        where = Path(m.get("url", "").removeprefix("file:")).name
        line = m.get("lastLine", "?")
        extract = " ".join((m.get("extract") or "").split())[:160]
        lines.append(f"- {where}:{line}: {m.get('message')}\n    {extract}")
    if len(messages) > limit:
        lines.append(f"... and {len(messages) - limit} more")
    return "\n".join(lines)
