"""sitemap.xml: the public councils and their public meetings (what `policy.public` says the
public may see; nothing behind a login)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from udsatteraad.councils.models import Council
from udsatteraad.meetings.models import Meeting
from udsatteraad.policy.public import public_councils, public_meetings


class CouncilSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return public_councils().order_by("pk")

    def location(self, item: Council) -> str:
        return reverse("front:council", args=[item.slug])

    def lastmod(self, item: Council):
        return item.modified


class MeetingSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return public_meetings().select_related("council").order_by("pk")

    def location(self, item: Meeting) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Meeting):
        return item.modified


SITEMAPS = {"councils": CouncilSitemap, "meetings": MeetingSitemap}
