"""TOTP set-up and verification, the OTP-protected admin, and the demo_totp command."""

from __future__ import annotations

from base64 import b32encode

import pytest
from django.contrib.admin import site as admin_site
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, make_user

WRONG_TOKEN = "Koden er forkert eller udløbet"


@pytest.fixture(autouse=True)
def _clear_login_throttle():
    cache.clear()


def token_for(device: TOTPDevice) -> str:
    device.refresh_from_db()
    token = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    return f"{token:0{device.digits}d}"


def wrong_token(device: TOTPDevice) -> str:
    return f"{(int(token_for(device)) + 500_000) % 1_000_000:06d}"


@pytest.fixture
def new_secretary(world):
    from udsatteraad.councils.models import Secretary

    user = make_user("ny-sekretaer@testregion.example", "Karla Eksempelsen")
    Secretary.objects.create(user=user, council=world.council)
    return user


def logged_in(user, nxt: str = "") -> Client:
    """A client that has passed the password step only, through the login page."""
    client = Client()
    data = {"email": user.email, "password": PASSWORD}
    if nxt:
        data["next"] = nxt
    response = client.post("/konto/log-ind/", data)
    assert response.status_code == 302, response.content.decode()
    return client


def test_two_factor_pages_require_login(anon, db):
    for url in ("/konto/2fa/", "/konto/2fa/opsaet/"):
        response = anon.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/konto/log-ind/?next={url}"
    assert TOTPDevice.objects.count() == 0


def test_setup_shows_qr_and_secret(new_secretary):
    client = logged_in(new_secretary)
    response = client.get("/konto/2fa/opsaet/")
    assert response.status_code == 200
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=new_secretary)
    assert not device.confirmed
    assert "<svg" in html and "<title>QR-kode til godkendelses-app</title>" in html
    secret = b32encode(device.bin_key).decode().rstrip("=")
    assert secret[:4] + " " + secret[4:8] in html
    assert '<label for="id_token">' in html
    # A reload keeps the same pending device (and so the secret already scanned).
    client.get("/konto/2fa/opsaet/")
    assert TOTPDevice.objects.filter(user=new_secretary).count() == 1


def test_setup_with_real_token_confirms_device_and_verifies_session(new_secretary):
    client = logged_in(new_secretary, nxt="/mine/")
    page = client.get("/mine/", follow=True)
    assert page.redirect_chain == [
        ("/konto/2fa/?next=/mine/", 302), ("/konto/2fa/opsaet/?next=%2Fmine%2F", 302)
    ]
    device = TOTPDevice.objects.get(user=new_secretary)
    response = client.post(
        "/konto/2fa/opsaet/", {"token": token_for(device), "next": "/mine/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/mine/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/mine/").status_code == 200


def test_setup_wrong_token_keeps_device_and_shows_danish_error(new_secretary, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = logged_in(new_secretary)
    client.get("/konto/2fa/opsaet/")
    device = TOTPDevice.objects.get(user=new_secretary)
    response = client.post("/konto/2fa/opsaet/", {"token": wrong_token(device)})
    assert response.status_code == 200
    html = response.content.decode()
    assert WRONG_TOKEN in html
    assert 'class="field field-error"' in html
    assert b32encode(device.bin_key).decode()[:4] in html
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/mine/").status_code == 302
    # Nothing lost: the same device accepts the right code afterwards.
    response = client.post("/konto/2fa/opsaet/", {"token": token_for(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=new_secretary).confirmed


def test_setup_rejects_malformed_token(new_secretary):
    client = logged_in(new_secretary)
    response = client.post("/konto/2fa/opsaet/", {"token": "12ab"})
    assert response.status_code == 200
    assert "Koden skal være 6 cifre." in response.content.decode()
    assert 'value="12ab"' in response.content.decode()


def test_setup_is_throttled_after_a_wrong_token(new_secretary, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    client = logged_in(new_secretary)
    client.get("/konto/2fa/opsaet/")
    device = TOTPDevice.objects.get(user=new_secretary)
    client.post("/konto/2fa/opsaet/", {"token": wrong_token(device)})
    response = client.post("/konto/2fa/opsaet/", {"token": token_for(device)})
    assert "For mange forkerte forsøg" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_setup_cannot_add_a_device_without_the_existing_one(world):
    client = logged_in(world.secretary)
    response = client.get("/konto/2fa/opsaet/")
    assert response["Location"] == "/konto/2fa/"
    assert TOTPDevice.objects.filter(user=world.secretary).count() == 1


def test_verify_step(world):
    client = logged_in(world.secretary)
    assert client.get("/mine/")["Location"] == "/konto/2fa/?next=/mine/"
    device = world.secretary.totpdevice_set.get()
    page = client.get("/konto/2fa/?next=/mine/")
    assert page.status_code == 200
    assert '<input type="hidden" name="next" value="/mine/">' in page.content.decode()
    response = client.post("/konto/2fa/", {"token": token_for(device), "next": "/mine/"})
    assert response.status_code == 302
    assert response["Location"] == "/mine/"
    assert client.get("/mine/").status_code == 200
    # Already verified: the verify page sends the user on.
    assert client.get("/konto/2fa/")["Location"] == "/mine/"


def test_verify_wrong_token(world):
    client = logged_in(world.secretary)
    device = world.secretary.totpdevice_set.get()
    response = client.post("/konto/2fa/", {"token": wrong_token(device)})
    assert response.status_code == 200
    assert WRONG_TOKEN in response.content.decode()
    assert client.get("/mine/").status_code == 302


def test_verify_without_device_goes_to_setup(new_secretary):
    client = logged_in(new_secretary)
    assert client.get("/konto/2fa/?next=/mine/")["Location"] == "/konto/2fa/opsaet/?next=%2Fmine%2F"


def test_secretary_reaches_secretariat_only_after_verification(world):
    client = Client()
    response = client.post(
        "/konto/log-ind/",
        {"email": world.secretary.email, "password": PASSWORD, "next": "/sekretariat/"},
    )
    assert response["Location"] == "/konto/2fa/?next=%2Fsekretariat%2F"
    # Before the code, protected pages send the secretary back to the verify step.
    assert client.get("/mine/")["Location"].startswith("/konto/2fa/")
    assert client.get("/sekretariat/").status_code != 200
    device = world.secretary.totpdevice_set.get()
    response = client.post(
        "/konto/2fa/?next=%2Fsekretariat%2F", {"token": token_for(device)}
    )
    assert response.status_code == 302
    assert response["Location"] == "/sekretariat/"


def test_member_does_not_need_two_factor(world):
    client = logged_in(world.member)
    assert client.get("/mine/").status_code == 200


# The Django admin requires a verified OTP device.


def test_admin_refuses_superuser_without_verified_device(world):
    client = Client()
    client.force_login(world.admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/councils/council/").status_code == 302


def test_admin_refuses_non_staff_even_when_verified(secretary_client):
    assert secretary_client.get("/admin/").status_code == 302


def test_admin_allows_verified_superuser(admin_client_2fa):
    response = admin_client_2fa.get("/admin/")
    assert response.status_code == 200
    assert "/admin/councils/council/" in response.content.decode()


def test_every_admin_changelist_and_add_page_renders(admin_client_2fa):
    for model in admin_site._registry:
        meta = model._meta
        base = f"/admin/{meta.app_label}/{meta.model_name}/"
        # The search exercises search_fields as well as list_display.
        assert admin_client_2fa.get(base, {"q": "test"}).status_code == 200, base
        add = admin_client_2fa.get(f"{base}add/")
        assert add.status_code in (200, 403), base


def test_admin_change_pages_with_history(admin_client_2fa, world):
    pk = world.member_membership.pk
    assert admin_client_2fa.get(f"/admin/councils/membership/{pk}/change/").status_code == 200
    response = admin_client_2fa.get(f"/admin/councils/membership/{pk}/history/")
    assert response.status_code == 200
    user_page = admin_client_2fa.get(f"/admin/accounts/user/{world.member.pk}/change/")
    assert user_page.status_code == 200


def test_admin_can_add_user_with_lowercased_email(admin_client_2fa, world):
    from udsatteraad.accounts.models import User

    response = admin_client_2fa.post(
        "/admin/accounts/user/add/",
        {
            "email": "Ny.Bruger@Testregion.example", "name": "Mads Påhitsen",
            "usable_password": "true", "password1": "et-langt-kodeord-77",
            "password2": "et-langt-kodeord-77",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert User.objects.get(email="ny.bruger@testregion.example").check_password(
        "et-langt-kodeord-77"
    )


# demo_totp


def test_demo_totp_refuses_without_debug(world, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_totp", world.secretary.email)


def test_demo_totp_prints_a_working_code(world, settings, capsys):
    settings.DEBUG = True
    call_command("demo_totp", world.secretary.email.upper())
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and code.isdigit()
    assert world.secretary.totpdevice_set.get().verify_token(code)


def test_demo_totp_unknown_user_and_missing_device(world, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="ingen bruger"):
        call_command("demo_totp", "ukendt@example.dk")
    with pytest.raises(CommandError, match="ingen bekræftet"):
        call_command("demo_totp", world.member.email)
