"""Test helpers: crawl the site through the test client as a persona, one page per route, and
read the forms of a page (for tests/test_html_valid.py and tests/test_fuzz_forms.py)."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.urls import Resolver404, resolve

# Not pages: files, feeds, the API, Django's admin (its HTML is Django's), and leaving.
NOT_PAGES = re.compile(
    r"\.(pdf|ics|rss|atom|xml|txt|json|docx|xlsx|odt|png|jpe?g|svg|ico)$"
    r"|^/(oparl|admin|static|media)/|/log-?ud/|/logout/|/bilag/\d+/$"
)


def route_key(url: str) -> tuple | None:
    """The route a URL resolves to, the meeting it is about (meetings in different states show
    different things) and the names of its query parameters; None when it is not a page of
    this site."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver") or NOT_PAGES.search(parts.path):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return (match.route, match.kwargs.get("meeting_id"),
            frozenset(k for k, _ in parse_qsl(parts.query, keep_blank_values=True)))


def crawl(client, starts: list[str], *, limit: int = 400) -> dict[str, str]:
    """GET pages breadth-first from `starts`, following links on the site, one URL per
    route_key. Returns {url: html} of the pages that answered 200."""
    queue = deque(starts)
    seen: set = set()
    pages: dict[str, str] = {}
    while queue and len(seen) < limit:
        url = queue.popleft()
        key = route_key(url)
        if key is None or key in seen:
            continue
        seen.add(key)
        response = client.get(url)
        if response.status_code in (301, 302):
            # A redirect's target is a page of its own (its key may be new).
            queue.append(response["Location"])
            continue
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        pages[url] = html
        for href in re.findall(r'href="([^"#]*)', html):
            target = urljoin(url, unescape(href))
            parts = urlsplit(target)
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


@dataclass
class Form:
    action: str
    method: str
    # name -> kind: "text", "number", "date", "time", "email", "checkbox", "radio", "select",
    # "select-multiple", "textarea", "file", "hidden", "submit", ...
    fields: dict[str, str] = field(default_factory=dict)
    # name -> the value the page offers (hidden fields, first option, checked box)
    values: dict[str, list[str]] = field(default_factory=dict)
    options: dict[str, list[str]] = field(default_factory=dict)


class _Forms(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            action = urljoin(self.page_url, a.get("action") or self.page_url)
            self.form = Form(action=urlsplit(action).path + (
                f"?{urlsplit(action).query}" if urlsplit(action).query else ""),
                method=(a.get("method") or "get").lower())
            self.forms.append(self.form)
            return
        if self.form is None or not a.get("name"):
            if tag == "option" and self.form is not None and self.select:
                self.form.options.setdefault(self.select, []).append(a.get("value", ""))
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            self.form.fields.setdefault(name, kind)
            if kind in ("hidden", "submit"):
                self.form.values.setdefault(name, []).append(a.get("value", ""))
            elif kind in ("checkbox", "radio") and "checked" in a:
                self.form.values.setdefault(name, []).append(a.get("value", "on"))
            elif a.get("value"):
                self.form.values.setdefault(name, []).append(a["value"])
            if kind == "radio":
                self.form.options.setdefault(name, []).append(a.get("value", "on"))
        elif tag == "select":
            self.form.fields[name] = "select-multiple" if "multiple" in a else "select"
            self.select = name
        elif tag == "textarea":
            self.form.fields[name] = "textarea"
            self.textarea = name
        elif tag == "button" and a.get("type", "submit") == "submit":
            self.form.fields.setdefault(name, "submit")
            self.form.values.setdefault(name, []).append(a.get("value", ""))
        elif tag == "option" and self.select:
            self.form.options.setdefault(self.select, []).append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def forms(page_url: str, html: str) -> list[Form]:
    parser = _Forms(page_url)
    parser.feed(html)
    parser.close()
    return parser.forms
