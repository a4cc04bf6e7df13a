"""Login by e-mail, logout, `next` handling, login throttling and password reset."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from conftest import PASSWORD, make_user

WRONG_LOGIN = "E-mail eller adgangskode er forkert"


@pytest.fixture(autouse=True)
def _clear_login_throttle():
    cache.clear()
    yield
    cache.clear()


def post_login(client: Client, email: str, password: str = PASSWORD, **extra):
    return client.post("/konto/log-ind/", {"email": email, "password": password, **extra})


def test_login_page_has_danish_labels(anon, db):
    response = anon.get("/konto/log-ind/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_email">E-mail</label>' in html
    assert '<label for="id_password">Adgangskode</label>' in html
    assert "csrfmiddlewaretoken" in html
    assert 'href="/konto/nulstil/"' in html


def test_login_by_email_is_case_insensitive(anon, world):
    response = post_login(anon, "  MEDLEM@Testregion.EXAMPLE ")
    assert response.status_code == 302
    assert response["Location"] == "/mine/"
    assert int(anon.session["_auth_user_id"]) == world.member.pk


def test_wrong_password_gives_danish_message_and_keeps_email(anon, world):
    response = post_login(anon, "medlem@testregion.example", "forkert-kodeord")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(WRONG_LOGIN) == 1
    assert 'value="medlem@testregion.example"' in html
    assert "forkert-kodeord" not in html  # passwords are never echoed back
    assert "_auth_user_id" not in anon.session


def test_unknown_email_gives_the_same_message(anon, world):
    response = post_login(anon, "findes-ikke@example.dk")
    assert response.status_code == 200
    assert WRONG_LOGIN in response.content.decode()


def test_empty_form_shows_field_errors(anon, db):
    response = anon.post("/konto/log-ind/", {"email": "", "password": ""})
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()


def test_inactive_user_cannot_log_in(anon, world):
    world.member.is_active = False
    world.member.save(update_fields=["is_active"])
    response = post_login(anon, world.member.email)
    assert response.status_code == 200
    assert "Din konto er lukket" in response.content.decode()
    assert "_auth_user_id" not in anon.session


def test_repeated_wrong_passwords_are_throttled(anon, world):
    for _ in range(10):
        post_login(anon, world.member.email, "forkert-kodeord")
    response = post_login(anon, world.member.email)
    assert response.status_code == 200
    assert WRONG_LOGIN in response.content.decode()
    assert "_auth_user_id" not in anon.session


def test_logout_is_post_only(member_client):
    assert member_client.get("/konto/log-ud/").status_code == 405
    assert member_client.get("/mine/").status_code == 200
    response = member_client.post("/konto/log-ud/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    response = member_client.get("/mine/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/")


def test_next_is_honoured_for_same_site_path(anon, world):
    response = post_login(anon, world.chair.email, next="/raad/testraad/")
    assert response.status_code == 302
    assert response["Location"] == "/raad/testraad/"


def test_next_from_query_string_is_carried_in_the_form(anon, db):
    response = anon.get("/konto/log-ind/?next=/raad/testraad/")
    assert '<input type="hidden" name="next" value="/raad/testraad/">' in response.content.decode()


@pytest.mark.parametrize(
    "nxt", ["https://evil.example/", "//evil.example/mine/", "javascript:alert(1)"]
)
def test_external_next_is_refused(anon, world, nxt):
    page = anon.get("/konto/log-ind/", {"next": nxt})
    assert page.status_code == 200
    login_form = page.content.decode().split('action="/konto/log-ind/"')[1]
    assert 'name="next"' not in login_form
    response = post_login(anon, world.chair.email, next=nxt)
    assert response.status_code == 302
    assert response["Location"] == "/mine/"


def test_login_redirect_from_protected_page_and_back(anon, world):
    response = anon.get("/mine/")
    assert response["Location"] == "/konto/log-ind/?next=/mine/"
    response = post_login(anon, world.member.email, next="/mine/")
    assert response["Location"] == "/mine/"
    assert anon.get("/mine/").status_code == 200


def test_secretary_with_device_is_sent_to_verify(anon, world):
    response = post_login(anon, world.secretary.email, next="/sekretariat/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/?next=%2Fsekretariat%2F"


def test_new_secretary_is_sent_to_two_factor_setup(anon, world):
    from udsatteraad.councils.models import Secretary

    user = make_user("ny-sekretaer@testregion.example", "Karla Eksempelsen")
    Secretary.objects.create(user=user, council=world.council)
    response = post_login(anon, user.email)
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/opsaet/"


def test_superuser_is_sent_to_two_factor(anon, world):
    response = post_login(anon, world.admin.email)
    assert response["Location"] == "/konto/2fa/"


# Password reset


def reset_link(message) -> str:
    match = re.search(r"https?://testserver(/konto/nulstil/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset_page_is_danish(anon, db):
    response = anon.get("/konto/nulstil/")
    assert response.status_code == 200
    assert '<label for="id_email">E-mail</label>' in response.content.decode()


def test_password_reset_sends_multipart_mail_whose_link_sets_a_new_password(anon, world):
    response = anon.post("/konto/nulstil/", {"email": "Medlem@testregion.example"})
    assert response.status_code == 302
    assert response["Location"] == "/konto/nulstil/sendt/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.member.email]
    assert "Nulstil din adgangskode" in message.subject
    assert "\n" not in message.subject
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    link = reset_link(message)
    assert f'href="http://testserver{link}"' in html

    response = anon.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    assert form_url.endswith("/set-password/")
    page = anon.get(form_url)
    assert page.status_code == 200
    assert "Ny adgangskode" in page.content.decode()

    new = "nyt-sikkert-kodeord-42"
    response = anon.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert response["Location"] == "/konto/nulstil/faerdig/"
    assert anon.get("/konto/nulstil/faerdig/").status_code == 200

    fresh = Client()
    assert post_login(fresh, world.member.email, PASSWORD).status_code == 200
    assert post_login(fresh, world.member.email, new)["Location"] == "/mine/"
    # The link works once only.
    assert "Linket virker ikke" in Client().get(link, follow=True).content.decode()


def test_password_reset_mismatch_keeps_user_on_form(anon, world):
    anon.post("/konto/nulstil/", {"email": world.member.email})
    form_url = anon.get(reset_link(mail.outbox[0]))["Location"]
    response = anon.post(
        form_url, {"new_password1": "nyt-sikkert-kodeord-42", "new_password2": "noget-andet-99"}
    )
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    world.member.refresh_from_db()
    assert world.member.check_password(PASSWORD)


def test_password_reset_unknown_address_gives_the_same_answer(anon, world):
    known = anon.post("/konto/nulstil/", {"email": world.member.email}, follow=True)
    unknown = anon.post("/konto/nulstil/", {"email": "ukendt@example.dk"}, follow=True)
    assert len(mail.outbox) == 1
    assert known.redirect_chain == unknown.redirect_chain == [("/konto/nulstil/sendt/", 302)]
    csrf = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert csrf.sub(b"", known.content) == csrf.sub(b"", unknown.content)
    assert "ukendt@example.dk" not in unknown.content.decode()


def test_bad_reset_link_explains_in_danish(anon, db):
    response = anon.get("/konto/nulstil/MQ/forkert-token/")
    assert response.status_code == 200
    assert "Linket virker ikke" in response.content.decode()
