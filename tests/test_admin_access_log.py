"""Reading personal data in the Django admin (people, memberships, users) is written to the
access log of each council the people belong to, and to the access logger."""

from __future__ import annotations

import logging

from udsatteraad.accounts.models import AccessLogEntry


def entries(world):
    return list(AccessLogEntry.objects.filter(user=world.admin).order_by("pk"))


def test_person_list_is_logged(admin_client_2fa, world):
    assert admin_client_2fa.get("/admin/councils/person/").status_code == 200
    logged = entries(world)
    assert {e.council for e in logged} == {world.council, world.other_council}
    assert all("liste med person" in e.what for e in logged)
    assert all(e.path == "/admin/councils/person/" for e in logged)


def test_person_change_page_is_logged(admin_client_2fa, world):
    person = world.member.person
    url = f"/admin/councils/person/{person.pk}/change/"
    assert admin_client_2fa.get(url).status_code == 200
    [entry] = entries(world)
    assert entry.council == world.council
    assert person.name in entry.what and entry.path == url


def test_person_history_is_logged(admin_client_2fa, world):
    person = world.member.person
    assert admin_client_2fa.get(f"/admin/councils/person/{person.pk}/history/").status_code == 200
    assert [e.council for e in entries(world)] == [world.council]


def test_user_pages_are_logged(admin_client_2fa, world):
    assert admin_client_2fa.get("/admin/accounts/user/").status_code == 200
    assert entries(world)
    AccessLogEntry.objects.all().delete()
    url = f"/admin/accounts/user/{world.secretary.pk}/change/"
    assert admin_client_2fa.get(url).status_code == 200
    [entry] = entries(world)
    assert entry.council == world.council  # the secretary serves it


def test_membership_list_is_logged(admin_client_2fa, world):
    assert admin_client_2fa.get("/admin/councils/membership/").status_code == 200
    assert {e.council for e in entries(world)} == {world.council, world.other_council}


def test_person_without_council_goes_to_the_logger(admin_client_2fa, world, caplog):
    from udsatteraad.councils.models import Person

    loner = Person.objects.create(name="Uden Råd")
    logger = logging.getLogger("udsatteraad.access")
    logger.addHandler(caplog.handler)  # the logger does not propagate
    try:
        with caplog.at_level(logging.INFO, logger="udsatteraad.access"):
            admin_client_2fa.get(f"/admin/councils/person/{loner.pk}/change/")
    finally:
        logger.removeHandler(caplog.handler)
    assert not entries(world)
    assert any("Uden Råd" in r.getMessage() and "council=-" in r.getMessage()
               for r in caplog.records)


def test_pages_without_personal_data_are_not_logged(admin_client_2fa, world):
    assert admin_client_2fa.get("/admin/councils/council/").status_code == 200
    assert admin_client_2fa.get("/admin/").status_code == 200
    assert not entries(world)
