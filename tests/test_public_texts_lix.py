"""The public interface's own texts stay easy to read (issue 19): the Danish text of every
template the public pages use (headings, help, buttons, messages; not meeting content, which
comes from variables) has a LIX of 30 or below. The test names every template above.

Each piece of text (a {% translate %} string, a {% blocktranslate %} block, text between HTML
tags) counts as its own sentence when it does not end one itself: a heading or a button label
is read on its own. Template variables are left out: they are content, not interface text."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from udsatteraad.easyread.lix import analyse

MAX_LIX = 30
TEMPLATES = Path(settings.BASE_DIR) / "udsatteraad" / "templates"
# The templates the public views render (front/, the public meeting pages, search, easy-read,
# the accessibility statement, the error pages); the templates they extend and include are
# followed from there.
PUBLIC = [
    "front/home.html",
    "front/councils.html",
    "front/council.html",
    "front/accessibility.html",
    "meetings/meeting.html",
    "meetings/publish/archive.html",
    "search/search.html",
    "easyread/public.html",
    "404.html",
    "403.html",
    "500.html",
]

_COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
_TRANSLATE = re.compile(r"""{%\s*(?:translate|trans)\s+(["'])(.*?)\1.*?%}""", re.S)
_BLOCK = re.compile(r"{%\s*blocktrans(?:late)?\b.*?%}(.*?){%\s*endblocktrans(?:late)?\s*%}",
                    re.S)
_PLURAL = re.compile(r"{%\s*plural\s*%}.*", re.S)  # the plural repeats the singular
_RELATED = re.compile(r"""{%\s*(?:extends|include)\s+["']([^"']+)["']""")
_VARIABLE = re.compile(r"{{.*?}}", re.S)
_TAG = re.compile(r"{%.*?%}", re.S)
_HTML = re.compile(r"<(script|style)\b.*?</\1>|<[^>]*>", re.S)


def related(name: str, seen: set[str] | None = None) -> list[str]:
    """The template and every template it extends or includes, recursively."""
    seen = set() if seen is None else seen
    if name in seen or not (TEMPLATES / name).exists():
        return []
    seen.add(name)
    source = (TEMPLATES / name).read_text()
    found = [name]
    for other in _RELATED.findall(source):
        found += related(other, seen)
    return found


def texts(source: str) -> list[str]:
    """The Danish interface texts of a template, one piece each."""
    source = _COMMENT.sub("", source)
    pieces: list[str] = []

    def keep(text: str) -> str:
        text = _VARIABLE.sub(" ", _PLURAL.sub("", text))
        text = " ".join(_HTML.sub(" ", text).split())
        if text:
            pieces.append(text)
        return " "

    source = _BLOCK.sub(lambda m: keep(m.group(1)), source)
    source = _TRANSLATE.sub(lambda m: keep(m.group(2)), source)
    # What is left between tags: literal text the template shows without translation.
    source = _TAG.sub("\n", _VARIABLE.sub("\n", source))
    for chunk in _HTML.sub("\n", source).split("\n"):
        chunk = " ".join(chunk.split())
        if any(c.isalpha() for c in chunk):
            pieces.append(chunk)
    return pieces


def is_partial(name: str) -> bool:
    return Path(name).name.startswith("_")


def partials(name: str, seen: set[str] | None = None) -> list[str]:
    """The partials ("_x.html") a template includes, recursively: a partial of three words is
    no text of its own, so it is read with each page that includes it."""
    seen = set() if seen is None else seen
    found = []
    for other in _RELATED.findall((TEMPLATES / name).read_text()):
        if is_partial(other) and other not in seen and (TEMPLATES / other).exists():
            seen.add(other)
            found += [other, *partials(other, seen)]
    return found


def template_lix(name: str):
    pieces = []
    for part in [name, *partials(name)]:
        pieces += texts((TEMPLATES / part).read_text())
    return analyse("\n".join(pieces))


def public_templates() -> list[str]:
    """Every public template and the pages it extends, without the partials (read with the
    templates that include them)."""
    seen: set[str] = set()
    names: list[str] = []
    for name in PUBLIC:
        names += related(name, seen)
    return [n for n in names if not is_partial(n)]


def test_the_extraction_finds_interface_text_and_skips_content():
    source = ('{% load i18n %}<h1>{% translate "Møder" %}</h1>{# Ikke en tekst #}'
              '<p>{% blocktranslate with n=x %}Der er {{ n }} møder.{% plural %}Flere møder.'
              '{% endblocktranslate %}</p><a href="/">Forside</a>{{ meeting.title }}'
              '<span aria-label="{% translate \'Brødkrummesti\' %}"></span>')
    assert texts(source) == ["Der er møder.", "Møder", "Brødkrummesti", "Forside"]


def test_the_check_sees_a_hard_text():
    hard = "Forvaltningen orienterede vedrørende implementeringsplanen for socialområdet."
    assert analyse("\n".join(texts(f'{{% translate "{hard}" %}}'))).rounded > MAX_LIX


def test_every_public_template_is_found():
    names = public_templates()
    for name in PUBLIC:
        assert (TEMPLATES / name).exists(), name
    assert "base.html" in names  # followed through {% extends %}
    assert all(texts((TEMPLATES / n).read_text()) for n in PUBLIC), "a template without text"


def test_public_interface_texts_are_easy_to_read():
    scores = {name: template_lix(name) for name in public_templates()}
    above = {name: (lix.rounded, lix.distinct_long_words) for name, lix in scores.items()
             if lix.rounded is not None and lix.rounded > MAX_LIX}
    report = "; ".join(f"{name}: LIX {score}, long words: {', '.join(words)}"
                       for name, (score, words) in above.items())
    assert above == {}, f"templates with LIX above {MAX_LIX}: {report}"
