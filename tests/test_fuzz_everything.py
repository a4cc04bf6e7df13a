"""Property-based, over the whole site: every form and every query parameter, as each persona,
never gives a 500 and never leaves anything half-saved.

The forms are found, not listed: every route of the access matrix (tests/test_access_matrix.py,
itself generated from the URL resolver) that a persona may GET is fetched as that persona, and
every <form method="post"> on those pages is read for its action and fields (tests/crawl.py).
Hypothesis then posts generated values to each form, by the kind of field: huge and negative
numbers, 30-digit ids, NUL bytes, unicode, overlong text, dates and times out of range, lists
where one value is expected, garbage files. The same pages are fetched with generated values for
every query parameter the views read.

Each example runs in a savepoint that is rolled back. A refused request (anything but a
redirect) must leave every table as it was (row counts and latest change); an accepted one must
leave pages that still render. FUZZ_EXAMPLES sets the examples per form and page (2 by default,
so the normal run stays short; raise it for a deeper search). Runs on SQLite and PostgreSQL
like the rest of the suite (DATABASE_URL)."""

from __future__ import annotations

import os
from urllib.parse import urlencode, urlsplit

import pytest
from crawl import Form, forms, route_key
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_access_matrix import ROWS, client_for, objects, url_of  # noqa: F401 (fixture)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))
PERSONAS = ["anon", "member", "chair", "secretary", "other_secretary", "admin"]
# Not fuzzed: leaving (it would log the persona out for the examples after it) and the
# language switch (a cookie, no data).
SKIP_ACTIONS = ("/konto/log-ud/", "/i18n/setlang/")
# Every query parameter a view reads (grep "request.GET" in udsatteraad/), and OParl's.
QUERY_PARAMS = ["side", "q", "raad", "aar", "type", "anmodning", "periode", "next", "page",
                "limit", "created_since", "created_until", "modified_since", "modified_until"]
# Tables a request may write whatever it answers: sessions, the access log of personal data,
# the failed-login counter, rendered-PDF cache rows.
UNWATCHED = {"django_session", "accounts_accesslogentry", "accounts_loginfailure",
             "meetings_renderedpdf",
             # Reading an inquiry is logged (GDPR), also when a post to its page is refused.
             "inquiries_inquiryaccess"}

NASTY = ["", " ", "0", "-1", "1" * 30, "-" + "9" * 25, "9223372036854775808", "1e309", "nan",
         "\x00", "a\x00b", "<script>alert(1)</script>", "0001-01-01", "9999-12-31",
         "9999-12-31T23:59:59-23:59", "0000-00-00", "31-02-2026", "25:61", "æøå ÆØÅ 🙂",
         "x" * 5000, "%s", "{}", "' OR 1=1 --", "../../etc/passwd", "\u202e", "\ud7ff"]

text = st.one_of(st.sampled_from(NASTY), st.text(max_size=30))
number = st.one_of(st.sampled_from(NASTY),
                   st.integers(min_value=-(2**70), max_value=2**70).map(str))
date = st.one_of(st.sampled_from(NASTY), st.dates().map(str),
                 st.dates().map(lambda d: d.strftime("%d-%m-%Y")))
time = st.one_of(st.sampled_from(NASTY), st.times().map(lambda t: t.strftime("%H:%M")))
flag = st.sampled_from(["", "on", "1", "\x00"])
upload = st.tuples(st.sampled_from(["a.pdf", "b.docx", "c.png", "d.txt", "\x00.pdf", ""]),
                   st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n"]),
                   st.binary(max_size=200))


def value_for(form: Form, name: str, kind: str) -> st.SearchStrategy:
    offered = [v for v in form.options.get(name, []) + form.values.get(name, []) if v]
    one: st.SearchStrategy
    if kind == "number":
        one = number
    elif kind == "date":
        one = date
    elif kind == "time":
        one = time
    elif kind in ("select", "radio", "submit") and offered:
        one = st.one_of(st.sampled_from(offered), number, text)
    elif kind == "checkbox" and not offered:
        one = flag
    else:
        one = st.one_of(st.sampled_from(offered), text) if offered else text
    if kind == "file":
        return upload.map(lambda f: SimpleUploadedFile(f[0] or "x", f[1] + f[2]))
    if kind in ("select-multiple", "checkbox"):
        # A list where one value is expected, and the other way round.
        return st.one_of(one, st.lists(st.one_of(one, number), max_size=3))
    return st.one_of(one, st.lists(one, min_size=2, max_size=2))


def form_data(form: Form) -> st.SearchStrategy[dict]:
    fields = {n: value_for(form, n, k) for n, k in form.fields.items()
              if n != "csrfmiddlewaretoken"}
    # Each field is sent or left out.
    return st.fixed_dictionaries({}, optional=fields)


def fingerprint() -> tuple:
    """Row count (and latest change, where a table has one) of every watched table, in one
    query."""
    parts = []
    for model in apps.get_models():
        table = model._meta.db_table
        if table in UNWATCHED or model._meta.proxy:
            continue
        q = connection.ops.quote_name
        parts.append(f"(SELECT COUNT(*) FROM {q(table)})")
        if any(f.column == "modified" for f in model._meta.concrete_fields):
            parts.append(f"(SELECT CAST(MAX({q('modified')}) AS VARCHAR(64)) FROM {q(table)})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


def discover(client, urls: list[str]) -> tuple[list[str], list[Form]]:
    """The pages that answered 200, and their post forms (one per action route)."""
    pages, found, seen = [], [], set()
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        pages.append(url)
        for form in forms(url, response.content.decode()):
            key = route_key(form.action) if form.action.startswith("/") else None
            if (form.method != "post" or key is None or key in seen
                    or form.action.startswith(SKIP_ACTIONS)):
                continue
            seen.add(key)
            found.append(form)
    return pages, found


def pages_for(persona: str, ids: dict) -> list[str]:
    return sorted({url_of(row, ids) for row in ROWS if row.get[persona] == 200})


def check(client, method: str, url: str, data=None) -> None:
    with transaction.atomic():
        before = fingerprint()
        # The test client re-raises a view's exception: a 500 fails here with its cause.
        response = client.get(url) if method == "GET" else client.post(url, data)
        assert response.status_code in (200, 301, 302, 400, 403, 404, 405, 409), (
            response.status_code, url, data)
        if response.status_code in (301, 302):
            target = response["Location"]
            if urlsplit(target).netloc in ("", "testserver"):
                assert client.get(target).status_code < 500, (target, url, data)
        elif method == "POST":
            assert fingerprint() == before, ("refused but changed", url, data)
        transaction.set_rollback(True)


SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


def fuzz_form(client, form: Form) -> None:
    @SETTINGS
    @given(data=form_data(form))
    def post(data: dict) -> None:
        check(client, "POST", form.action, data)

    post()


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_form_and_query_parameter_as_each_persona(persona, world, request):
    ids = request.getfixturevalue("objects")  # the access matrix's world of meetings
    client = client_for(persona, world)
    pages, found = discover(client, pages_for(persona, ids))
    assert pages and (found or persona == "other_secretary"), persona
    for form in found:
        fuzz_form(client, form)

    pages += [url_of(row, ids) for row in ROWS
              if row.route.startswith("oparl:") and row.get[persona] == 200]

    @settings(SETTINGS, max_examples=max(EXAMPLES * 5, 10))
    @given(url=st.sampled_from(pages),
           query=st.dictionaries(st.sampled_from(QUERY_PARAMS), st.one_of(text, number, date),
                                 min_size=1, max_size=4))
    def get(url: str, query: dict) -> None:
        check(client, "GET", f"{url}?{urlencode(query)}")

    get()
    # The examples sample the pages; every page also gets the values that once gave 500s.
    once = {"modified_until": "9999-12-31T23:59:59-23:59", "created_since": "0001-01-01",
            "side": "1" * 30, "aar": "99999", "q": "a\x00b", "periode": "9" * 25,
            "anmodning": "9223372036854775808", "page": "-1", "limit": "1e309", "raad": "\x00",
            "type": "x" * 300, "next": "//evil.example/"}
    for url in pages:
        check(client, "GET", f"{url}?{urlencode(once)}")


def test_discovery_finds_the_secretariats_forms_and_the_fingerprint_sees_a_row(world, request):
    """The fuzzing itself: the forms found include the ones that once gave 500s, and a row
    written by a refused request would be seen."""
    from django.urls import reverse

    from udsatteraad.councils.models import Venue

    ids = request.getfixturevalue("objects")
    _pages, found = discover(client_for("secretary", world), pages_for("secretary", ids))
    actions = {f.action for f in found}
    for name, kwargs in [("meetings:rules-of-procedure", {}), ("meetings:meeting-new", {}),
                         ("councils:member-new", {}),
                         ("meetings:agenda-item-new", {"meeting_id": ids["planned"]})]:
        assert reverse(name, kwargs={"slug": "testraad", **kwargs}) in actions, name
    assert len(found) >= 25
    before = fingerprint()
    Venue.objects.create(authority=world.region, name="Ny", kind="drop_in")
    assert fingerprint() != before
