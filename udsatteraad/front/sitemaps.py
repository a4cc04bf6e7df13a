"""sitemap.xml: the public councils and their public meetings (what `oparl.public` says the
public may see; nothing behind a login)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from udsatteraad.councils.models import Council
from udsatteraad.meetings.models import Meeting
from udsatteraad.oparl.public import public_councils, public_meetings


class CouncilSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return public_councils().order_by("pk")

    def location(self, item: Council) -> str:
        return f"/raad/{item.slug}/"

    def lastmod(self, item: Council):
        return item.modified


class MeetingSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return public_meetings().select_related("council").order_by("pk")

    def location(self, item: Meeting) -> str:
        return f"/raad/{item.council.slug}/moeder/{item.pk}/"

    def lastmod(self, item: Meeting):
        return item.modified


SITEMAPS = {"councils": CouncilSitemap, "meetings": MeetingSitemap}
