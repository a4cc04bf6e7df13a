"""Self-service set-up (issue 16): councils created from a council file, a copy or a blank form
by the platform administrator with two-factor; invitations for secretaries and members with a
personal link (signed, expiring, single-use, stored as a hash)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, login, make_user
from udsatteraad.councils.models import (
    Authority,
    Council,
    Membership,
    Organisation,
    Person,
    RulesOfProcedure,
    Secretary,
    Term,
)
from udsatteraad.onboarding import tokens
from udsatteraad.onboarding.models import Invitation, SetupEvent
from udsatteraad.policy.permissions import can_invite_members, can_set_up_councils

START = reverse("onboarding:start")
FROM_FILE = reverse("onboarding:from-file")
COPY = reverse("onboarding:copy")
BLANK = reverse("onboarding:blank")
GOOD_PASSWORD = "blaa-himmel-over-aarhus-77"

COUNCIL_FILE = """\
authority:
  name: Prøvekommune
  slug: proevekommune
  kind: municipality
council:
  name: Udsatterådet i Prøvekommune
  slug: proeveraad
organisations:
- slug: sind
  name: SIND
terms_of_reference:
- version: 1
  title: Kommissorium for Udsatterådet i Prøvekommune
  adopted_on: 2025-03-01
  purpose: At rådgive byrådet.
  meetings_min: 4
  meetings_max: {meetings_max}
  chair_rule: elected
  vice_chair_rule: elected
  term_basis: election_period
  seat_groups:
  - key: brugere
    name: Brugerrepræsentanter
    kind: user
    seats: 3
"""


@pytest.fixture(autouse=True)
def _mail_after_commit(monkeypatch):
    """The test's transaction never commits: mail built "after commit" is built at once."""
    from udsatteraad.lib import mail as lib_mail

    monkeypatch.setattr(lib_mail.transaction, "on_commit", lambda fn, *a, **k: fn())


def accept_url(message) -> str:
    return re.search(r"https?://[^/\s]+(/invitation/[^/\s]+/)", message.body)[1]


# --- Access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [START, FROM_FILE, COPY, BLANK,
                                  "/platform/raad/testraad/sekretaerer/"])
def test_only_the_platform_administrator_sets_up(path, anon, member_client, chair_client,
                                                 secretary_client, other_secretary_client,
                                                 admin_client_2fa):
    assert anon.get(path).status_code == 302
    for client in (member_client, chair_client, secretary_client, other_secretary_client):
        assert client.get(path).status_code == 403
        assert client.post(path, {}).status_code == 403
    assert admin_client_2fa.get(path).status_code == 200


def test_the_administrator_without_two_factor_is_sent_to_verify(world):
    client = Client()
    client.force_login(world.admin)  # password only, no TOTP step in this session
    r = client.get(START)
    assert r.status_code == 302 and r["Location"].startswith(reverse("accounts:two-factor-verify"))
    # The rule itself refuses a user object that has not passed two-factor.
    assert not can_set_up_councils(world.admin)
    assert not can_set_up_councils(world.secretary)


def test_who_may_invite_members(world):
    assert can_invite_members(world.secretary, world.council)
    assert can_invite_members(world.admin, world.council)
    assert not can_invite_members(world.other_secretary, world.council)
    assert not can_invite_members(world.chair, world.council)
    assert not can_invite_members(world.member, world.council)


def test_the_start_page_is_linked_from_the_administrators_page(admin_client_2fa,
                                                                secretary_client):
    assert START in admin_client_2fa.get(reverse("accounts:mine")).content.decode()
    assert START not in secretary_client.get(reverse("accounts:mine")).content.decode()


# --- Three ways to create a council ----------------------------------------------------------


def test_a_council_from_a_council_file(admin_client_2fa, world):
    r = admin_client_2fa.post(FROM_FILE, {"text": COUNCIL_FILE.format(meetings_max=6)})
    assert r.status_code == 302
    council = Council.objects.get(slug="proeveraad")
    assert r["Location"] == reverse("onboarding:secretaries", args=["proeveraad"])
    assert council.authority.name == "Prøvekommune"
    assert council.current_terms().seat_count == 3
    assert SetupEvent.objects.get(council=council).kind == SetupEvent.Kind.COUNCIL_FROM_FILE


def test_a_broken_council_file_names_line_and_field_and_keeps_the_text(admin_client_2fa, world):
    text = COUNCIL_FILE.format(meetings_max=2)  # fewer than meetings_min
    r = admin_client_2fa.post(FROM_FILE, {"text": text})
    page = r.content.decode()
    assert r.status_code == 200
    line = text.splitlines().index("  meetings_max: 2") + 1
    assert f"linje {line}: feltet &quot;meetings_max&quot;" in page
    assert "Kommissorium for Udsatterådet i Prøvekommune" in page  # the text is still there
    assert not Council.objects.filter(slug="proeveraad").exists()
    assert not Authority.objects.filter(slug="proevekommune").exists()  # all or nothing


def test_an_uploaded_file_with_an_error_lands_in_the_text_field(admin_client_2fa, world):
    upload = SimpleUploadedFile("proeve.yaml", b"council: [\n", "text/yaml")
    r = admin_client_2fa.post(FROM_FILE, {"upload": upload, "text": ""})
    page = r.content.decode()
    assert r.status_code == 200
    assert "proeve.yaml" in page and "linje" in page
    assert re.search(r"<textarea[^>]*>\s*council: \[", page)


def test_an_empty_or_binary_file_is_a_clear_error(admin_client_2fa, world):
    assert "Vælg en rådsfil" in admin_client_2fa.post(FROM_FILE, {"text": ""}).content.decode()
    upload = SimpleUploadedFile("x.yaml", b"\xff\xfe\x00bad", "text/yaml")
    r = admin_client_2fa.post(FROM_FILE, {"upload": upload})
    assert r.status_code == 200 and "UTF-8" in r.content.decode()


def test_a_copy_carries_the_rules_but_no_personal_data(admin_client_2fa, world):
    RulesOfProcedure.objects.create(council=world.council, agenda_notice_days=9)
    persons, memberships = Person.objects.count(), Membership.objects.count()
    r = admin_client_2fa.post(COPY, {
        "source": "testraad", "name": "Udsatterådet i Nykommune", "slug": "",
        "authority": "", "authority_name": "Nykommune", "authority_slug": "",
        "authority_kind": "municipality"})
    assert r.status_code == 302, r.content.decode()[:3000]
    council = Council.objects.get(name="Udsatterådet i Nykommune")
    assert council.slug == "udsatteraadet-i-nykommune"
    assert council.authority.slug == "nykommune"
    tor = council.current_terms()
    assert tor.version == 1 and tor.title == world.tor.title
    assert tor.extraordinary_request_members == 3
    assert [g.name for g in tor.seat_groups.all()] == [
        "Udpeget af regionsrådet", "Røde Kors", "Blå Kors", "Brugerrepræsentant, Café Test"]
    red_cross = tor.seat_groups.get(name="Røde Kors").organisations.get()
    assert red_cross.authority == council.authority and red_cross.slug == "roede-kors"
    assert tor.seat_groups.get(kind="user").venue.authority == council.authority
    assert council.rules().agenda_notice_days == 9
    # Nothing personal: no members, persons, terms, secretaries or contact details.
    assert Person.objects.count() == persons and Membership.objects.count() == memberships
    assert not Term.objects.filter(council=council).exists()
    assert not Secretary.objects.filter(council=council).exists()
    assert council.contact_email == "" and council.contact_text == ""
    assert world.council.contact_email  # the source had one
    assert SetupEvent.objects.get(council=council).actor == world.admin


def test_a_copy_in_the_same_authority_shares_its_organisations(admin_client_2fa, world):
    r = admin_client_2fa.post(COPY, {"source": "testraad", "name": "Ungerådet i Testregion",
                                     "slug": "ungeraad"})
    assert r.status_code == 302
    council = Council.objects.get(slug="ungeraad")
    assert council.authority == world.region
    group = council.current_terms().seat_groups.get(name="Røde Kors")
    assert group.organisations.get() == world.red_cross
    assert Organisation.objects.filter(slug="roede-kors").count() == 1


def test_a_copy_refuses_a_taken_slug_and_an_unknown_council(admin_client_2fa, world):
    r = admin_client_2fa.post(COPY, {"source": "testraad", "name": "X", "slug": "andetraad"})
    assert r.status_code == 200 and "bruges allerede" in r.content.decode()
    r = admin_client_2fa.post(COPY, {"source": "findes-ikke", "name": "X", "slug": "x"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()


BLANK_DATA = {
    "authority": "", "authority_name": "Blankby Kommune", "authority_slug": "",
    "authority_kind": "municipality", "name": "Udsatterådet i Blankby", "slug": "blankby",
    "tor_title": "Kommissorium for Udsatterådet i Blankby", "adopted_on": "2026-01-15",
    "purpose": "At rådgive byrådet.", "meetings_min": "4", "meetings_max": "6",
    "chair_rule": "elected", "vice_chair_rule": "elected",
    "term_basis": "election_period", "seat_group_name": "Brugerrepræsentanter",
    "seat_group_kind": "user", "seat_group_seats": "5",
}


def test_a_council_from_a_blank_form(admin_client_2fa, world):
    r = admin_client_2fa.post(BLANK, BLANK_DATA)
    assert r.status_code == 302, r.content.decode()[:3000]
    council = Council.objects.get(slug="blankby")
    assert council.authority.slug == "blankby-kommune"
    assert council.authority.committees.get().name == "Byrådet"
    tor = council.current_terms()
    assert (tor.version, tor.meetings_max, tor.seat_count) == (1, 6, 5)


def test_a_blank_form_in_an_existing_authority_and_its_errors(admin_client_2fa, world):
    r = admin_client_2fa.post(BLANK, {**BLANK_DATA, "meetings_min": "7", "slug": "testraad"})
    page = r.content.decode()
    assert r.status_code == 200
    assert "Højst antal møder kan ikke være mindre" in page and "bruges allerede" in page
    r = admin_client_2fa.post(BLANK, {**BLANK_DATA, "authority": "testregion",
                                      "authority_name": ""})
    assert r.status_code == 302
    assert Council.objects.get(slug="blankby").authority == world.region
    r = admin_client_2fa.post(BLANK, {**BLANK_DATA, "authority": "", "authority_name": "",
                                      "slug": "blankby-2"})
    assert r.status_code == 200 and "Vælg en myndighed" in r.content.decode()


def test_forms_name_authorities_and_councils_not_ids(admin_client_2fa, world):
    for path in (COPY, BLANK):
        page = admin_client_2fa.get(path).content.decode()
        values = re.findall(r'<option value="([^"]*)"', page)
        assert "testregion" in values or "testraad" in values
        assert not [v for v in values if v.isdigit()]


# --- Invitations ----------------------------------------------------------------------------


def invite_secretary(client, slug="testraad", email="ny.sekretaer@testregion.example"):
    mail.outbox.clear()
    r = client.post(reverse("onboarding:secretaries", args=[slug]),
                    {"name": "Ny Sekretær Nina Opdigtet", "email": email})
    assert r.status_code == 302
    (message,) = mail.outbox
    return accept_url(message)


def test_a_secretary_sets_a_password_and_then_two_factor(admin_client_2fa, world):
    url = invite_secretary(admin_client_2fa)
    invitation = Invitation.objects.get()
    token = url.split("/")[2]
    assert invitation.token_hash == tokens.hash_token(token) and token not in invitation.token_hash
    assert invitation.invited_by == world.admin
    assert SetupEvent.objects.filter(kind="invited", email=invitation.email).exists()
    invitee = Client()
    page = invitee.get(url).content.decode()
    assert "tofaktorgodkendelse" in page
    r = invitee.post(url, {"password1": "12345", "password2": "12345"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    r = invitee.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("accounts:two-factor-setup"))
    user = Secretary.objects.get(council=world.council, user__email=invitation.email).user
    assert user.check_password(GOOD_PASSWORD) and user.name == "Ny Sekretær Nina Opdigtet"
    # Not in before the second factor.
    r = invitee.get(reverse("councils:overview", args=["testraad"]))
    assert r.status_code == 302 and r["Location"].startswith(reverse("accounts:two-factor-verify"))
    assert SetupEvent.objects.filter(kind="accepted", actor=user).exists()


def test_a_used_link_says_so(admin_client_2fa, world):
    url = invite_secretary(admin_client_2fa)
    Client().post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    r = Client().get(url)
    assert r.status_code == 410 and "allerede brugt" in r.content.decode()
    r = Client().post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert r.status_code == 410


def test_an_expired_link_says_so(admin_client_2fa, world, monkeypatch):
    url = invite_secretary(admin_client_2fa)
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    r = Client().get(url)
    assert r.status_code == 410 and "udløbet" in r.content.decode()
    # The signature's own age is checked too, before any query.
    Invitation.objects.update(expires_at=timezone.now() + dt.timedelta(days=1))
    monkeypatch.setattr(tokens, "MAX_AGE", dt.timedelta(seconds=-1))
    r = Client().post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert r.status_code == 410 and "udløbet" in r.content.decode()
    assert not Secretary.objects.filter(user__email="ny.sekretaer@testregion.example").exists()


def test_sending_again_invalidates_the_old_link(admin_client_2fa, world):
    old = invite_secretary(admin_client_2fa)
    new = invite_secretary(admin_client_2fa)
    assert old != new
    r = Client().get(old)
    assert r.status_code == 410 and "nyere invitation" in r.content.decode()
    assert Client().get(new).status_code == 200
    page = admin_client_2fa.get(reverse("onboarding:secretaries", args=["testraad"]))
    assert "Erstattet af en nyere" in page.content.decode()


def test_a_forged_or_garbled_link_is_a_clear_page(world):
    for token in ("nonsense", tokens.new_token(), tokens.new_token()[:-3] + "abc"):
        r = Client().get(reverse("onboarding:accept", args=[token]))
        assert r.status_code == 404 and "Linket er ikke gyldigt" in r.content.decode()


def test_a_link_opened_by_someone_else_logged_in(admin_client_2fa, member_client, world):
    url = invite_secretary(admin_client_2fa)
    r = member_client.get(url)
    assert r.status_code == 403 and "Invitationen er til en anden" in r.content.decode()
    r = member_client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert r.status_code == 403
    assert Invitation.objects.get().used_at is None


def test_an_existing_login_gets_the_role_without_a_new_password(admin_client_2fa, world):
    url = invite_secretary(admin_client_2fa, email=world.other_secretary.email)
    client = Client()
    page = client.get(url).content.decode()
    assert "allerede et login" in page and "password1" not in page
    r = client.post(url)
    assert r.status_code == 302 and r["Location"].startswith(reverse("accounts:login"))
    assert Secretary.objects.filter(user=world.other_secretary, council=world.council).exists()
    world.other_secretary.refresh_from_db()
    assert world.other_secretary.check_password(PASSWORD)


def test_secretaries_are_invited_by_the_administrator_only(secretary_client, world):
    r = secretary_client.post(reverse("onboarding:secretaries", args=["testraad"]),
                              {"name": "X", "email": "x@testregion.example"})
    assert r.status_code == 403 and not Invitation.objects.exists()


@pytest.fixture
def uninvited(world):
    """A current member with an e-mail address and no login."""
    person = Person.objects.create(name="Bruger Bodil Opdigtet", email="bodil@testregion.example")
    return Membership.objects.create(council=world.council, person=person,
                                     seat_group=world.blue_cross_group, term=world.term,
                                     nominated_by=world.blue_cross, start=world.term.start)


def test_the_secretariat_invites_a_member_who_logs_in(secretary_client, world, uninvited):
    page = secretary_client.get(reverse("councils:members", args=["testraad"])).content.decode()
    invite = reverse("onboarding:invite-member", args=["testraad", uninvited.pk])
    assert invite in page
    # Members with a login get no button.
    assert reverse("onboarding:invite-member",
                   args=["testraad", world.member_membership.pk]) not in page
    mail.outbox.clear()
    r = secretary_client.post(invite)
    assert r.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["bodil@testregion.example"]
    invitation = Invitation.objects.get(role="member")
    assert invitation.person == uninvited.person and invitation.invited_by == world.secretary
    member = Client()
    r = member.post(accept_url(message), {"password1": GOOD_PASSWORD,
                                          "password2": GOOD_PASSWORD})
    assert r.status_code == 302 and r["Location"] == reverse("accounts:mine")
    uninvited.person.refresh_from_db()
    assert uninvited.person.user.email == "bodil@testregion.example"
    assert "Udsatterådet i Testregion" in member.get(reverse("accounts:mine")).content.decode()


def test_invite_all_reaches_every_member_without_a_login(secretary_client, world, uninvited):
    mail.outbox.clear()
    r = secretary_client.post(reverse("onboarding:invite-all", args=["testraad"]))
    assert r.status_code == 302
    assert [m.to for m in mail.outbox] == [["bodil@testregion.example"]]
    # Again: the first link stops working, one open invitation remains.
    secretary_client.post(reverse("onboarding:invite-all", args=["testraad"]))
    assert Invitation.objects.open().count() == 1 and Invitation.objects.count() == 2


def test_members_are_invited_by_their_own_secretariat_only(other_secretary_client, member_client,
                                                            chair_client, anon, world, uninvited):
    invite = reverse("onboarding:invite-member", args=["testraad", uninvited.pk])
    invite_all = reverse("onboarding:invite-all", args=["testraad"])
    for client in (other_secretary_client, member_client, chair_client):
        assert client.post(invite).status_code == 403
        assert client.post(invite_all).status_code == 403
    assert anon.post(invite).status_code == 302
    assert not Invitation.objects.exists()
    # Another council's membership through this council's URL: not found.
    other = Membership.objects.get(council=world.other_council)
    assert login(Client(), world.secretary).post(
        reverse("onboarding:invite-member", args=["testraad", other.pk])).status_code == 404


def test_a_member_with_a_login_is_not_invited(secretary_client, world):
    mail.outbox.clear()
    r = secretary_client.post(reverse("onboarding:invite-member",
                                      args=["testraad", world.member_membership.pk]))
    assert r.status_code == 302 and not mail.outbox and not Invitation.objects.exists()


def test_a_new_users_password_may_not_resemble_the_address(admin_client_2fa, world):
    make_user("andet@testregion.example", "Anden")
    url = invite_secretary(admin_client_2fa, email="ny.sekretaer@testregion.example")
    r = Client().post(url, {"password1": "ny.sekretaer@testregion",
                            "password2": "ny.sekretaer@testregion"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()


def test_the_demo_records_are_made_once(world):
    from udsatteraad.onboarding import demo

    world.other_council.slug = "randers"
    world.other_council.save(update_fields=["slug"])
    for _ in range(2):
        demo.load(admin_email=world.admin.email, councils=[world.council, world.other_council])
    assert SetupEvent.objects.filter(kind="council_from_file").count() == 2
    (invitation,) = Invitation.objects.all()
    assert invitation.council == world.other_council and invitation.state == "open"
