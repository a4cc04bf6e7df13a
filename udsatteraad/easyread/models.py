"""What the easy-read work keeps besides the texts (which live on Meeting and AgendaItem):
the council's LIX target, every publication with its reason when a section is above the
target, the places that get posters, and print batches with when each poster was put up."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from udsatteraad.councils.models import Council, Venue
from udsatteraad.meetings.models import Meeting

DEFAULT_LIX_TARGET = 25


class EasyReadSettings(models.Model):
    """The council's own choices for easy-read versions. A council without a row has the
    defaults (`settings_for`)."""

    council = models.OneToOneField(Council, models.CASCADE, related_name="easy_read_settings")
    lix_target = models.PositiveSmallIntegerField(
        _("mål for LIX (under)"), default=DEFAULT_LIX_TARGET,
        validators=[MinValueValidator(10), MaxValueValidator(60)],
        help_text=_("Hvert afsnit skal have en LIX under dette tal. Er et afsnit over, skal "
                    "du skrive hvorfor, før du offentliggør."),
    )
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indstillinger for lette udgaver")
        verbose_name_plural = _("indstillinger for lette udgaver")

    def __str__(self) -> str:
        return str(self.council)


def settings_for(council: Council) -> EasyReadSettings:
    try:
        return council.easy_read_settings
    except EasyReadSettings.DoesNotExist:
        return EasyReadSettings(council=council)


class Publication(models.Model):
    """One publication of a meeting's easy-read version: who, when, the target then, the
    highest section score, and the reason given when that was above the target."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="easy_read_publications")
    published_at = models.DateTimeField(_("offentliggjort"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                     blank=True, related_name="+")
    lix_target = models.PositiveSmallIntegerField(_("mål for LIX (under)"))
    highest_lix = models.PositiveSmallIntegerField(_("højeste LIX"), null=True, blank=True)
    reason = models.TextField(_("begrundelse"), blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("offentliggørelse af let udgave")
        verbose_name_plural = _("offentliggørelser af lette udgaver")

    def __str__(self) -> str:
        return f"{self.meeting} ({self.published_at:%Y-%m-%d %H:%M})"

    @property
    def above_target(self) -> bool:
        return self.highest_lix is not None and self.highest_lix >= self.lix_target


class Place(models.Model):
    """A place where the council's posters hang: a drop-in centre, a café, a shelter. Made
    from the authority's venues or typed in; the secretariat edits them."""

    council = models.ForeignKey(Council, models.CASCADE, related_name="poster_places")
    venue = models.ForeignKey(Venue, models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("sted i rådets steder"))
    name = models.CharField(_("navn"), max_length=200)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True,
                            help_text=_("For eksempel hvem der hænger plakaten op."))
    is_active = models.BooleanField(_("får plakater"), default=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="poster_place_unique_name"),
        ]
        verbose_name = _("plakatsted")
        verbose_name_plural = _("plakatsteder")

    def __str__(self) -> str:
        return self.name


class PrintBatchQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(
            n_places=Count("postings", distinct=True),
            n_put_up=Count("postings", filter=Q(postings__put_up_at__isnull=False),
                           distinct=True),
        )


class PrintBatch(models.Model):
    """One print run: the posters of one meeting's easy-read version for every active
    place, as one PDF."""

    class Paper(models.TextChoices):
        A4 = "a4", "A4"
        A3 = "a3", "A3"

    council = models.ForeignKey(Council, models.CASCADE, related_name="poster_batches")
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="poster_batches")
    paper = models.CharField(_("papir"), max_length=2, choices=Paper.choices,
                             default=Paper.A4)
    created = models.DateTimeField(_("lavet"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+")

    objects = PrintBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("udskrift af plakater")
        verbose_name_plural = _("udskrifter af plakater")

    def __str__(self) -> str:
        return f"{self.meeting} ({self.get_paper_display()})"


class Posting(models.Model):
    """One poster of a batch for one place, and when it was put up there."""

    batch = models.ForeignKey(PrintBatch, models.CASCADE, related_name="postings")
    place = models.ForeignKey(Place, models.CASCADE, related_name="postings")
    # The place's name and address when printed: the poster says where it belongs even if the
    # place is renamed later.
    place_name = models.CharField(_("sted"), max_length=200)
    put_up_at = models.DateTimeField(_("hængt op"), null=True, blank=True)
    put_up_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                  blank=True, related_name="+")

    class Meta:
        ordering = ["place_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "place"], name="posting_unique_place"),
        ]
        verbose_name = _("plakat")
        verbose_name_plural = _("plakater")

    def __str__(self) -> str:
        return f"{self.place_name}: {self.batch}"
