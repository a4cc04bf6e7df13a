"""Shared test fixtures: a small world of two councils and the named personas.

Personas: a secretary (of Udsatterådet i Testregion, with a verified TOTP device), its chair,
one of its members, a former member whose term has ended, another council's secretary, the
secretary and a member of a council that is not public, a platform administrator, and an
anonymous citizen. Council data is built here in code so unit tests do not depend on the seed files;
tests of the seed councils load those files themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client

PASSWORD = "korrekt-hest-batteri-9"


@dataclass
class World:
    region: object
    municipality: object
    council: object  # Udsatterådet i Testregion ("testraad")
    other_council: object  # Udsatterådet i Testkommune ("andetraad")
    tor: object
    term: object
    assembly_group: object
    red_cross_group: object
    blue_cross_group: object
    user_group: object
    red_cross: object
    blue_cross: object
    cafe: object
    secretary: object
    chair: object
    member: object
    other_secretary: object
    admin: object
    chair_membership: object
    member_membership: object
    # Added on demand by add_extra_personas (the persona fixtures below call it), so tests that
    # count councils, terms, persons or memberships see the world they were written for.
    # A member of the test council whose term (2022-2025) has ended: a stranger now.
    ended_member: object = None
    ended_membership: object = None
    # A council that is not public ("skjultraad"), with its secretary and one member.
    hidden_council: object = None
    hidden_secretary: object = None
    hidden_member: object = None
    hidden_membership: object = None


def make_user(email: str, name: str, **extra):
    from udsatteraad.accounts.models import User

    return User.objects.create_user(email, PASSWORD, name=name, **extra)


def add_totp(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)


def build_world() -> World:
    from udsatteraad.councils.models import (
        Authority,
        Committee,
        Council,
        Membership,
        Organisation,
        Person,
        SeatGroup,
        Secretary,
        Term,
        TermsOfReference,
        Venue,
    )

    region = Authority.objects.create(name="Testregion", slug="testregion", kind="region")
    municipality = Authority.objects.create(
        name="Testkommune", slug="testkommune", kind="municipality"
    )
    Committee.objects.create(authority=region, name="Regionsrådet", kind="assembly")
    council = Council.objects.create(
        authority=region, name="Udsatterådet i Testregion", slug="testraad",
        contact_email="udsatteraad@testregion.example", contact_text="Skriv til sekretariatet.",
    )
    other = Council.objects.create(
        authority=municipality, name="Udsatterådet i Testkommune", slug="andetraad"
    )
    tor = TermsOfReference.objects.create(
        council=council, version=1, title="Kommissorium for Udsatterådet i Testregion",
        adopted_on=dt.date(2022, 9, 28), purpose="At styrke dialogen med udsatte borgere.",
        meetings_min=2, meetings_max=4, extraordinary_request_members=3,
        chair_rule=TermsOfReference.ChairRule.ASSEMBLY_APPOINTS_AMONG_ASSEMBLY,
        vice_chair_rule=TermsOfReference.ViceChairRule.ELECTED_AMONG_OTHERS,
        substitutes_allowed=False, term_basis=TermsOfReference.TermBasis.ELECTION_PERIOD,
    )
    other_tor = TermsOfReference.objects.create(
        council=other, version=1, title="Rammer for Udsatterådet i Testkommune",
        adopted_on=dt.date(2015, 7, 1), purpose="Rådgive byrådet.", meetings_min=4,
        meetings_max=4, chair_rule=TermsOfReference.ChairRule.ELECTED_BY_COUNCIL,
        vice_chair_rule=TermsOfReference.ViceChairRule.ELECTED_BY_COUNCIL,
        term_basis=TermsOfReference.TermBasis.ELECTION_PERIOD,
    )
    red_cross = Organisation.objects.create(authority=region, name="Røde Kors", slug="roede-kors")
    blue_cross = Organisation.objects.create(authority=region, name="Blå Kors", slug="blaa-kors")
    cafe = Venue.objects.create(
        authority=region, name="Café Test", slug="cafe-test", kind="drop_in"
    )
    assembly_group = SeatGroup.objects.create(
        terms_of_reference=tor, name="Udpeget af regionsrådet", kind="assembly", seats=2,
        position=1,
    )
    red_cross_group = SeatGroup.objects.create(
        terms_of_reference=tor, name="Røde Kors", kind="organisation", seats=1, position=2
    )
    red_cross_group.organisations.add(red_cross)
    blue_cross_group = SeatGroup.objects.create(
        terms_of_reference=tor, name="Blå Kors", kind="organisation", seats=1, position=3
    )
    blue_cross_group.organisations.add(blue_cross)
    user_group = SeatGroup.objects.create(
        terms_of_reference=tor, name="Brugerrepræsentant, Café Test", kind="user", seats=1,
        venue=cafe, position=4,
    )
    SeatGroup.objects.create(
        terms_of_reference=other_tor, name="Brugere", kind="user", seats=2, position=1
    )
    term = Term.objects.create(
        council=council, name="2026-2029", start=dt.date(2026, 1, 1), end=dt.date(2029, 12, 31)
    )
    other_term = Term.objects.create(
        council=other, name="2026-2029", start=dt.date(2026, 1, 1), end=dt.date(2029, 12, 31)
    )

    secretary = make_user("sekretaer@testregion.example", "Sekretær Sigrid Prøvesen")
    Secretary.objects.create(user=secretary, council=council)
    add_totp(secretary)
    other_secretary = make_user("sekretaer@testkommune.example", "Sekretær Otto Andersen-Demo")
    Secretary.objects.create(user=other_secretary, council=other)
    add_totp(other_secretary)
    admin = make_user("admin@platform.example", "Admin Alma Eksempel", is_superuser=True,
                      is_staff=True)
    add_totp(admin)

    chair = make_user("formand@testregion.example", "Formand Frida Fiktiv")
    member = make_user("medlem@testregion.example", "Medlem Mads Påhit")
    chair_person = Person.objects.create(name=chair.name, email=chair.email, user=chair)
    member_person = Person.objects.create(name=member.name, email=member.email, user=member,
                                          phone="12345678")
    chair_membership = Membership.objects.create(
        council=council, person=chair_person, seat_group=assembly_group, term=term,
        role="chair", start=term.start,
    )
    member_membership = Membership.objects.create(
        council=council, person=member_person, seat_group=red_cross_group, term=term,
        nominated_by=red_cross, start=term.start,
    )
    other_person = Person.objects.create(name="Bruger Bent Opdigtet")
    Membership.objects.create(
        council=other, person=other_person, seat_group=other_tor.seat_groups.get(),
        term=other_term, start=other_term.start,
    )
    return World(
        region=region, municipality=municipality, council=council, other_council=other,
        tor=tor, term=term, assembly_group=assembly_group, red_cross_group=red_cross_group,
        blue_cross_group=blue_cross_group, user_group=user_group, red_cross=red_cross,
        blue_cross=blue_cross, cafe=cafe, secretary=secretary, chair=chair, member=member,
        other_secretary=other_secretary, admin=admin, chair_membership=chair_membership,
        member_membership=member_membership,
    )


def add_extra_personas(world: World) -> World:
    """Add the ended-term member and the not-public council with its secretary and member to
    the world (once; later calls change nothing)."""
    from udsatteraad.councils.models import (
        Authority,
        Council,
        Membership,
        Person,
        SeatGroup,
        Secretary,
        Term,
        TermsOfReference,
    )

    if world.ended_member is not None:
        return world
    # The ended-term member: a membership without its own end date in a term that is over.
    old_term = Term.objects.create(
        council=world.council, name="2022-2025", start=dt.date(2022, 1, 1),
        end=dt.date(2025, 12, 31),
    )
    ended_member = make_user("tidligere@testregion.example", "Tidligere Tove Opdigtet")
    ended_person = Person.objects.create(name=ended_member.name, email=ended_member.email,
                                         user=ended_member)
    ended_membership = Membership.objects.create(
        council=world.council, person=ended_person, seat_group=world.blue_cross_group,
        term=old_term, nominated_by=world.blue_cross, start=old_term.start,
    )

    # A council that is not public, in an authority of its own.
    hidden_authority = Authority.objects.create(
        name="Skjultkommune", slug="skjultkommune", kind="municipality"
    )
    hidden_council = Council.objects.create(
        authority=hidden_authority, name="Udsatterådet i Skjultkommune", slug="skjultraad",
        is_public=False,
    )
    hidden_tor = TermsOfReference.objects.create(
        council=hidden_council, version=1, title="Kommissorium for Udsatterådet i Skjultkommune",
        adopted_on=dt.date(2024, 1, 1), purpose="Rådgive kommunen.", meetings_min=2,
        meetings_max=4, chair_rule=TermsOfReference.ChairRule.ELECTED_BY_COUNCIL,
        vice_chair_rule=TermsOfReference.ViceChairRule.ELECTED_BY_COUNCIL,
        term_basis=TermsOfReference.TermBasis.ELECTION_PERIOD,
    )
    hidden_group = SeatGroup.objects.create(
        terms_of_reference=hidden_tor, name="Brugere", kind="user", seats=2, position=1
    )
    hidden_term = Term.objects.create(
        council=hidden_council, name="2026-2029", start=dt.date(2026, 1, 1),
        end=dt.date(2029, 12, 31),
    )
    hidden_secretary = make_user("sekretaer@skjultkommune.example", "Sekretær Sune Skjult")
    Secretary.objects.create(user=hidden_secretary, council=hidden_council)
    add_totp(hidden_secretary)
    hidden_member = make_user("medlem@skjultkommune.example", "Medlem Maja Skjult")
    hidden_person = Person.objects.create(name=hidden_member.name, email=hidden_member.email,
                                          user=hidden_member)
    hidden_membership = Membership.objects.create(
        council=hidden_council, person=hidden_person, seat_group=hidden_group, term=hidden_term,
        start=hidden_term.start,
    )
    world.ended_member, world.ended_membership = ended_member, ended_membership
    world.hidden_council, world.hidden_secretary = hidden_council, hidden_secretary
    world.hidden_member, world.hidden_membership = hidden_member, hidden_membership
    return world


def login(client: Client, user) -> Client:
    """Log in; for users who need two-factor, also mark the session as TOTP-verified, as
    django-otp does after a correct token."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    device = user.totpdevice_set.filter(confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


# The migrated test database, made once ----------------------------------------------------
# Migrating an empty database renders the model states of every migration (84): about 25 s of
# CPU per xdist worker, more than most test files cost. On SQLite (the in-memory test database)
# what `migrate` leaves is copied to a file named by a hash of everything it follows from (every
# migration file, Django's and SQLite's versions), and later sessions copy that file into their
# test database instead of migrating. A changed or new migration gives a new name, so an old
# database is never used. TEST_DB_CACHE=0 turns this off; PostgreSQL and --no-migrations
# migrate as before.


def _migrated_db_file(connection):
    """Where the migrated database for the current migrations lives, or None when it is not
    to be cached (not the in-memory SQLite test database, apps created from models, or off)."""
    import hashlib
    import os
    import sqlite3
    import sys
    import tempfile
    from pathlib import Path

    import django
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    if os.environ.get("TEST_DB_CACHE", "1") == "0" or connection.vendor != "sqlite" or (
            not connection.is_in_memory_db()):
        return None
    loader = MigrationLoader(None, ignore_no_migrations=True)
    if any(list(apps.get_app_config(label).get_models()) for label in loader.unmigrated_apps):
        return None  # tables made from the models themselves: not covered by the hash
    digest = hashlib.sha256(f"{django.get_version()} {sqlite3.sqlite_version}".encode())
    for key in sorted(loader.disk_migrations):
        module = sys.modules[type(loader.disk_migrations[key]).__module__]
        digest.update(repr(key).encode())
        digest.update(Path(module.__file__ or "").read_bytes())
    folder = Path(tempfile.gettempdir()) / "udsatteraad-test-db"
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        return None
    return folder / f"{digest.hexdigest()[:24]}.sqlite3"


def migrated_sqlite_file():
    """The cached migrated database of this session (call after django_db_setup), for tests
    that need a migrated SQLite file of their own; None on PostgreSQL or without the cache."""
    from django.db import connections

    path = _migrated_db_file(connections["default"])
    return path if path is not None and path.exists() else None


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix,
                                 django_db_use_migrations):
    """pytest-django's hook just before the test databases are made: while they are, the
    migrate command copies a cached migrated database in, or migrates and caches the result."""
    import os
    import sqlite3

    from django.core.management.commands.migrate import Command
    from django.db import connections

    if not django_db_use_migrations:
        yield
        return
    handle = Command.handle

    def cached_handle(self, *args, **options):
        connection = connections[options["database"]]
        path = _migrated_db_file(connection)
        if path is None:
            return handle(self, *args, **options)
        connection.ensure_connection()
        if path.exists():
            source = sqlite3.connect(path)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            return None
        result = handle(self, *args, **options)
        partial = path.with_suffix(f".{os.getpid()}.part")
        try:
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            os.replace(partial, path)  # whole or not at all, also with workers writing at once
        except (OSError, sqlite3.Error):
            pass  # a folder we may not write to: the next session migrates again
        return result

    Command.handle = cached_handle
    try:
        yield
    finally:
        Command.handle = handle


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher():
    """Real hashers cost ~0.3 s a user by design; tests create many users."""
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()  # what Django's setting_changed signal would do
    get_hashers_by_algorithm.cache_clear()


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_at_once():
    """Tasks (mail, scheduled jobs) run when enqueued, so mail.outbox sees mail at once."""
    from django.conf import settings
    from django.tasks.signals import clear_tasks_handlers

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    clear_tasks_handlers(setting="TASKS")  # what Django's setting_changed signal would do


@pytest.fixture(autouse=True)
def _danish_after_each_test():
    """A request with the English cookie activates English in this thread; later tests in the
    same worker must start in Danish again, as every real request does."""
    yield
    from django.utils import translation

    translation.activate("da")


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def anon() -> Client:
    return Client()


@pytest.fixture
def secretary_client(world) -> Client:
    return login(Client(), world.secretary)


@pytest.fixture
def chair_client(world) -> Client:
    return login(Client(), world.chair)


@pytest.fixture
def member_client(world) -> Client:
    return login(Client(), world.member)


@pytest.fixture
def other_secretary_client(world) -> Client:
    return login(Client(), world.other_secretary)


@pytest.fixture
def admin_client_2fa(world) -> Client:
    return login(Client(), world.admin)


@pytest.fixture
def ended_member_client(world) -> Client:
    return login(Client(), add_extra_personas(world).ended_member)


@pytest.fixture
def hidden_secretary_client(world) -> Client:
    return login(Client(), add_extra_personas(world).hidden_secretary)


@pytest.fixture
def hidden_member_client(world) -> Client:
    return login(Client(), add_extra_personas(world).hidden_member)


# Helpers several test files share ----------------------------------------------------------


def docx_bytes(text: str) -> bytes:
    """A one-paragraph Word document."""
    import io

    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def review_form_data(html: str) -> dict[str, str]:
    """Every input, textarea and checked checkbox of the import review form, as a browser
    posts it: textareas without the leading newline, with CRLF line breaks."""
    import html as html_lib
    import re

    form = html.split('<h2 id="parsed-title">', 1)[1].split("</form>", 1)[0]
    data: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name[1] == "csrfmiddlewaretoken":
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        if kind and kind[1] == "checkbox":
            if "checked" in tag:
                data[name[1]] = "on"
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name[1]] = html_lib.unescape(value[1]) if value else ""
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form,
                                  re.S):
        data[name] = html_lib.unescape(value.removeprefix("\n")).replace("\n", "\r\n")
    return data


def meeting_workspace(meeting) -> str:
    return f"/sekretariat/{meeting.council.slug}/moeder/{meeting.pk}/"


def new_meeting_via_screen(client, council, title: str, day: str):
    """A dialogue meeting created through the secretariat's form."""
    from udsatteraad.meetings.models import Meeting

    r = client.post(f"/sekretariat/{council.slug}/moeder/ny/", {
        "kind": "dialogue", "title": title, "date": day, "start_time": "10:00",
        "end_time": "12:00", "venue": "", "location": "Mødelokale 1", "description": "",
        "confirm": "on"})
    assert r.status_code == 302, r.content.decode()[:2000]
    return Meeting.objects.get(council=council, title=title)
