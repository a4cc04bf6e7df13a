"""udsatteraad/lib: the helpers several apps share sit below the apps (they import none), and
keep the behaviour they had in the apps they came from."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from udsatteraad.lib.text import danish_slugify, looks_like_html, plain_text

LIB = Path(__file__).resolve().parent.parent / "udsatteraad" / "lib"
APPS = {"accounts", "councils", "meetings", "front", "imports", "oparl", "easyread", "search"}


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
    return found


def test_lib_imports_no_app():
    files = sorted(LIB.glob("*.py"))
    assert {p.name for p in files} >= {"extract.py", "forms.py", "mail.py", "paths.py", "text.py",
                                       "yamlfile.py"}
    for path in files:
        for module in imported_modules(path):
            parts = module.split(".")
            assert not (parts[0] == "udsatteraad" and len(parts) > 1 and parts[1] in APPS), (
                f"{path.name} imports {module}")
            assert not module.startswith(".."), f"{path.name} imports {module}"


@pytest.mark.parametrize(("name", "slug"), [
    ("Hjemløse", "hjemloese"), ("Ældre på gaden", "aeldre-paa-gaden"), ("Ishøj Kommune",
                                                                       "ishoej-kommune")])
def test_danish_slugify(name, slug):
    assert danish_slugify(name) == slug


def test_rich_text_to_plain_text():
    assert not looks_like_html("1 < 2 og 3 > 2")
    assert plain_text("1 < 2 og 3 > 2") == "1 < 2 og 3 > 2"
    html = "<p>Rådet &amp; forvaltningen</p><ul><li>Et</li><li>To</li></ul>"
    assert looks_like_html(html)
    assert plain_text(html).split("\n") == ["Rådet & forvaltningen", "Et", "To", ""]
