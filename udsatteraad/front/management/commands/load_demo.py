"""manage.py load_demo: the four seed councils, Randers' meeting of 27 September 2021 and demo
logins. Safe to run again: nothing is duplicated.

The demo TOTP keys are fixed and documented so the demo can be tried with any authenticator
app. They are public: never run load_demo against a production database.
"""

from __future__ import annotations

from base64 import b32decode
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from udsatteraad.accounts.models import User
from udsatteraad.councils import demo as council_rules_demo
from udsatteraad.councils.demo_look import load_demo_look
from udsatteraad.councils.loader import load_council_file
from udsatteraad.councils.models import Council, Person, Secretary
from udsatteraad.easyread import demo as easy_read_demo
from udsatteraad.hearings.demo import load_demo_hearings
from udsatteraad.imports import demo as import_demo
from udsatteraad.inquiries.demo import load_demo_inquiries
from udsatteraad.lib.yamlfile import LoadError
from udsatteraad.meetings import demo_rules as rules_demo
from udsatteraad.meetings.loader import load_meeting_file
from udsatteraad.money.demo import load_demo_money
from udsatteraad.onboarding import demo as onboarding_demo
from udsatteraad.reports import demo as reports_demo
from udsatteraad.termcycle import demo as term_change_demo
from udsatteraad.yearplan import demo as year_plan_demo

DEMO_DIR = Path(settings.BASE_DIR) / "demo"
COUNCIL_FILES = ["region-midtjylland.yaml", "region-hovedstaden.yaml", "ishoej.yaml",
                 "randers.yaml"]
MEETING_FILES = ["randers-2021-09-27.yaml"]
PASSWORD = "demo-udsatteraad"

# (e-mail, name, council slug, base32 TOTP key). Keys are 32 base32 characters (20 bytes).
SECRETARIES = [
    ("sekretariat@midtjylland.example", "Sekretær Maja Eksempelsen", "region-midtjylland",
     "DEMOUDSATTERAADMIDTJYLLANDAAAAAA"),
    ("sekretariat@hovedstaden.example", "Sekretær Hugo Påhitsen", "region-hovedstaden",
     "DEMOUDSATTERAADHOVEDSTADENAAAAAA"),
    ("sekretariat@ishoj.example", "Sekretær Ingrid Opdigtsen", "ishoej",
     "DEMOUDSATTERAADISHOEJAAAAAAAAAAA"),
    ("sekretariat@randers.example", "Sekretær Rasmus Fiktivsen", "randers",
     "DEMOUDSATTERAADRANDERSAAAAAAAAAA"),
]
ADMIN = ("admin@udsatteraad.example", "Platformadministrator Alma Demosen",
         "DEMOUDSATTERAADADMINAAAAAAAAAAAA")
# Randers members who get a login: their Person rows come from demo/councils/randers.yaml.
MEMBER_LOGINS = ["karla.eksempelsen@randers.example", "mads.paahitsen@randers.example"]


def hex_key(base32_key: str) -> str:
    return b32decode(base32_key).hex()


def demo_user(email: str, name: str, *, totp_key: str | None = None, **extra) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, PASSWORD, name=name, **extra)
    elif not user.check_password(PASSWORD):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    if totp_key:
        TOTPDevice.objects.update_or_create(
            user=user, name="Demo-nøgle",
            defaults={"key": hex_key(totp_key), "confirmed": True},
        )
    return user


class Command(BaseCommand):
    help = "Indlæser demo-data: de fire råd fra frøene, Randers' møde 27.09.2021 og demo-logins."

    def add_arguments(self, parser):
        parser.add_argument("--real", action="store_true",
                            help="Indlæs også de rigtige råds regler fra demo/councils/real/.")

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                councils = [load_council_file(DEMO_DIR / "councils" / f) for f in COUNCIL_FILES]
                council_rules_demo.load()  # rules the seeds' documents state (issue 12)
                # --real: real councils' published rules (no members), every rule kind of the
                # council file. Not by default until the public council page shows councils
                # without a number of meetings (issue #12, rules-members).
                real = [load_council_file(f) for f in sorted(
                    (DEMO_DIR / "councils" / "real").glob("*.yaml"))] if options["real"] else []
                meetings = [load_meeting_file(DEMO_DIR / "meetings" / f) for f in MEETING_FILES]
                self.make_logins()
                load_demo_look()  # Randers' name, logo and accent colour (issue 16)
                # Randers' meeting gets its easy-read version and the council its poster places.
                easy_read_demo.load()
                inquiries = load_demo_inquiries([c.council for c in councils])
                load_demo_hearings(secretary_for={
                    slug: User.objects.get(email=email)
                    for email, _name, slug, _key in SECRETARIES})
                # An archive import for Ishøj: imported, to review, refused (issue 15).
                import_demo.load("ishoej", User.objects.filter(
                    email="sekretariat@ishoj.example").first())
                year_plan_demo.load()
                term_change_demo.load()  # Randers' next term: nominations, an election (13)
                # Council rules in the meeting cycle (issue 12): quorum, urgent item, written round.
                rules_demo.load(secretary=User.objects.get(email=SECRETARIES[3][0]))
                load_demo_money(secretary_for={
                    slug: User.objects.get(email=email)
                    for email, _name, slug, _key in SECRETARIES})
                # Randers' published status report with its budget use, also in OParl.
                reports_demo.load(secretary=User.objects.filter(
                    email="sekretariat@randers.example").first())
                onboarding_demo.load(admin_email=ADMIN[0], councils=[c.council for c in councils])
        except LoadError as e:
            raise CommandError(str(e)) from e
        out = self.stdout
        out.write(_("Råd indlæst:"))
        for c in councils:
            out.write(_("  %(name)s (/raad/%(slug)s/): %(seats)s pladser, %(members)s medlemmer")
                      % {"name": c.council.name, "slug": c.council.slug, "seats": c.seats,
                         "members": c.memberships})
        if real:
            out.write(_("Rigtige råds regler (demo/councils/real/, uden medlemmer): %(n)s råd")
                      % {"n": len(real)})
        out.write(_("Møder indlæst:"))
        for m in meetings:
            out.write(_("  %(title)s: %(items)s punkter") % {"title": m.meeting.title,
                                                               "items": m.items})
        out.write(_("Henvendelser (fiktive): %(n)s nye") % {"n": inquiries})
        out.write(_("Demo-logins (adgangskode for alle: %(pw)s):") % {"pw": PASSWORD})
        for email, _name, slug, key in SECRETARIES:
            out.write(_("  %(email)s – sekretariat for %(slug)s, TOTP-nøgle %(key)s")
                      % {"email": email, "slug": slug, "key": key})
        out.write(_("  %(email)s – platformadministrator, TOTP-nøgle %(key)s")
                  % {"email": ADMIN[0], "key": ADMIN[2]})
        for email in MEMBER_LOGINS:
            person = Person.objects.get(email=email)
            out.write(_("  %(email)s – %(name)s, medlem af Udsatterådet i Randers Kommune")
                      % {"email": email, "name": person.name})
        out.write(_("TOTP-nøglerne er offentlige demo-nøgler: brug dem aldrig i drift."))

    def make_logins(self) -> None:
        for email, name, slug, key in SECRETARIES:
            user = demo_user(email, name, totp_key=key)
            Secretary.objects.get_or_create(user=user, council=Council.objects.get(slug=slug))
        email, name, key = ADMIN
        admin = demo_user(email, name, totp_key=key, is_superuser=True, is_staff=True)
        if not (admin.is_superuser and admin.is_staff):
            admin.is_superuser = admin.is_staff = True
            admin.save(update_fields=["is_superuser", "is_staff"])
        for email in MEMBER_LOGINS:
            person = Person.objects.get(email=email)
            user = demo_user(email, person.name)
            if person.user_id != user.pk:
                person.user = user
                person.save(update_fields=["user"])
