"""Login hardening: throttling per account and per client address in the database (shared
by every worker process), one answer for every failure, the admin's login going through
the app's own login and two-factor step, and a new session key after the second factor."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django_otp.oath import TOTP

from conftest import PASSWORD, make_user

FAILURE = "E-mail eller adgangskode er forkert, eller der har været for mange forsøg."


def token_for(device) -> str:
    device.refresh_from_db()
    token = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    return f"{token:0{device.digits}d}"


def wrong_token(device) -> str:
    return f"{(int(token_for(device)) + 500_000) % 1_000_000:06d}"


def post_login(client: Client, email: str, password: str = PASSWORD):
    return client.post("/konto/log-ind/", {"email": email, "password": password})


def test_account_limit_holds_across_processes(world, settings):
    """Each guess from a fresh client with an empty cache: as if each went to another
    worker process. The limit still holds."""
    settings.LOGIN_THROTTLE_ACCOUNT_LIMIT = 5
    for i in range(5):
        cache.clear()
        post_login(Client(REMOTE_ADDR=f"10.0.0.{i + 1}"), world.member.email, "forkert-kodeord")
    cache.clear()
    client = Client(REMOTE_ADDR="10.0.1.1")
    response = post_login(client, world.member.email)
    assert response.status_code == 200
    assert FAILURE in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_address_limit_stops_one_guess_at_many_accounts(world, settings):
    settings.LOGIN_THROTTLE_ADDRESS_LIMIT = 4
    for i in range(4):
        post_login(Client(REMOTE_ADDR="192.0.2.7"), f"gaet-{i}@example.dk", "forkert-kodeord")
    refused = Client(REMOTE_ADDR="192.0.2.7")
    response = post_login(refused, world.member.email)
    assert FAILURE in response.content.decode()
    assert "_auth_user_id" not in refused.session
    # Another address is not affected: the member can still log in from home.
    other = Client(REMOTE_ADDR="198.51.100.1")
    assert post_login(other, world.member.email).status_code == 302


def test_every_failure_gives_the_same_answer(world, settings):
    settings.LOGIN_THROTTLE_ACCOUNT_LIMIT = 2

    def error_text(response) -> str:
        html = response.content.decode()
        start = html.index('role="alert"')
        return html[start : html.index("</div>", start)]

    unknown = error_text(post_login(Client(), "findes-ikke@example.dk"))
    wrong = error_text(post_login(Client(), world.member.email, "forkert-kodeord"))
    post_login(Client(), world.member.email, "forkert-kodeord")
    throttled = error_text(post_login(Client(), world.member.email))  # the right password
    assert unknown == wrong == throttled
    assert FAILURE in throttled


def test_successful_login_clears_the_account_count(world, settings):
    settings.LOGIN_THROTTLE_ACCOUNT_LIMIT = 3
    for _ in range(2):
        post_login(Client(), world.member.email, "forkert-kodeord")
    assert post_login(Client(), world.member.email).status_code == 302
    for _ in range(2):
        post_login(Client(), world.member.email, "forkert-kodeord")
    assert post_login(Client(), world.member.email).status_code == 302


def test_two_factor_step_counts_towards_the_same_limit(world, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # only our throttle, not django-otp's per device
    settings.LOGIN_THROTTLE_ACCOUNT_LIMIT = 3
    client = Client()
    assert post_login(client, world.secretary.email).status_code == 302
    device = world.secretary.totpdevice_set.get()
    for _ in range(3):
        client.post("/konto/2fa/", {"token": wrong_token(device)})
    response = client.post("/konto/2fa/", {"token": token_for(device)})
    assert response.status_code == 200
    assert "For mange forkerte forsøg" in response.content.decode()
    assert client.get("/mine/").status_code == 302  # still not verified
    # And the password step is throttled for that account too.
    assert FAILURE in post_login(Client(), world.secretary.email).content.decode()


def test_session_key_is_rotated_at_two_factor_verify(world):
    client = Client()
    post_login(client, world.secretary.email)
    before = client.session.session_key
    device = world.secretary.totpdevice_set.get()
    response = client.post("/konto/2fa/", {"token": token_for(device)})
    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.get("/mine/").status_code == 200


def test_session_key_is_rotated_at_two_factor_setup(world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from udsatteraad.councils.models import Secretary

    user = make_user("ny-sekretaer@testregion.example", "Karla Eksempelsen")
    Secretary.objects.create(user=user, council=world.council)
    client = Client()
    post_login(client, user.email)
    client.get("/konto/2fa/opsaet/")
    before = client.session.session_key
    device = TOTPDevice.objects.get(user=user)
    assert client.post("/konto/2fa/opsaet/", {"token": token_for(device)}).status_code == 302
    assert client.session.session_key != before


@pytest.mark.parametrize("password", [PASSWORD, "forkert-kodeord"])
def test_admin_login_goes_through_the_apps_login(world, password):
    client = Client()
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/log-ind/?next=%2Fadmin%2F"
    # A POST with a password never answers whether it was right: it is not even read.
    response = client.post(
        "/admin/login/", {"username": world.admin.email, "password": password}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/")
    assert "_auth_user_id" not in client.session


def test_admin_reached_through_login_and_two_factor(world):
    client = Client()
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == "/konto/log-ind/?next=%2Fadmin%2F"
    response = client.post(
        "/konto/log-ind/", {"email": world.admin.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/konto/2fa/?next=%2Fadmin%2F"
    device = world.admin.totpdevice_set.get()
    response = client.post("/konto/2fa/", {"token": token_for(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_login_sends_a_half_logged_in_admin_to_the_second_factor(world):
    client = Client()
    post_login(client, world.admin.email)
    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"] == "/konto/2fa/?next=%2Fadmin%2F"
