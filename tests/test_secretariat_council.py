"""Secretariat: the list of councils, the overview, editing the council, the access log, and
who may reach the secretariat's pages at all."""

import pytest

from udsatteraad.accounts.models import AccessLogEntry
from udsatteraad.councils.models import Council

PAGES = [
    "/sekretariat/testraad/",
    "/sekretariat/testraad/rediger/",
    "/sekretariat/testraad/kommissorium/",
    "/sekretariat/testraad/kommissorium/ny/",
    "/sekretariat/testraad/kommissorium/1/",
    "/sekretariat/testraad/kommissorium/1/pladser/ny/",
    "/sekretariat/testraad/perioder/",
    "/sekretariat/testraad/perioder/ny/",
    "/sekretariat/testraad/medlemmer/",
    "/sekretariat/testraad/medlemmer/ny/",
    "/sekretariat/testraad/organisationer/",
    "/sekretariat/testraad/organisationer/ny/",
    "/sekretariat/testraad/steder/",
    "/sekretariat/testraad/steder/ny/",
    "/sekretariat/testraad/adgangslog/",
]


def object_pages(world):
    return [
        f"/sekretariat/testraad/pladser/{world.red_cross_group.pk}/",
        f"/sekretariat/testraad/perioder/{world.term.pk}/",
        f"/sekretariat/testraad/medlemmer/{world.member_membership.pk}/",
        f"/sekretariat/testraad/medlemmer/{world.member_membership.pk}/erstat/",
        f"/sekretariat/testraad/organisationer/{world.red_cross.pk}/",
        f"/sekretariat/testraad/steder/{world.cafe.pk}/",
    ]


def test_secretary_reaches_every_page(secretary_client, world):
    for url in PAGES + object_pages(world):
        response = secretary_client.get(url)
        assert response.status_code == 200, url
        assert b"secretariat.css" in response.content, url
        assert response.content.count(b"<h1") == 1, url


def test_platform_admin_reaches_every_council(admin_client_2fa, world):
    assert admin_client_2fa.get("/sekretariat/andetraad/").status_code == 200
    assert admin_client_2fa.get("/sekretariat/testraad/medlemmer/").status_code == 200


@pytest.mark.parametrize("persona", ["chair_client", "member_client", "other_secretary_client"])
def test_others_get_403_on_every_page(persona, request, world):
    client = request.getfixturevalue(persona)
    for url in PAGES + object_pages(world):
        assert client.get(url).status_code == 403, url
    assert client.post("/sekretariat/testraad/rediger/", {"name": "Kapret"}).status_code == 403
    assert Council.objects.get(slug="testraad").name == "Udsatterådet i Testregion"


def test_anonymous_is_sent_to_login(anon, world):
    for url in ["/sekretariat/", *PAGES, *object_pages(world)]:
        response = anon.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/konto/log-ind/?next="), url


def test_secretary_without_verified_2fa_is_sent_to_2fa(client, world):
    client.force_login(world.secretary)
    response = client.get("/sekretariat/testraad/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/")


def test_index_lists_only_my_councils(secretary_client, world):
    response = secretary_client.get("/sekretariat/")
    assert response.status_code == 200
    assert b"Udsatter\xc3\xa5det i Testregion" in response.content
    assert b"Udsatter\xc3\xa5det i Testkommune" not in response.content
    assert b'href="/sekretariat/testraad/"' in response.content


def test_index_admin_sees_all(admin_client_2fa, world):
    response = admin_client_2fa.get("/sekretariat/")
    assert "Udsatterådet i Testkommune" in response.text
    assert "Udsatterådet i Testregion" in response.text


@pytest.mark.parametrize("persona", ["chair_client", "member_client"])
def test_index_forbidden_for_users_serving_no_council(persona, request, world):
    assert request.getfixturevalue(persona).get("/sekretariat/").status_code == 403


def test_overview_shows_terms_composition_and_chair(secretary_client, world):
    response = secretary_client.get("/sekretariat/testraad/")
    text = response.text
    assert "28. september 2022" in text
    assert "Formand Frida Fiktiv" in text  # chair
    assert "2026-2029" in text
    # 2 of 5 seats filled: assembly 1/2, Røde Kors 1/1, Blå Kors 0/1, Café 0/1.
    assert "2 af 5 pladser er besat." in text
    assert text.count('class="row-vacant"') == 3
    assert "Fuldt besat" in text
    for link in ["medlemmer/", "kommissorium/", "perioder/", "organisationer/", "steder/",
                 "rediger/", "adgangslog/"]:
        assert f'href="/sekretariat/testraad/{link}"' in text


def test_edit_council(secretary_client, world):
    response = secretary_client.post("/sekretariat/testraad/rediger/", {
        "name": "Udsatterådet i Testregion", "contact_email": "ny@testregion.example",
        "contact_phone": "87 65 43 21", "contact_text": "Ring til os.",
    })
    assert response.status_code == 302
    council = Council.objects.get(slug="testraad")
    assert council.contact_email == "ny@testregion.example"
    assert council.contact_phone == "87 65 43 21"
    assert council.is_public is False  # unchecked box


def test_edit_council_bad_input_keeps_it(secretary_client, world):
    response = secretary_client.post("/sekretariat/testraad/rediger/", {
        "name": "", "contact_email": "ikke-en-adresse", "contact_text": "Min tekst",
    })
    assert response.status_code == 200
    form = response.context["form"]
    assert "name" in form.errors and "contact_email" in form.errors
    assert "Min tekst" in response.text and "ikke-en-adresse" in response.text
    assert Council.objects.get(slug="testraad").contact_email == "udsatteraad@testregion.example"


def test_access_log_lists_newest_first_and_paginates(secretary_client, world):
    for i in range(55):
        AccessLogEntry.objects.create(user=world.secretary, council=world.council,
                                      what=f"opslag {i:02d}", path="/x/")
    AccessLogEntry.objects.create(user=world.other_secretary, council=world.other_council,
                                  what="andet råd", path="/y/")
    response = secretary_client.get("/sekretariat/testraad/adgangslog/")
    text = response.text
    assert "opslag 54" in text and "opslag 00" not in text
    assert text.index("opslag 54") < text.index("opslag 53")
    assert "andet råd" not in text
    page2 = secretary_client.get("/sekretariat/testraad/adgangslog/?side=2").text
    assert "opslag 00" in page2 and "opslag 54" not in page2


def test_viewing_members_is_logged(secretary_client, world):
    secretary_client.get("/sekretariat/testraad/medlemmer/")
    entry = AccessLogEntry.objects.get(council=world.council)
    assert entry.user == world.secretary and entry.what == "medlemsliste"
    assert "medlemsliste" in secretary_client.get("/sekretariat/testraad/adgangslog/").text
