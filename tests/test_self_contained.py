"""The repository stands alone: no source file, command or default reaches outside it (the old
`../shared` next to the clone), and the documents the tests read are in `data/`. CI also runs
the unit suite in a bare clone (.ci/run, "unit suite in a bare clone")."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path, PurePosixPath

import pytest

from udsatteraad.imports.batch import BUILTIN_PARAGRAPHS, load_paragraphs
from udsatteraad.lib.paths import (
    DATA_DIR,
    MINUTES_DIR,
    OPARL_EXAMPLES_DIR,
    OPARL_SCHEMA_DIR,
    REPO_DIR,
    SEEDS_DIR,
)

SKIP_DIRS = {".git", ".venv", ".venv-tools", "node_modules", "__pycache__", ".mypy_cache",
             ".ruff_cache", ".pytest_cache", "bench-data"}

# A path that leaves the repository, whatever the file: `../shared`, a "shared" path part,
# the old absolute location, or one `.parent` above a root constant.
OUTSIDE = [
    (re.compile(r"\.\.[/\\]+shared\b"), "../shared"),
    (re.compile(r"""["']shared["']"""), '"shared" path part'),
    (re.compile(r"/work/shared\b"), "/work/shared"),
    (re.compile(r"\b(?:BASE_DIR|ROOT|REPO_DIR)\)?\.parents?\b"), "a parent of the repository root"),
]
# Path(__file__).resolve().parent.parent... or .parents[N]: outside when it climbs above the
# repository root, which depends on how deep the file is.
PARENT_CHAIN = re.compile(r"__file__\)(?:\.resolve\(\)|\.absolute\(\))?((?:\.parent\b)+)")
PARENTS_INDEX = re.compile(r"__file__\)(?:\.resolve\(\)|\.absolute\(\))?\.parents\[(\d+)\]")


def scanned(path: str) -> bool:
    p = PurePosixPath(path)
    return (p.suffix == ".py" or p.name in {"Makefile", "pyproject.toml"}
            or p.parts[0] == ".ci")


def source_files() -> list[str]:
    """Tracked files (and new ones not yet committed), or every file when there is no git."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
            cwd=REPO_DIR, capture_output=True, text=True, check=True).stdout
        files = out.splitlines()
    except (OSError, subprocess.CalledProcessError):
        files = []
        for folder, dirs, names in os.walk(REPO_DIR):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
            rel = Path(folder).relative_to(REPO_DIR)
            files += [(rel / name).as_posix() for name in names]
    return sorted(f for f in files if scanned(f) and (REPO_DIR / f).is_file())


def outside_references(path: str, text: str) -> list[str]:
    """Every line of `text` (the file at repository path `path`) that reaches outside the
    repository, as "path:line: what: the line"."""
    depth = len(PurePosixPath(path).parts)  # parents[depth - 1] is the repository root
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        reasons = [what for rx, what in OUTSIDE if rx.search(line)]
        for m in PARENT_CHAIN.finditer(line):
            if m[1].count(".parent") > depth:
                reasons.append(f"{m[1].count('.parent')} x .parent")
        for m in PARENTS_INDEX.finditer(line):
            if int(m[1]) > depth - 1:
                reasons.append(f".parents[{m[1]}]")
        found += [f"{path}:{number}: {what}: {line.strip()}" for what in reasons]
    return found


@pytest.mark.parametrize(("path", "line", "bad"), [
    ("tests/test_x.py", 'SEED = ROOT.parent / "shared" / "seeds"', True),
    ("tests/test_x.py", 'x = Path(__file__).resolve().parent.parent.parent / "x"', True),
    ("udsatteraad/search/x.py", 'x = Path(__file__).resolve().parents[3] / "x"', True),
    ("udsatteraad/search/x.py", 'x = Path(__file__).resolve().parents[2] / "data"', False),
    ("tests/test_x.py", "x = next((Path(settings.BASE_DIR).parent / 'x').glob('*'))", True),
    (".ci/run", "# runs from a fresh clone (with ../shared beside it)", True),
    ("Makefile", "\tcp /work/shared/seeds/* data/", True),
    ("udsatteraad/settings.py", "BASE_DIR = Path(__file__).resolve().parent.parent", False),
    ("udsatteraad/councils/models.py", '"""A shared vocabulary for filters."""', False),
])
def test_scanner_finds_paths_outside(path, line, bad):
    assert bool(outside_references(path, line)) is bad


def test_no_source_file_reaches_outside_the_repository():
    files = source_files()
    assert "Makefile" in files and "pyproject.toml" in files and ".ci/run" in files
    assert "udsatteraad/settings.py" in files and "tests/test_self_contained.py" in files
    found = []
    for path in files:
        if path == "tests/test_self_contained.py":
            continue  # its examples above name what it looks for
        text = (REPO_DIR / path).read_text(encoding="utf-8", errors="replace")
        found += outside_references(path, text)
    assert not found, "paths outside the repository:\n" + "\n".join(found)


def test_the_copied_documents_are_in_the_repository():
    assert REPO_DIR in DATA_DIR.parents
    assert (DATA_DIR / "SOURCES.md").is_file()
    seeds = sorted(p.name[:3] for p in SEEDS_DIR.glob("0*.txt"))
    assert seeds == ["000", "002", "003", "004"]  # never 001: it names real people
    assert len(list(OPARL_SCHEMA_DIR.glob("*.json"))) == 12
    assert len(list(OPARL_EXAMPLES_DIR.glob("*.json"))) == 8
    assert len(list(MINUTES_DIR.glob("*.txt"))) == 3


def test_generators_read_the_seeds_by_default():
    """The import batch generator falls back to built-in prose only without seeds."""
    assert load_paragraphs() != BUILTIN_PARAGRAPHS


def test_source_files_without_git(monkeypatch):
    """A tree without git (an exported archive) is still scanned."""
    def no_git(*args, **kwargs):
        raise OSError("no git")

    monkeypatch.setattr(subprocess, "run", no_git)
    files = source_files()
    assert "udsatteraad/settings.py" in files and "Makefile" in files
    assert not any(f.startswith(".venv") for f in files)
