"""Model rows as OParl 1.1 objects (dicts). The mapping is documented in docs/oparl.md.

Every function takes rows loaded by `loaders.py` (related rows already selected or
prefetched), so serialising a page of objects runs no queries. Nothing here reads
Person.email or Person.phone, closed items or closed attachments.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import strip_tags

from udsatteraad.councils.models import (
    Committee,
    Council,
    Membership,
    Term,
    Venue,
)
from udsatteraad.meetings.attachments import download_name
from udsatteraad.meetings.models import AgendaItem, Attachment, Meeting
from udsatteraad.policy.public import is_public_paper, public_attachments

SCHEMA = "https://schema.oparl.org/1.1/"


def absolute(path: str) -> str:
    return settings.SITE_ROOT.rstrip("/") + path


# A page of 100 meetings names a few thousand URLs; reverse() resolves the pattern anew for each
# (about a third of the serialising time). Each route's URL is reversed once with markers for
# its arguments, and the markers are replaced after: the same string reverse() gives for ids and
# slugs (which need no quoting). Keyed by the script prefix, which a deployment may set.
_MARK = "9999999{}9999999"
_patterns: dict[tuple[str, int, str], str] = {}


def fast_reverse(name: str, *args: int | str) -> str:
    key = (name, len(args), get_script_prefix())
    pattern = _patterns.get(key)
    if pattern is None:
        pattern = _patterns[key] = reverse(name, args=[_MARK.format(i)
                                                       for i in range(len(args))])
    for i, arg in enumerate(args):
        pattern = pattern.replace(_MARK.format(i), str(arg))
    return pattern


def api(name: str = "system", *args: int | str) -> str:
    """The absolute URL of an API route ("oparl:<name>")."""
    return absolute(fast_reverse(f"oparl:{name}", *args))


def iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def clean(obj: dict) -> dict:
    """Leave out empty values: OParl says to omit properties without a value."""
    return {k: v for k, v in obj.items() if v not in (None, "", [])}


def base(type_: str, url: str, row, *, created=None, modified=None, web: str = "") -> dict:
    return {
        "id": url,
        "type": SCHEMA + type_,
        "created": iso(created or row.created),
        "modified": iso(modified or getattr(row, "modified", None) or row.created),
        "web": absolute(web) if web else None,
    }


# URLs of objects, in one place so references and ids always agree.
def body_url(authority_id: int) -> str:
    return api("body", authority_id)


def council_url(council_id: int) -> str:
    return api("council", council_id)


def person_url(pk: int) -> str:
    return api("person", pk)


def meeting_url(pk: int) -> str:
    return api("meeting", pk)


def item_url(pk: int) -> str:
    return api("agendaitem", pk)


def paper_url(pk: int) -> str:
    return api("paper", pk)


def council_page(council: Council) -> str:
    return fast_reverse("front:council", council.slug)


def meeting_page(meeting: Meeting) -> str:
    return fast_reverse("front:meeting", meeting.council.slug, meeting.pk)


def system(bodies_created, bodies_modified) -> dict:
    now = timezone.now()
    return clean({
        "id": api("system"),
        "type": SCHEMA + "System",
        "oparlVersion": "https://schema.oparl.org/1.1/",
        "body": api("bodies"),
        "name": settings.SITE_NAME,
        "license": settings.OPARL_LICENSE,
        "contactEmail": settings.OPARL_CONTACT_EMAIL,
        "contactName": settings.OPARL_CONTACT_NAME,
        "website": absolute(reverse("front:home")),
        "web": absolute(reverse("front:home")),
        "created": iso(bodies_created or now),
        "modified": iso(bodies_modified or now),
    })


def legislative_term(term: Term) -> dict:
    council = term.council
    return clean({
        **base("LegislativeTerm", api("legislativeterm", term.pk), term,
               web=council_page(council)),
        "body": body_url(council.authority_id),
        "name": f"{council.name}: {term.name}",
        "startDate": term.start.isoformat(),
        "endDate": term.end.isoformat(),
    })


def body(authority: Any) -> dict:
    """`authority.public_council_list` holds its public councils with their terms."""
    terms = [t for c in authority.public_council_list for t in c.terms.all()]
    return clean({
        **base("Body", body_url(authority.pk), authority),
        "system": api("system"),
        "name": authority.name,
        "shortName": authority.name,
        "website": authority.website,
        "classification": authority.get_kind_display(),
        "organization": api("body-organizations", authority.pk),
        "person": api("body-persons", authority.pk),
        "meeting": api("body-meetings", authority.pk),
        "paper": api("body-papers", authority.pk),
        "agendaItem": api("body-items", authority.pk),
        "file": api("body-files", authority.pk),
        "locationList": api("body-locations", authority.pk),
        "legislativeTermList": api("body-terms", authority.pk),
        "membership": api("body-memberships", authority.pk),
    }) | {"legislativeTerm": [legislative_term(t) for t in terms]}


ROLE_POSTS = [label for _value, label in Membership.Role.choices]


def council_org(council: Any) -> dict:
    """`council.public_membership_list` holds its memberships."""
    return clean({
        **base("Organization", council_url(council.pk), council,
               web=council_page(council)),
        "body": body_url(council.authority_id),
        "name": council.name,
        "organizationType": "Gremium",
        "classification": "Udsatteråd",
        "post": ROLE_POSTS,
        "membership": [api("membership", m.pk) for m in council.public_membership_list],
        "meeting": api("council-meetings", council.pk),
    })


def committee_org(committee: Committee) -> dict:
    if committee.kind == Committee.Kind.ASSEMBLY:
        classification = committee.authority.assembly_name.capitalize()
    else:
        classification = "Politisk udvalg"
    return clean({
        **base("Organization", api("committee", committee.pk), committee),
        "body": body_url(committee.authority_id),
        "name": committee.name,
        "organizationType": "Gremium",
        "classification": classification,
    })


def organisation_org(org: Any) -> dict:
    """`org.nominates` (annotated): it nominates members to a council's seats."""
    return clean({
        **base("Organization", api("organisation", org.pk), org),
        "body": body_url(org.authority_id),
        "name": org.name,
        "organizationType": "externes Gremium" if org.nominates else "sonstiges",
        "classification": "Indstillende organisation" if org.nominates else "Organisation",
        "website": org.website,
    })


def organization(row) -> dict:
    if isinstance(row, Council):
        return council_org(row)
    if isinstance(row, Committee):
        return committee_org(row)
    return organisation_org(row)


def membership(m: Membership) -> dict:
    end = m.end or m.term.end
    return clean({
        **base("Membership", api("membership", m.pk), m, web=council_page(m.council)),
        "person": person_url(m.person_id),
        "organization": council_url(m.council_id),
        "role": m.get_role_display(),
        "startDate": m.start.isoformat(),
        "endDate": end.isoformat() if end else None,
        "onBehalfOf": (api("organisation", m.nominated_by_id)
                       if m.nominated_by_id else None),
        "keyword": ["Suppleant"] if m.is_substitute else [],
    })


def person(p: Any) -> dict:
    """Name and public memberships only: never e-mail or phone.
    `p.public_membership_list` holds the memberships in public councils."""
    memberships = p.public_membership_list
    latest = max(memberships, key=lambda m: m.start) if memberships else None
    return clean({
        **base("Person", person_url(p.pk), p, modified=getattr(p, "last_modified", None)),
        "body": body_url(latest.council.authority_id) if latest else None,
        "name": p.name,
        "membership": [membership(m) for m in memberships],
    })


def location(venue: Venue, *, room: str = "") -> dict:
    return clean({
        **base("Location", api("location", venue.pk), venue),
        "description": ", ".join(p for p in (venue.name, venue.address) if p),
        "streetAddress": venue.address,
        "room": room,
        "bodies": [body_url(venue.authority_id)],
    })


def meeting_location(meeting: Meeting) -> dict | None:
    """The venue, with the meeting's room as text; a room without a venue gets a
    location of its own at meeting/<id>/location/."""
    if meeting.venue is not None:
        return location(meeting.venue, room=meeting.location)
    if meeting.location:
        return clean({
            **base("Location", api("meeting-location", meeting.pk), meeting),
            "description": meeting.location,
            "meetings": [meeting_url(meeting.pk)],
        })
    return None


def _pdf_file(meeting: Meeting, kind: str) -> dict:
    name, file_name, when, route = {
        "agenda": ("Dagsorden", "dagsorden.pdf", meeting.agenda_published_at, "agenda-pdf"),
        "minutes": ("Referat", "referat.pdf", meeting.minutes_published_at, "minutes-pdf"),
        "attachments": ("Bilag", "bilag.pdf", meeting.agenda_published_at, "attachments-pdf"),
    }[kind]
    url = absolute(fast_reverse(f"meetings:{route}", meeting.council.slug, meeting.pk))
    return clean({
        **base("File", api("meeting-file", meeting.pk, kind), meeting, created=when,
               web=meeting_page(meeting)),
        "name": f"{name}: {meeting.title}",
        "fileName": file_name,
        "mimeType": "application/pdf",
        "date": timezone.localdate(when or meeting.start).isoformat(),
        "accessUrl": url,
        "downloadUrl": url,
        "meeting": [meeting_url(meeting.pk)],
    })


def meeting_files(meeting: Any) -> dict[str, dict]:
    """The meeting's PDFs by kind: agenda always, minutes once published, the attachment
    bundle when an open item has an open attachment (`meeting.public_item_list`)."""
    files = {"agenda": _pdf_file(meeting, "agenda")}
    if meeting.status == Meeting.Status.MINUTES_PUBLISHED:
        files["minutes"] = _pdf_file(meeting, "minutes")
    if any(item.public_attachment_list for item in meeting.public_item_list):
        files["attachments"] = _pdf_file(meeting, "attachments")
    return files


def attachment_file(att: Attachment) -> dict:
    item = att.item
    meeting = item.meeting
    url = absolute(fast_reverse("meetings:public-attachment", meeting.council.slug, meeting.pk,
                                att.pk))
    return clean({
        **base("File", api("file", att.pk), att, web=meeting_page(meeting)),
        "name": att.title,
        # The stored name is a random one; the name a download gets comes from the title.
        "fileName": download_name(att) if att.file else None,
        "mimeType": att.content_type,
        "size": att.size or None,
        "date": timezone.localdate(att.created).isoformat(),
        "accessUrl": url,
        "downloadUrl": url,
        "meeting": [meeting_url(meeting.pk)],
        "agendaItem": [item_url(item.pk)],
        "paper": [paper_url(item.pk)] if is_paper(item) else [],
    })


def is_paper(item: AgendaItem) -> bool:
    return is_public_paper(item)


def case_text(item: AgendaItem) -> str:
    parts = [item.summary]
    if item.recommendations:
        parts.append(item.recommendations_intro)
        parts += [f"{n}. at {r}" for n, r in enumerate(item.recommendations, 1) if r]
    parts.append(strip_tags(item.case_presentation))
    unfiled = unfiled_attachment_names(item)
    if unfiled:
        parts.append("\n".join(["Bilag, der ikke findes som fil:",
                                *(f"- {name}" for name in unfiled)]))
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def unfiled_attachment_names(item: AgendaItem) -> list[str]:
    """The open attachments listed without a file (imported minutes name them): not Files,
    since a File needs an accessUrl, but named in the paper's text."""
    rows = getattr(item, "unfiled_attachment_list", None)
    if rows is None:
        rows = public_attachments().filter(item=item, file="").order_by("position", "id")
    return [a.title for a in rows]


def paper_file(item: AgendaItem) -> dict:
    """The case presentation as text; its web page is the meeting page."""
    web = absolute(meeting_page(item.meeting))
    return clean({
        **base("File", api("paper-file", item.pk), item, web=meeting_page(item.meeting)),
        "name": f"Sagsfremstilling: {item.title}",
        "mimeType": "text/html",
        "date": timezone.localdate(item.meeting.start).isoformat(),
        "text": case_text(item),
        "accessUrl": web,
        "meeting": [meeting_url(item.meeting_id)],
        "agendaItem": [item_url(item.pk)],
        "paper": [paper_url(item.pk)],
    })


def published_decisions(meeting: Any) -> dict[int, str]:
    """Decisions as the public projection has them (the latest published minutes version:
    published minutes never change silently, so neither does the API). List views fill the
    cache for a whole page at once with `prefetch_decisions`."""
    cached = getattr(meeting, "_oparl_decisions", None)
    if cached is None:
        prefetch_decisions([meeting])
        cached = meeting._oparl_decisions
    return cached


def prefetch_decisions(meetings: list[Any]) -> None:
    """Each meeting's published decisions by item id, from one projection of them all."""
    from udsatteraad.policy.projection import project

    projected = project([m for m in meetings if m.status == Meeting.Status.MINUTES_PUBLISHED],
                        history=False)
    for m in meetings:
        pm = projected.get(m.pk)
        m._oparl_decisions = {i.id: i.decision for i in (pm.items if pm else [])
                              if i.is_public and i.decision}


def _at(meeting: Meeting, time: dt.time | None) -> str | None:
    if time is None:
        return None
    day = timezone.localdate(meeting.start)
    return iso(timezone.make_aware(dt.datetime.combine(day, time)))


def consultation(item: AgendaItem) -> dict:
    return clean({
        **base("Consultation", api("consultation", item.pk), item,
               web=meeting_page(item.meeting)),
        "paper": paper_url(item.pk),
        "agendaItem": item_url(item.pk),
        "meeting": meeting_url(item.meeting_id),
        "organization": [council_url(item.meeting.council_id)],
        "authoritative": False,
        "role": "Rådgivning",
    })


def agenda_item(item: Any, order: int) -> dict:
    """An open item. `item.public_attachment_list` holds its open attachments."""
    meeting = item.meeting
    decision = published_decisions(meeting).get(item.pk, "")
    return clean({
        **base("AgendaItem", item_url(item.pk), item, web=meeting_page(meeting)),
        "meeting": meeting_url(meeting.pk),
        "number": str(item.number) if item.number else None,
        "order": order,
        "name": item.title,
        "public": True,
        "consultation": api("consultation", item.pk) if is_paper(item) else None,
        "resolutionText": decision,
        "start": _at(meeting, item.start_time),
        "end": _at(meeting, item.end_time),
        "auxiliaryFile": [attachment_file(a) for a in item.public_attachment_list],
    })


def paper(item: Any) -> dict:
    meeting = item.meeting
    return clean({
        **base("Paper", paper_url(item.pk), item, web=meeting_page(meeting)),
        "body": body_url(meeting.council.authority_id),
        "name": item.title,
        "reference": item.case_number,
        "date": timezone.localdate(meeting.start).isoformat(),
        "paperType": "Sagsfremstilling",
        "keyword": [item.get_origin_display()],
        "underDirectionOf": [council_url(meeting.council_id)],
        "mainFile": paper_file(item),
        "auxiliaryFile": [attachment_file(a) for a in item.public_attachment_list],
        "consultation": [consultation(item)],
    })


def meeting(m: Any) -> dict:
    """`m.public_item_list` holds its open items in agenda order; `m.last_modified`
    (annotated) the newest change to the meeting, its items or its minutes."""
    files = meeting_files(m)
    return clean({
        **base("Meeting", meeting_url(m.pk), m, modified=getattr(m, "last_modified", None),
               web=meeting_page(m)),
        "name": m.title,
        "meetingState": m.get_status_display(),
        "cancelled": m.status == Meeting.Status.CANCELLED,
        "start": iso(m.start),
        "end": iso(m.end),
        "location": meeting_location(m),
        "organization": [council_url(m.council_id)],
        "invitation": files.get("agenda"),
        "resultsProtocol": files.get("minutes"),
        "auxiliaryFile": [files["attachments"]] if "attachments" in files else [],
        "agendaItem": [agenda_item(item, n) for n, item in enumerate(m.public_item_list)],
        "keyword": [m.get_kind_display()],
    })
