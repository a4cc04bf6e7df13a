"""Caching headers (udsatteraad/ops/middleware.py): anonymous public answers are cacheable,
carry an ETag and answer conditional requests with 304; anything personal or cookie-setting is
private, no-store; anonymous pages without a form set no cookie."""

from __future__ import annotations

import pytest
from django.test import override_settings

from udsatteraad.oparl.testing import build_meetings


@pytest.fixture
def meetings(world):
    return build_meetings(world)


def public_urls(meetings) -> list[str]:
    m = meetings.minutes.pk
    return [
        "/",
        "/raad/",
        "/raad/testraad/",
        f"/raad/testraad/moeder/{meetings.agenda.pk}/",
        "/feed.rss",
        "/raad/testraad/feed.atom",
        "/raad/testraad/kalender.ics",
        "/oparl/v1.1/",
        "/oparl/v1.1/body/",
        f"/oparl/v1.1/meeting/{m}/",
        "/soeg/?q=referat",
    ]


def test_anonymous_public_pages_are_cacheable_with_etag_and_no_cookie(meetings, anon):
    for url in public_urls(meetings):
        response = anon.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=60", url
        assert response["ETag"].startswith('"'), url
        # A shared cache may only store what sets no cookie for anyone.
        assert not response.cookies, (url, response.cookies)
    assert not anon.cookies


def test_etag_is_stable_and_answers_if_none_match_with_304(meetings, anon):
    url = f"/raad/testraad/moeder/{meetings.agenda.pk}/"
    first = anon.get(url)
    second = anon.get(url)
    assert first["ETag"] == second["ETag"]
    again = anon.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, max-age=60"
    assert anon.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_feed_answers_304_to_etag_and_to_if_modified_since(meetings, anon):
    first = anon.get("/raad/testraad/feed.rss")
    assert first.status_code == 200
    assert anon.get("/raad/testraad/feed.rss",
                    HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # The feed says when its newest entry changed; a client that has that version gets 304.
    assert "Last-Modified" in first
    assert anon.get("/raad/testraad/feed.rss",
                    HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert anon.get("/raad/testraad/feed.rss",
                    HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200


def test_oparl_system_object_answers_304(world, anon):
    first = anon.get("/oparl/v1.1/")
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=60"
    again = anon.get("/oparl/v1.1/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_etag_changes_when_the_page_changes(meetings, anon):
    url = "/raad/testraad/"
    before = anon.get(url)["ETag"]
    meetings.agenda.title = "Et helt nyt mødenavn"
    meetings.agenda.save(update_fields=["title"])
    after = anon.get(url, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before


def test_head_has_the_same_etag_and_answers_304(meetings, anon):
    url = "/raad/testraad/feed.rss"
    get = anon.get(url)
    head = anon.head(url)
    assert head.status_code == 200
    assert head["ETag"] == get["ETag"]
    assert head["Content-Length"] == get["Content-Length"]
    assert head.content == b""
    assert anon.head(url, HTTP_IF_NONE_MATCH=get["ETag"]).status_code == 304


def test_max_age_is_a_setting(world, anon):
    with override_settings(PUBLIC_CACHE_MAX_AGE=300):
        assert anon.get("/raad/")["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("persona", ["secretary_client", "member_client"])
def test_logged_in_users_get_private_no_store_everywhere(meetings, persona, request):
    client = request.getfixturevalue(persona)
    for url in [*public_urls(meetings), "/mine/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, (url, response["Cache-Control"])
        assert "public" not in directives, url
        # Not worth an ETag either: nothing may store it.
        assert client.get(url, HTTP_IF_NONE_MATCH=response.get("ETag", '"x"')).status_code == 200


def test_member_page_is_private(meetings, member_client):
    response = member_client.get(f"/mine/moeder/{meetings.agenda.pk}/")
    assert response.status_code in (200, 404)
    assert "no-store" in response["Cache-Control"]


def test_a_page_with_a_form_sets_the_csrf_cookie_and_is_private(world, anon):
    response = anon.get("/konto/log-ind/")
    assert response.status_code == 200
    assert "csrftoken" in response.cookies
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives


def test_language_switch_works_without_a_csrf_cookie_and_english_pages_stay_cacheable(
        world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/raad/"})
    assert switched.status_code == 302
    assert "private" in switched["Cache-Control"]  # it sets the language cookie
    page = client.get("/raad/")
    assert page["Content-Language"] == "en"
    assert page["Cache-Control"] == "public, max-age=60"
    # The language comes from a cookie, so a cache must key on it.
    assert "Cookie" in page["Vary"]
    assert not page.cookies


def test_post_and_errors_are_not_made_public(world, anon):
    missing = anon.get("/raad/findes-ikke/")
    assert missing.status_code == 404
    assert "public" not in missing.get("Cache-Control", "")
    assert "ETag" not in missing
