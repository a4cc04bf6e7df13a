from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("E-mail er påkrævet")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A login. Platform administrators are superusers; council roles come from
    `councils.Secretary` (secretariat) and `councils.Membership` (chair, vice-chair, member)."""

    email = models.EmailField("e-mail", unique=True)
    name = models.CharField("navn", max_length=200, blank=True)
    is_active = models.BooleanField("aktiv", default=True)
    is_staff = models.BooleanField("adgang til Django-admin", default=False)
    date_joined = models.DateTimeField("oprettet", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = "bruger"
        verbose_name_plural = "brugere"

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser

    def needs_two_factor(self) -> bool:
        """Secretaries and platform administrators must use TOTP."""
        return self.is_superuser or self.secretary_roles.exists()


class AccessLogEntry(models.Model):
    """Who looked at personal data (members' contact data, later inquiries), and when."""

    user = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    council = models.ForeignKey("councils.Council", models.CASCADE, related_name="access_log")
    what = models.CharField("hvad", max_length=200)
    path = models.CharField("adresse", max_length=300)
    at = models.DateTimeField("tidspunkt", auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = "adgangslog"
        verbose_name_plural = "adgangslog"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user}: {self.what}"


class LoginFailure(models.Model):
    """One failed login or two-factor attempt, counted per account and per client address.

    Kept in the database (not the per-process cache) so every worker process sees the same
    count: with five workers a per-process limit let most guesses through."""

    class Scope(models.TextChoices):
        ACCOUNT = "account", "konto"
        ADDRESS = "address", "adresse"

    scope = models.CharField("omfang", max_length=10, choices=Scope.choices)
    # A hash, so the table never holds the e-mail addresses or IP addresses tried.
    key = models.CharField("nøgle", max_length=64)
    at = models.DateTimeField("tidspunkt", default=timezone.now)

    class Meta:
        verbose_name = "mislykket login"
        verbose_name_plural = "mislykkede logins"
        indexes = [models.Index(fields=["scope", "key", "at"], name="loginfailure_lookup")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.scope} {self.key[:8]}"
