"""Every public surface of a meeting as text, for the publication guard's and redaction's
tests: the meeting page, its PDFs (text read with PDFium), the easy-read page, the feeds,
OParl (the meeting, its items, papers and files), and the search (the page's results and the
index's documents, live or dead)."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.urls import reverse


def norm(text: str) -> str:
    """Without white space, lower case: a PDF or a feed may break "22 33 44 55" anywhere."""
    return re.sub(r"\s+", "", text).lower()


def _pdf(data: bytes) -> str:
    from udsatteraad.lib.extract import pdf_text

    return pdf_text(data)[0]


def surfaces(client, meeting) -> dict[str, str]:
    """name -> text of each public surface that answers 200."""
    from udsatteraad.meetings.models import AgendaItem, Attachment

    slug, pk = meeting.council.slug, meeting.pk
    out: dict[str, str] = {}

    def get(name: str, url: str, pdf: bool = False) -> None:
        response = client.get(url)
        if response.status_code == 200:
            out[name] = _pdf(response.content) if pdf else response.content.decode()

    get("page", reverse("front:meeting", args=[slug, pk]))
    get("easy-read", reverse("easyread:public", args=[slug, pk]))
    for route in ("agenda-pdf", "minutes-pdf", "attachments-pdf"):
        get(route, reverse(f"meetings:{route}", args=[slug, pk]), pdf=True)
    for route in ("front:feed-rss", "front:feed-atom"):
        get(route, reverse(route))
    for route in ("front:council-feed-rss", "front:council-feed-atom"):
        get(route, reverse(route, args=[slug]))
    body = meeting.council.authority_id
    get("oparl:meeting", reverse("oparl:meeting", args=[pk]))
    for route in ("oparl:body-items", "oparl:body-papers", "oparl:body-files"):
        get(route, reverse(route, args=[body]))
    for item in AgendaItem.objects.filter(meeting=meeting):
        for route in ("oparl:agendaitem", "oparl:paper", "oparl:paper-file"):
            get(f"{route}/{item.pk}", reverse(route, args=[item.pk]))
    for att in Attachment.objects.filter(item__meeting=meeting):
        get(f"oparl:file/{att.pk}", reverse("oparl:file", args=[att.pk]))
    return out


def search_results(client, value: str) -> str:
    """The results of /soeg/?q=value, without the heading that repeats the query."""
    html = client.get(f"{reverse('search:search')}?q={quote(value)}").content.decode()
    section = html.split('class="search-results"', 1)[-1].split("</section>", 1)[0]
    return section.split("</h2>", 1)[-1]


def index_text(meeting) -> str:
    """Every document the search index holds for the meeting, live or dead."""
    from udsatteraad.search.models import SearchDocument

    return " ".join(f"{d.title} {d.body}" for d in SearchDocument.objects.filter(
        meeting=meeting))


def found_in(client, meeting, value: str) -> list[str]:
    """The public surfaces (and the search) where `value` can be read."""
    wanted = norm(value)
    found = [name for name, text in surfaces(client, meeting).items() if wanted in norm(text)]
    if wanted in norm(re.sub(r"<[^>]+>", "", search_results(client, value))):
        found.append("search page")
    if wanted in norm(index_text(meeting)):
        found.append("search index")
    return found
