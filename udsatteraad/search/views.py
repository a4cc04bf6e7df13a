"""The public search page, /soeg/ (issue 4).

Only `engine.search()` is asked for results: it only ever finds what the public may see
(published meetings, open items, open attachments), so the page adds no other source.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from udsatteraad.meetings.models import Meeting

from . import engine
from .forms import SearchForm

PER_PAGE = 20
# Numbered page links on each side of the current page (first and last are always shown).
PAGE_WINDOW = 2
# Result lists are read from the top: deeper pages (10,000 results) are not offered, which
# also bounds the ranking work an address can ask for.
MAX_PAGE = 500


def _page_number(value: str | None) -> int:
    """The page asked for; anything that is not a positive number is page 1."""
    try:
        return min(max(int(value or 1), 1), MAX_PAGE)
    except ValueError:
        return 1


def _page_links(page: int, pages: int, params: dict[str, str]) -> list[dict]:
    """Numbered links around the current page; None marks a gap ("…")."""
    shown = {1, pages, *range(page - PAGE_WINDOW, page + PAGE_WINDOW + 1)}
    links: list[dict] = []
    previous = 0
    for number in sorted(n for n in shown if 1 <= n <= pages):
        if number > previous + 1:
            links.append({"gap": True})
        links.append({"number": number, "url": _url(params, number), "current": number == page})
        previous = number
    return links


def _url(params: dict[str, str], page: int = 1) -> str:
    if page > 1:
        params = {**params, "side": str(page)}
    return "?" + urlencode(params)


def _rows(results: engine.SearchResults) -> list[dict]:
    kinds = dict(Meeting.Kind.choices)
    return [
        {
            "hit": hit,
            "doc": hit.document,
            "is_attachment": hit.document.kind == "attachment",
            "meeting_kind": kinds.get(hit.document.meeting_kind, ""),
        }
        for hit in results.hits
    ]


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.query()
    filters = form.filter_params()
    context: dict = {
        "form": form, "query": query, "searched": bool(query), "results": None,
        # The form was sent with an empty search field (not with one that was refused).
        "asked_without_query": bool(request.GET) and not query and "q" not in form.errors,
    }
    if query:
        page = _page_number(request.GET.get("side"))
        kwargs = form.search_filters()
        results = engine.search(query, page=page, per_page=PER_PAGE, **kwargs)
        if results.pages and results.page > results.pages:
            # Past the end (an old link, a typed address): show the last page instead.
            results = engine.search(query, page=results.pages, per_page=PER_PAGE, **kwargs)
        params = {"q": query, **filters}
        page = results.page
        context.update({
            "results": results,
            "rows": _rows(results),
            "start": (page - 1) * results.per_page + 1,
            "page_links": _page_links(page, results.pages, params) if results.pages > 1 else [],
            "previous_url": _url(params, page - 1) if page > 1 else "",
            "next_url": _url(params, page + 1) if page < results.pages else "",
            "without_filters_url": _url({"q": query}) if filters else "",
        })
    return render(request, "search/search.html", context)
