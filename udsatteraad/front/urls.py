from django.contrib.sitemaps.views import sitemap
from django.urls import path

from udsatteraad.meetings import views as meeting_views

from . import feeds, views
from .sitemaps import SITEMAPS

app_name = "front"

urlpatterns = [
    path("", views.home, name="home"),
    path("raad/", views.councils, name="councils"),
    path("raad/<slug:slug>/", views.council, name="council"),
    path("raad/<slug:slug>/moeder/<int:meeting_id>/", meeting_views.meeting, name="meeting"),
    path("tilgaengelighed/", views.accessibility, name="accessibility"),
    # RSS/Atom: new agendas, minutes and corrections (udsatteraad/front/feeds.py).
    path("feed.rss", feeds.AllCouncilsFeed(), name="feed-rss"),
    path("feed.atom", feeds.AllCouncilsAtomFeed(), name="feed-atom"),
    path("raad/<slug:slug>/feed.rss", feeds.CouncilFeed(), name="council-feed-rss"),
    path("raad/<slug:slug>/feed.atom", feeds.CouncilAtomFeed(), name="council-feed-atom"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Browsers ask for /favicon.ico whatever the page links; the icon is an SVG.
    path("favicon.ico", views.favicon, name="favicon"),
]
