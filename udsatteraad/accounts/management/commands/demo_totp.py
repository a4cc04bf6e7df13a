"""Print the current TOTP code of a user's device, so the demo can be tried without a phone.

Refuses unless DEBUG is on: in production this would defeat two-factor authentication.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from udsatteraad.accounts.models import User


class Command(BaseCommand):
    help = "Viser den aktuelle engangskode for en brugers godkendelses-app (kun med DEBUG)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="Brugerens e-mail")

    def handle(self, *args, email: str, **options):
        if not settings.DEBUG:
            raise CommandError(
                "demo_totp virker kun, når DEBUG er slået til (demo og udvikling). "
                "I drift ville den omgå tofaktorgodkendelsen."
            )
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Der findes ingen bruger med e-mailen {email}.")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            raise CommandError(
                f"{user.email} har ingen bekræftet godkendelses-app. "
                "Log ind og sæt den op på /konto/2fa/opsaet/."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
