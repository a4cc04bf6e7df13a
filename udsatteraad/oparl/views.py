"""OParl 1.1 read-only API: the System object at /oparl/v1.1/ and everything below it.

Plain function views returning JSON. What is public is decided in `public.py` (through the
loaders); a missing or non-public object is a JSON 404, so closed material looks like
missing material. Lists are paginated and filtered by created/modified time.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Exists, Max, Min, OuterRef, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Membership
from udsatteraad.meetings.models import AgendaItem, PublicRecord
from udsatteraad.policy import public

from . import hearings as oparl_hearings
from . import loaders, records, serialize
from . import reports as oparl_reports

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
FILTERS = {
    "created_since": ("created", "gte"),
    "created_until": ("created", "lte"),
    "modified_since": ("modified", "gte"),
    "modified_until": ("modified", "lte"),
}


class BadRequest(Exception):
    pass


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _error(status: int, message: str) -> JsonResponse:
    return _json({"error": message, "status": status}, status=status)


def api_view(view: Callable) -> Callable:
    """GET only, JSON errors, and CORS for everyone: the data is public and read-only."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            response = _error(405, _("API'et kan kun læses (GET)."))
            response["Allow"] = "GET, HEAD, OPTIONS"
        elif request.method == "OPTIONS":
            response = _json({})
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        else:
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                response = _deleted_or_404(request)
            except BadRequest as e:
                response = _error(400, str(e))
        response["Access-Control-Allow-Origin"] = "*"
        return response

    # Nothing here writes, so CSRF protects nothing: without this a POST got the CSRF
    # middleware's HTML 403 instead of the API's JSON 405.
    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper


def _deleted_or_404(request: HttpRequest) -> JsonResponse:
    """An object that was public and has left the public is a tombstone (OParl 1.1: deleted
    objects stay available with `deleted: true`); anything else is a plain 404."""
    path = request.path.removeprefix(records.api_root())
    record = PublicRecord.objects.filter(path=path, deleted_at__isnull=False).first()
    if record is not None:
        return _json(records.tombstone(record))
    return _error(404, _("Objektet findes ikke eller er ikke offentligt."))


def _parse_when(name: str, value: str) -> dt.datetime:
    for candidate in (value, value.replace(" ", "+")):
        try:
            when = dt.datetime.fromisoformat(candidate)
        except ValueError:
            continue
        try:
            when = timezone.make_aware(when) if timezone.is_naive(when) else when
            # The database compares in UTC: 9999-12-31T23:59:59-23:59 or 0001-01-01 (local
            # time) fall outside the years a datetime can hold once converted.
            when.astimezone(dt.UTC)
        except (OverflowError, ValueError):
            raise BadRequest(_("%(name)s ligger uden for de tidspunkter, API'et kan søge i "
                               "(år 1-9999).") % {"name": name}) from None
        return when
    raise BadRequest(_("%(name)s skal være et tidspunkt efter ISO 8601, "
                       "f.eks. 2026-01-31T12:00:00+01:00.") % {"name": name})


def _positive_int(request: HttpRequest, name: str, default: int, maximum: int | None) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1 or (maximum is not None and value > maximum):
        limit = f" (1-{maximum})" if maximum else ""
        raise BadRequest(_("%(name)s skal være et positivt heltal%(limit)s.")
                         % {"name": name, "limit": limit})
    return value


def _filter(request: HttpRequest, rows, modified_field: str):
    """Apply created_/modified_since/_until; on a QuerySet in SQL, on a list in Python."""
    for param, (field, op) in FILTERS.items():
        if param not in request.GET:
            continue
        when = _parse_when(param, request.GET[param])
        attr = modified_field if field == "modified" else "created"
        if isinstance(rows, QuerySet):
            rows = rows.filter(**{f"{attr}__{op}": when})
        elif op == "gte":
            rows = [r for r in rows if getattr(r, attr) >= when]
        else:
            rows = [r for r in rows if getattr(r, attr) <= when]
    return rows


def list_response(request: HttpRequest, rows, to_json: Callable[[list], Iterable[dict]], *,
                  modified_field: str = "modified",
                  deleted: QuerySet[PublicRecord] | None = None) -> JsonResponse:
    """An OParl external list: data, pagination and links.
    `deleted`: the list's tombstones, added after the objects when the client syncs
    (`modified_since`), so it learns what left the public since it last read.

    A list read from the database is paged by key (`after`: the last id seen), so every page
    costs the same however large the archive: no count, no offset. `page=N` (or a list built
    in Python, or one with tombstones) pages by number with totals, as before."""
    limit = _positive_int(request, "limit", DEFAULT_LIMIT, MAX_LIMIT)
    rows = _filter(request, rows, modified_field)
    if isinstance(rows, QuerySet):
        rows = rows.order_by("pk")
    if deleted is not None and "modified_since" in request.GET:
        since = _parse_when("modified_since", request.GET["modified_since"])
        gone = deleted.filter(deleted_at__gte=since)
        if "modified_until" in request.GET:
            gone = gone.filter(
                deleted_at__lte=_parse_when("modified_until", request.GET["modified_until"]))
        tombstones = list(gone)
        if tombstones:
            rows = [*rows, *tombstones]
            plain = to_json

            def to_json(page: list) -> Iterable[dict]:
                live = [r for r in page if not isinstance(r, PublicRecord)]
                yield from plain(live)
                yield from (records.tombstone(r) for r in page if isinstance(r, PublicRecord))
    if isinstance(rows, QuerySet) and "page" not in request.GET:
        return _keyset_page(request, rows, to_json, limit)
    if isinstance(rows, oparl_hearings.PapersWithHearings) and "page" not in request.GET:
        return _keyset_chain_page(request, rows, to_json, limit)
    return _numbered_page(request, rows, to_json, limit)


def _link(request: HttpRequest, **changes: str | None) -> str:
    params = {k: v for k, v in request.GET.items() if k not in changes}
    params |= {k: v for k, v in changes.items() if v is not None}
    query = urlencode(params)
    return serialize.absolute(request.path) + ("?" + query if query else "")


def _keyset_page(request: HttpRequest, rows: QuerySet, to_json: Callable[[list], Iterable[dict]],
                 limit: int) -> JsonResponse:
    after = _positive_int(request, "after", 0, None) if "after" in request.GET else 0
    # One row more than asked for tells whether there is a next page, without a count.
    page = list(rows.filter(pk__gt=after)[:limit + 1])
    links = {"first": _link(request, after=None)}
    if len(page) > limit:
        page = page[:limit]
        links["next"] = _link(request, after=str(page[-1].pk))
    return _json({
        "data": list(to_json(page)),
        # OParl 1.1 makes the totals optional; counting them would cost a scan of the list.
        "pagination": {"elementsPerPage": limit},
        "links": links,
    })


# The body's papers come from three lists, each paged by its own key.
CHAIN_KEYS = ("after", "after_response", "after_report")


def _keyset_chain_page(request: HttpRequest, rows: oparl_hearings.PapersWithHearings,
                       to_json: Callable[[list], Iterable[dict]], limit: int) -> JsonResponse:
    """The body's papers by key: the agenda items' papers (`after`), then the hearing
    responses (`after_response`), then the published reports (`after_report`). The list a
    page starts in is read from its key, and every later list's first rows on the same page
    (one query each), so a page costs the same however large the archive; the later lists
    are short (a council answers a few hearings and publishes a report or two a year)."""
    current = max((i for i, key in enumerate(CHAIN_KEYS) if key in request.GET), default=0)
    page: list = []
    part_of: list[int] = []
    for i in range(current, len(rows.parts)):
        part = rows.parts[i].order_by("pk")
        if i == current and CHAIN_KEYS[i] in request.GET:
            part = part.filter(pk__gt=_positive_int(request, CHAIN_KEYS[i], 0, None))
        found = list(part[:limit + 1 - min(len(page), limit)])
        page += found
        part_of += [i] * len(found)
    no_keys: dict[str, str | None] = dict.fromkeys(CHAIN_KEYS)
    links = {"first": _link(request, **no_keys)}
    if len(page) > limit:
        page = page[:limit]
        links["next"] = _link(request, **(no_keys | {CHAIN_KEYS[part_of[limit - 1]]:
                                                     str(page[-1].pk)}))
    return _json({
        "data": list(to_json(page)),
        "pagination": {"elementsPerPage": limit},
        "links": links,
    })


def _numbered_page(request: HttpRequest, rows, to_json: Callable[[list], Iterable[dict]],
                   limit: int) -> JsonResponse:
    number = _positive_int(request, "page", 1, None)
    paginator = Paginator(rows, limit)
    if number > paginator.num_pages:
        raise Http404
    page = paginator.page(number)

    def link(n: int) -> str:
        return _link(request, page=str(n))

    links = {"first": link(1), "last": link(paginator.num_pages)}
    if page.has_previous():
        links["prev"] = link(number - 1)
    if page.has_next():
        links["next"] = link(number + 1)
    return _json({
        "data": list(to_json(list(page.object_list))),
        "pagination": {
            "totalElements": paginator.count,
            "elementsPerPage": limit,
            "currentPage": number,
            "totalPages": paginator.num_pages,
        },
        "links": links,
    })


def _each(fn: Callable) -> Callable[[list], Iterable[dict]]:
    return lambda page: (fn(row) for row in page)


def _items_json(page: list) -> list[dict]:
    orders = loaders.item_orders(page)
    _decisions_for(page)
    return [serialize.agenda_item(item, orders[item.pk]) for item in page]


def _decisions_for(items: list) -> None:
    """The page's published decisions from one projection of its meetings."""
    meetings = {item.meeting_id: item.meeting for item in items}
    serialize.prefetch_decisions(list(meetings.values()))
    for item in items:
        item.meeting = meetings[item.meeting_id]


def _meetings_json(page: list) -> list[dict]:
    serialize.prefetch_decisions(page)
    return [serialize.meeting(m) for m in page]


def _papers_json(page: list) -> list[dict]:
    _decisions_for(page)
    return [serialize.paper(item) for item in page]


def _file_json(source: loaders.FileSource) -> dict:
    if source.kind == "hearing":
        return oparl_hearings.hearing_file(source.row)
    if source.kind == "report":
        return oparl_reports.report_file(source.row)
    if source.kind == "attachment":
        return serialize.attachment_file(source.row)
    if source.kind == "paper":
        return serialize.paper_file(source.row)
    return serialize.meeting_files(source.row)[source.kind]


def _body(pk: int):
    return get_object_or_404(public.public_bodies(), pk=pk)


# The System and the bodies

@api_view
def system(request: HttpRequest) -> JsonResponse:
    span = public.public_bodies().aggregate(first=Min("created"), last=Max("modified"))
    return _json(serialize.system(span["first"], span["last"]))


@api_view
def bodies(request: HttpRequest) -> JsonResponse:
    return list_response(request, loaders.bodies(), _each(serialize.body))


@api_view
def body(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(serialize.body(get_object_or_404(loaders.bodies(), pk=pk)))


# A body's lists

@api_view
def body_organizations(request: HttpRequest, pk: int) -> JsonResponse:
    _body(pk)
    return list_response(request, loaders.body_organizations(pk), _each(serialize.organization))


@api_view
def body_persons(request: HttpRequest, pk: int) -> JsonResponse:
    _body(pk)
    in_body = Membership.objects.filter(
        person=OuterRef("pk"), council__authority_id=pk, council__is_public=True
    )
    return list_response(request, loaders.persons().filter(Exists(in_body)),
                         _each(serialize.person), modified_field="last_modified")


@api_view
def body_meetings(request: HttpRequest, pk: int) -> JsonResponse:
    _body(pk)
    return list_response(request, loaders.meetings().filter(council__authority_id=pk),
                         _meetings_json, modified_field="last_modified",
                         deleted=records.deleted_records("Meeting", authority_id=pk))


@api_view
def body_papers(request: HttpRequest, pk: int) -> JsonResponse:
    _body(pk)
    items = loaders.items(public.public_papers()).filter(meeting__council__authority_id=pk)
    responses = oparl_hearings.hearings().filter(council__authority_id=pk)
    reports = oparl_reports.reports().filter(council__authority_id=pk)
    rows = oparl_hearings.PapersWithHearings(
        *(_filter(request, part, "modified").order_by("pk")
          for part in (items, responses, reports)))
    return list_response(request, rows, _papers_and_responses_json,
                         deleted=records.deleted_records("Paper", authority_id=pk))


def _papers_and_responses_json(page: list) -> list[dict]:
    from udsatteraad.reports.models import Report

    items = [r for r in page if isinstance(r, AgendaItem)]
    return [*_papers_json(items),
            *(oparl_hearings.hearing_paper(h) for h in page
              if not isinstance(h, AgendaItem | Report)),
            *(oparl_reports.report_paper(r) for r in page if isinstance(r, Report))]


@api_view
def body_items(request: HttpRequest, pk: int) -> JsonResponse:
    _body(pk)
    return list_response(request, loaders.items().filter(meeting__council__authority_id=pk),
                         _items_json,
                         deleted=records.deleted_records("AgendaItem", authority_id=pk))


@api_view
def body_files(request: HttpRequest, pk: int) -> JsonResponse:
    _body(pk)
    files = sorted(loaders.body_files(pk) + oparl_hearings.file_sources(pk)
                   + oparl_reports.file_sources(pk), key=lambda f: f.key)
    return list_response(request, files, _each(_file_json),
                         deleted=records.deleted_records("File", authority_id=pk))


@api_view
def body_locations(request: HttpRequest, pk: int) -> JsonResponse:
    _body(pk)
    return list_response(request, loaders.venues().filter(authority_id=pk),
                         _each(serialize.location))


@api_view
def body_terms(request: HttpRequest, pk: int) -> JsonResponse:
    _body(pk)
    return list_response(request, loaders.terms().filter(council__authority_id=pk),
                         _each(serialize.legislative_term))


@api_view
def body_memberships(request: HttpRequest, pk: int) -> JsonResponse:
    _body(pk)
    return list_response(request, loaders.memberships().filter(council__authority_id=pk),
                         _each(serialize.membership))


# Organizations

@api_view
def council(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(serialize.council_org(get_object_or_404(loaders.councils(), pk=pk)))


@api_view
def council_meetings(request: HttpRequest, pk: int) -> JsonResponse:
    get_object_or_404(public.public_councils(), pk=pk)
    return list_response(request, loaders.meetings().filter(council_id=pk),
                         _meetings_json, modified_field="last_modified",
                         deleted=records.deleted_records("Meeting").filter(meeting__council_id=pk))


@api_view
def committee(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(serialize.committee_org(get_object_or_404(loaders.committees(), pk=pk)))


@api_view
def organisation(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(serialize.organisation_org(get_object_or_404(loaders.organisations(), pk=pk)))


# People

@api_view
def person(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(serialize.person(get_object_or_404(loaders.persons(), pk=pk)))


@api_view
def membership(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(serialize.membership(get_object_or_404(loaders.memberships(), pk=pk)))


@api_view
def legislative_term(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(serialize.legislative_term(get_object_or_404(loaders.terms(), pk=pk)))


@api_view
def location(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(serialize.location(get_object_or_404(loaders.venues(), pk=pk)))


# Meetings, items, papers, files

@api_view
def meeting(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(serialize.meeting(get_object_or_404(loaders.meetings(), pk=pk)))


@api_view
def meeting_location(request: HttpRequest, pk: int) -> JsonResponse:
    m = get_object_or_404(public.public_meetings().exclude(location=""), pk=pk, venue=None)
    data = serialize.meeting_location(m)
    if data is None:
        raise Http404
    return _json(data)


@api_view
def agenda_item(request: HttpRequest, pk: int) -> JsonResponse:
    item = get_object_or_404(loaders.items(), pk=pk)
    return _json(_items_json([item])[0])


@api_view
def paper(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(serialize.paper(get_object_or_404(loaders.items(public.public_papers()), pk=pk)))


@api_view
def consultation(request: HttpRequest, pk: int) -> JsonResponse:
    item = get_object_or_404(public.public_papers().select_related("meeting__council"), pk=pk)
    return _json(serialize.consultation(item))


@api_view
def attachment_file(request: HttpRequest, pk: int) -> JsonResponse:
    att = get_object_or_404(
        # An attachment without a file is no File (loaders._open_attachments).
        public.public_attachments().exclude(file="").select_related("item__meeting__council"),
        pk=pk,
    )
    return _json(serialize.attachment_file(att))


@api_view
def meeting_file(request: HttpRequest, pk: int, kind: str) -> JsonResponse:
    files = serialize.meeting_files(get_object_or_404(loaders.meetings(), pk=pk))
    if kind not in files:
        raise Http404
    return _json(files[kind])


@api_view
def hearing_paper(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(oparl_hearings.hearing_paper(get_object_or_404(oparl_hearings.hearings(),
                                                                 pk=pk)))


@api_view
def hearing_file(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(oparl_hearings.hearing_file(get_object_or_404(oparl_hearings.hearings(),
                                                                pk=pk)))


@api_view
def report_paper(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(oparl_reports.report_paper(get_object_or_404(oparl_reports.reports(), pk=pk)))


@api_view
def report_file(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(oparl_reports.report_file(get_object_or_404(oparl_reports.reports(), pk=pk)))


@api_view
def paper_file(request: HttpRequest, pk: int) -> JsonResponse:
    item = get_object_or_404(public.public_papers().select_related("meeting__council"), pk=pk)
    return _json(serialize.paper_file(item))
