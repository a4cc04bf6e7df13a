"""Every feed is valid by third-party checks: Atom against the RELAX NG schema of RFC 4287
(data/atom/atom.rng, with the schema's two Schematron rules checked here), RSS 2.0 through
feedparser's well-formedness check (bozo) plus the elements RSS 2.0 requires. Each feed is
checked with entries (the OParl test meetings) and empty (a council without meetings)."""

from __future__ import annotations

import datetime as dt
import email.utils
from urllib.parse import urlsplit

import feedparser
import pytest
from django.urls import reverse
from lxml import etree

from udsatteraad.lib.paths import DATA_DIR
from udsatteraad.oparl.testing import build_meetings

ATOM_NS = "http://www.w3.org/2005/Atom"
A = {"a": ATOM_NS}
ATOM_SCHEMA = etree.RelaxNG(etree.parse(str(DATA_DIR / "atom" / "atom.rng")))


def feeds(slug: str) -> list[tuple[str, str]]:
    return [
        ("rss", reverse("front:feed-rss")),
        ("atom", reverse("front:feed-atom")),
        ("rss", reverse("front:council-feed-rss", args=[slug])),
        ("atom", reverse("front:council-feed-atom", args=[slug])),
    ]


def is_absolute(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return bool(parts.scheme and (parts.netloc or parts.scheme in ("urn", "tag", "mailto")))


def atom_problems(body: bytes) -> list[str]:
    doc = etree.fromstring(body)
    problems = []
    if not ATOM_SCHEMA.validate(doc):
        problems += [f"RFC 4287 schema, line {e.line}: {e.message}"
                     for e in ATOM_SCHEMA.error_log]
    entries = doc.findall("a:entry", A)
    # The schema's Schematron rules (RELAX NG itself ignores them).
    if doc.find("a:author", A) is None and any(e.find("a:author", A) is None for e in entries):
        problems.append("a feed without an author has an entry without one")
    for entry in entries:
        links = entry.findall("a:link", A)
        if not (any(link.get("rel", "alternate") == "alternate" for link in links)
                or entry.find("a:content", A) is not None):
            problems.append(f"entry {entry.findtext('a:id', namespaces=A)}: no alternate link")
    # RFC 4287 in prose: ids are absolute IRIs, unique; dates are RFC 3339 (with an offset);
    # a feed has a self link (4.2.7.2, SHOULD), at most one alternate per type and language.
    ids = [e.findtext("a:id", namespaces=A) for e in [doc, *entries]]
    problems += [f"id is not an absolute IRI: {i!r}" for i in ids if not is_absolute(i)]
    if len(set(ids)) != len(ids):
        problems.append("duplicate ids")
    for el in doc.iter(f"{{{ATOM_NS}}}updated", f"{{{ATOM_NS}}}published"):
        try:
            parsed = dt.datetime.fromisoformat(el.text or "")
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            problems.append(f"{el.tag} is not an RFC 3339 date: {el.text!r}")
    for scope in [doc, *entries]:
        alternates = [(link.get("type"), link.get("hreflang"))
                      for link in scope.findall("a:link", A)
                      if link.get("rel", "alternate") == "alternate"]
        if len(set(alternates)) != len(alternates):
            problems.append("two alternate links of the same type and language")
        problems += [f"relative link {link.get('href')!r}"
                     for link in scope.findall("a:link", A) if not is_absolute(link.get("href"))]
    if not [link for link in doc.findall("a:link", A) if link.get("rel") == "self"]:
        problems.append("feed without rel=self link")
    return problems


def rss_problems(body: bytes) -> list[str]:
    parsed = feedparser.parse(body)
    problems = []
    if parsed.bozo:
        problems.append(f"feedparser: {parsed.bozo_exception!r}")
    if parsed.version != "rss20":
        problems.append(f"not RSS 2.0 but {parsed.version!r}")
    doc = etree.fromstring(body)
    if doc.tag != "rss" or doc.get("version") != "2.0":
        problems.append("root is not <rss version=\"2.0\">")
    channels = doc.findall("channel")
    if len(channels) != 1:
        return [*problems, "not exactly one channel"]
    channel = channels[0]
    # RSS 2.0 required channel elements, each once and not empty.
    for name in ("title", "link", "description"):
        found = channel.findall(name)
        if len(found) != 1 or not (found[0].text or "").strip():
            problems.append(f"channel/{name} missing, empty or repeated")
    if not is_absolute(channel.findtext("link")):
        problems.append("channel/link is not absolute")
    for tag in ("pubDate", "lastBuildDate"):
        for el in channel.iter(tag):
            if email.utils.parsedate_to_datetime(el.text or "") is None:
                problems.append(f"{tag} is not an RFC 822 date: {el.text!r}")
    guids = []
    for item in channel.findall("item"):
        if not (item.findtext("title") or item.findtext("description")):
            problems.append("item without title or description")
        link = item.findtext("link")
        if link is not None and not is_absolute(link):
            problems.append(f"item link is not absolute: {link!r}")
        guid = item.find("guid")
        if guid is not None:
            guids.append(guid.text)
            if guid.get("isPermaLink", "true") == "true" and not is_absolute(guid.text):
                problems.append(f"permalink guid is not a URL: {guid.text!r}")
    if len(set(guids)) != len(guids):
        problems.append("duplicate guids")
    return problems


def check(client, kind: str, url: str, *, entries: bool) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith(f"application/{kind}+xml"), url
    problems = atom_problems(response.content) if kind == "atom" else rss_problems(
        response.content)
    assert not problems, (url, problems)
    count = len(feedparser.parse(response.content).entries)
    assert (count > 0) == entries, (url, count)


def test_feeds_with_entries_are_valid(world, anon):
    build_meetings(world)
    for kind, url in feeds("testraad"):
        check(anon, kind, url, entries=True)


def test_empty_feeds_are_valid(world, anon):
    for kind, url in feeds("andetraad")[2:]:
        check(anon, kind, url, entries=False)


def test_the_checks_catch_what_rfc_4287_forbids():
    """The checker itself: a feed without author, id or updated, and with a relative link,
    fails; an RSS channel without description fails."""
    bad_atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>'
                b'<entry><title>e</title><id>1</id><updated>2026-01-01T00:00:00</updated>'
                b'<link href="/relative/"/></entry></feed>')
    problems = " ".join(atom_problems(bad_atom))
    assert "RFC 4287 schema" in problems and "author" in problems
    assert "absolute IRI" in problems and "RFC 3339" in problems and "relative" in problems
    bad_rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
               b"<link>http://a.example/</link></channel></rss>")
    assert rss_problems(bad_rss) == ["channel/description missing, empty or repeated"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_of_a_council_with_odd_text_stays_valid(world, anon, kind):
    """Titles with markup, ampersands and control characters do not break the XML."""
    world.council.name = "Råd & <b>co</b> \u2028 \"citat\""
    world.council.save(update_fields=["name"])
    build_meetings(world)
    url = reverse(f"front:council-feed-{kind}", args=["testraad"])
    check(anon, kind, url, entries=True)
