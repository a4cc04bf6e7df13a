"""The public pages citizens see: home, the list of councils, a council, the accessibility
statement.

Privacy: the council page hands the template plain dictionaries with a member's name, role and
organisation/venue only, so no template can reach Person.email or Person.phone by accident.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from udsatteraad.councils import public_text, rules
from udsatteraad.councils.models import (
    Authority,
    Council,
    Membership,
    SeatGroup,
    Term,
    TermsOfReference,
)
from udsatteraad.policy.access import access_public_council
from udsatteraad.policy.public import public_councils, public_meetings

# When the accessibility statement was prepared and last reviewed (it must be reviewed yearly).
STATEMENT_PREPARED = dt.date(2026, 11, 23)
STATEMENT_REVIEWED = dt.date(2026, 11, 23)

# How many meetings the council page lists; the rest are in the archive by year.
COMING_SHOWN = 10
RECENT_SHOWN = 5


@dataclass
class AuthorityGroup:
    authority: Authority
    councils: list[Council] = field(default_factory=list)


def _public_councils():
    """Public councils with their terms of reference prefetched (for the purpose line)."""
    return public_councils().select_related("authority").prefetch_related(
        Prefetch(
            "terms_of_reference",
            queryset=TermsOfReference.objects.order_by("-adopted_on", "-version"),
            to_attr="tor_list",
        )
    )


def _pick_terms(tors: list[TermsOfReference], on: dt.date) -> TermsOfReference | None:
    """Council.current_terms() over a prefetched list: the newest adopted on or before `on`,
    else the newest version."""
    for tor in tors:  # already newest first
        if tor.adopted_on is None or tor.adopted_on <= on:  # undated: in force
            return tor
    return max(tors, key=lambda t: t.version) if tors else None


def councils_by_authority() -> list[AuthorityGroup]:
    """Public councils grouped by authority: regions first, then municipalities, by name."""
    today = timezone.localdate()
    groups: dict[int, AuthorityGroup] = {}
    for council in _public_councils():
        council.current_tor = _pick_terms(council.tor_list, today)
        group = groups.setdefault(council.authority_id, AuthorityGroup(council.authority))
        group.councils.append(council)
    kind_order: dict[str, int] = {Authority.Kind.REGION: 0, Authority.Kind.MUNICIPALITY: 1}
    return sorted(
        groups.values(), key=lambda g: (kind_order.get(g.authority.kind, 2), g.authority.name)
    )


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "front/home.html", {"groups": councils_by_authority()})


def councils(request: HttpRequest) -> HttpResponse:
    return render(request, "front/councils.html", {"groups": councils_by_authority()})


def _task_text(task) -> str:
    # Tasks are a JSON list; tolerate {"text": ...} entries as well as plain strings.
    if isinstance(task, dict):
        return str(task.get("text") or task.get("title") or "")
    return str(task)


def _member_row(m: Membership) -> dict:
    """Only what may be public about a member."""
    group = m.seat_group
    if m.nominated_by is not None:
        affiliation = m.nominated_by.name
    elif group.venue is not None:
        affiliation = group.venue.name
    else:
        orgs = list(group.organisations.all())
        affiliation = ", ".join(o.name for o in orgs) if len(orgs) == 1 else ""
    return {
        "pk": m.pk,
        "name": m.person.name,
        "role": m.role,
        "role_label": m.get_role_display(),
        "affiliation": affiliation,
    }


def _composition(seat_groups: list[SeatGroup], memberships: list[Membership]) -> list[dict]:
    """Seat groups in order, each with its current members and the number of empty seats.
    Members sitting in a seat group of an older version of the terms are kept, after the rest."""
    rows: dict[int, dict] = {}
    for group in seat_groups:
        rows[group.pk] = {"group": group, "members": []}
    for m in memberships:
        row = rows.setdefault(m.seat_group_id, {"group": m.seat_group, "members": []})
        row["members"].append(_member_row(m))
    for row in rows.values():
        row["organisations"] = [o.name for o in row["group"].organisations.all()]
        row["vacant"] = max(row["group"].seats - len(row["members"]), 0)
        row["line"] = public_text.seat_group_line(row["group"])
    return list(rows.values())


def _substitute_row(m: Membership) -> dict:
    """Only what may be public about a substitute: name, seat group, rank or whom for."""
    if m.deputy_for_id is not None and m.deputy_for is not None:
        note = _("personlig suppleant for %(name)s") % {"name": m.deputy_for.person.name}
    elif m.substitute_rank:
        note = _("%(n)d. suppleant") % {"n": m.substitute_rank}
    else:
        note = ""
    return {"name": m.person.name, "group": m.seat_group.name, "note": note}


def council(request: HttpRequest, slug: str) -> HttpResponse:
    council = access_public_council(slug)
    today = timezone.localdate()
    now = timezone.now()

    tor = council.current_terms(today)
    seat_groups: list[SeatGroup] = []
    if tor is not None:
        seat_groups = list(
            SeatGroup.objects.filter(terms_of_reference=tor)
            .select_related("venue")
            .prefetch_related("organisations")
        )
        target_groups = list(tor.target_groups.all())
        focus_areas = list(tor.focus_areas.all())
        tasks = [t for t in (_task_text(t) for t in (tor.tasks or [])) if t]
    else:
        target_groups, focus_areas, tasks = [], [], []

    term: Term | None = council.current_term(today)
    memberships = list(
        Membership.objects.filter(council=council, is_substitute=False)
        .active_on(today)
        .select_related("person", "nominated_by", "seat_group__venue")
        .prefetch_related("seat_group__organisations")
        .order_by("seat_group__position", "seat_group_id", "start", "person__name")
    )
    # Under "serve until successor" members whose term ended keep their seat until a successor
    # is appointed; they are shown with a note (the active_on rule itself is unchanged).
    continuing = rules.continuing_members(council, tor, today)
    composition = _composition(seat_groups, memberships + continuing)
    continuing_ids = {m.pk for m in continuing}
    for row in composition:
        for m in row["members"]:
            m["continuing"] = m.pop("pk") in continuing_ids
    members = [r for row in composition for r in row["members"]]
    # A continuing member keeps the seat, not the office: once the new term has its own chair
    # (or vice-chair), the old one is shown as a member, so the page never names two chairs.
    held = {r["role"] for r in members if not r["continuing"]}
    for r in members:
        if r["continuing"] and r["role"] != Membership.Role.MEMBER and r["role"] in held:
            r["role"], r["role_label"] = Membership.Role.MEMBER, Membership.Role.MEMBER.label
    substitutes = [_substitute_row(m) for m in (
        Membership.objects.filter(council=council, is_substitute=True).active_on(today)
        .select_related("person", "seat_group", "deputy_for__person")
        .order_by("seat_group__position", "seat_group_id", "substitute_rank", "person__name")
    )]
    chairs = [r for r in members if r["role"] == Membership.Role.CHAIR]
    vice_chairs = [r for r in members if r["role"] == Membership.Role.VICE_CHAIR]

    # The page shows what is coming and the latest held meetings; older ones are in the
    # archive by year, so the page costs the same however long the council has met.
    public = public_meetings().filter(council=council).select_related("venue")
    coming = list(public.filter(start__gte=now).order_by("start")[:COMING_SHOWN])
    archive = list(public.filter(start__lt=now).order_by("-start")[:RECENT_SHOWN])
    archive_years = sorted(
        (d.year for d in public.filter(start__lt=now).datetimes("start", "year")), reverse=True
    )

    return render(
        request,
        "front/council.html",
        {
            "council": council,
            "tor": tor,
            "target_groups": target_groups,
            "focus_areas": focus_areas,
            "tasks": tasks,
            "composition": composition,
            "substitutes": substitutes,
            "meeting_sentences": public_text.meeting_sentences(tor),
            "membership_sentences": public_text.membership_sentences(tor),
            "procedure_sentences": public_text.procedure_sentences(
                council.rules() if tor is not None else None, tor),
            "fixed_chair": public_text.has_fixed_chair(tor),
            "member_count": len(members),
            "chairs": chairs,
            "vice_chairs": vice_chairs,
            "term": term,
            "coming": coming,
            "archive": archive,
            "archive_years": archive_years,
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "front/accessibility.html",
        {"prepared": STATEMENT_PREPARED, "reviewed": STATEMENT_REVIEWED},
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public pages; the secretariat, logins and the admin are not for
    them (they answer with a login page anyway)."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {_top(name)}" for name in ROBOTS_DISALLOW]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('front:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# The areas behind a login, by a route in each: robots.txt names their top folders.
ROBOTS_DISALLOW = ["councils:index", "accounts:login", "accounts:mine", "admin:index",
                   "set_language"]


def _top(name: str) -> str:
    """The first folder of a route's path ("/sekretariat/")."""
    return "/" + reverse(name).strip("/").split("/")[0] + "/"


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links; the icon is an SVG."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
