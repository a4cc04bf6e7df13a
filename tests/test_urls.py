"""URLs: every route is named under its app's namespace, templates and code build URLs from
those names (no literal paths), and each action has its own POST URL (issue 9, "URLs")."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.core import checks
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PACKAGE = Path(__file__).resolve().parent.parent / "udsatteraad"
TEMPLATES = PACKAGE / "templates"
SKIPPED_PREFIXES = ("admin/", "i18n/")
# The lead rewrites access.py (its two login redirects); oparl/testing.py is test support.
LITERAL_URLS_ALLOWED = {PACKAGE / "accounts" / "access.py", PACKAGE / "oparl" / "testing.py"}
ROUTE_PREFIXES = ("raad", "sekretariat", "mine", "konto", "oparl", "soeg", "feed",
                  "tilgaengelighed")


def routes(patterns=None, prefix="", namespace=None):
    """(route, name, namespace) of every URL pattern, included URLconfs walked recursively."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(p.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(p, URLResolver):
            yield from routes(p.url_patterns, route, p.namespace or namespace)
        else:
            assert isinstance(p, URLPattern)
            yield route, p.name, namespace


def test_the_resolver_is_walked():
    found = {(ns, name) for _route, name, ns in routes()}
    assert ("meetings", "minutes-decision") in found and ("front", "home") in found
    assert not any(route.startswith("admin/") for route, _n, _ns in routes())


def test_every_route_has_a_name_and_a_namespace():
    unnamed = [route for route, name, ns in routes() if not name or not ns]
    assert unnamed == []


def test_route_names_are_unique_within_their_namespace():
    seen: dict[tuple[str | None, str | None], str] = {}
    doubles = []
    for route, name, ns in routes():
        if (ns, name) in seen:
            doubles.append((ns, name, seen[(ns, name)], route))
        seen[(ns, name)] = route
    assert doubles == []


def test_url_checks_are_clean():
    """Django warns about duplicate namespaces (urls.W005) and bad patterns."""
    issues = checks.run_checks(tags=[checks.Tags.urls])
    assert issues == []


LITERAL_IN_TEMPLATE = re.compile(
    r'\b(?:href|action|formaction|src|hx-get|hx-post)="/(?!/)[^"]*"')


def test_templates_build_urls_with_the_url_tag():
    offenders = []
    for path in sorted(TEMPLATES.rglob("*")):
        if path.is_file():
            for match in LITERAL_IN_TEMPLATE.finditer(path.read_text(encoding="utf-8")):
                offenders.append(f"{path.relative_to(TEMPLATES)}: {match.group(0)}")
    assert offenders == []


def test_the_template_check_finds_literal_urls():
    assert LITERAL_IN_TEMPLATE.search('<a href="/raad/">')
    assert LITERAL_IN_TEMPLATE.search('<form method="post" action="/konto/log-ud/">')
    assert not LITERAL_IN_TEMPLATE.search('<a href="https://oparl.org/">')
    assert not LITERAL_IN_TEMPLATE.search('<a href="#main">')
    assert not LITERAL_IN_TEMPLATE.search("<a href=\"{% url 'front:home' %}\">")


def _literal_paths(tree: ast.AST) -> list[tuple[int, str]]:
    """String literals (and f-strings) that begin with one of the site's paths."""
    found = []
    pattern = re.compile(rf"^/({'|'.join(ROUTE_PREFIXES)})\b")
    # An f-string's parts are constants too; the f-string stands for them.
    parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    for node in ast.walk(tree):
        text = None
        if id(node) in parts:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr) and node.values:
            first = node.values[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                text = first.value
        if text and pattern.match(text):
            found.append((getattr(node, "lineno", 0), text))
    return found


def test_code_builds_urls_with_reverse():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path in LITERAL_URLS_ALLOWED or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(PACKAGE)}:{line}: {text}"
                      for line, text in _literal_paths(tree)]
    assert offenders == []


def test_the_code_check_finds_literal_urls():
    tree = ast.parse('a = "/raad/"\nb = f"/sekretariat/{slug}/"\nc = "/static/"\nd = "x /mine/"')
    assert [text for _line, text in _literal_paths(tree)] == ["/raad/", "/sekretariat/"]


# One POST URL per action: the pages that dispatched on a posted "action" are read-only now.

@pytest.fixture
def meeting(world):
    import datetime as dt

    from django.utils import timezone

    from udsatteraad.meetings.models import Meeting

    return Meeting.objects.create(council=world.council, title="Møde", status="held",
                                  start=timezone.now() - dt.timedelta(days=3))


@pytest.mark.parametrize(("persona", "name", "args"), [
    ("secretary", "meetings:minutes", ["slug", "meeting"]),
    ("secretary", "meetings:proposals", ["slug", "meeting"]),
    ("member", "meetings:member-meeting", ["meeting"]),
    ("member", "meetings:member-extraordinary", ["slug"]),
])
def test_former_dispatchers_refuse_a_post(persona, name, args, meeting, world, member_client,
                                          secretary_client):
    client = {"member": member_client, "secretary": secretary_client}[persona]
    values = {"slug": world.council.slug, "meeting": meeting.pk}
    url = reverse(name, args=[values[a] for a in args])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "approve"})
    assert response.status_code == 405
    meeting.refresh_from_db()
    assert meeting.status == "held"


def test_action_urls_refuse_a_get(meeting, world, secretary_client, chair_client):
    slug = world.council.slug
    assert secretary_client.get(
        reverse("meetings:minutes-approve", args=[slug, meeting.pk])).status_code == 405
    assert chair_client.get(
        reverse("meetings:member-approve", args=[meeting.pk])).status_code == 405
    meeting.refresh_from_db()
    assert meeting.status == "held"


def test_two_submit_buttons_post_to_two_urls(meeting, world, member_client):
    """"Jeg kommer" posts with the form's action, "Afbud" with its own formaction, so the
    page works without JavaScript."""
    from udsatteraad.meetings.models import Meeting

    Meeting.objects.filter(pk=meeting.pk).update(status="planned")
    html = member_client.get(reverse("meetings:member-meeting", args=[meeting.pk])).text
    attending = reverse("meetings:member-attending", args=[meeting.pk])
    apology = reverse("meetings:member-apology", args=[meeting.pk])
    assert f'action="{attending}"' in html and f'formaction="{apology}"' in html
    assert 'name="action"' not in html
