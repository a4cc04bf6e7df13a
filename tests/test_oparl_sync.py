"""An OParl client that syncs (issue 9): it reads a body's meeting, agenda item and file lists
at time T; then the secretariat withdraws minutes, cancels a meeting, deletes an attachment and
closes an item (through the screens); reading the lists with `modified_since=T` shows every
change: the cancelled meeting with `cancelled: true`, and what left the public as `deleted: true`
tombstones (also when fetched by URL), each valid against the OParl 1.1 schemas, and the
parents' `modified` moved to T or later."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from test_oparl_schema import BASE, FORMATS, REGISTRY, SCHEMAS, validate  # tests/ on sys.path

from conftest import docx_bytes as docx
from conftest import meeting_workspace as ws
from conftest import new_meeting_via_screen as new_meeting
from udsatteraad.meetings.models import AgendaItem, Attachment, Meeting

ROOT = settings.SITE_ROOT.rstrip("/")
API = "/oparl/v1.1/"
TOMBSTONE_KEYS = {"id", "type", "created", "modified", "deleted"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def new_item(client, m: Meeting, title: str) -> AgendaItem:
    r = client.post(f"{ws(m)}punkter/ny/", {
        "title": title, "summary": f"Resumé af {title}.", "origin": "administration",
        "recommendations": "", "is_public": "on"})
    assert r.status_code == 302
    return AgendaItem.objects.get(meeting=m, title=title)


def upload(client, item: AgendaItem, title: str) -> Attachment:
    r = client.post(f"{ws(item.meeting)}punkter/{item.pk}/bilag/", {
        "title": title, "is_public": "on",
        "file": SimpleUploadedFile("bilag.docx", docx(f"Indhold af {title}."))})
    assert r.status_code == 302
    return Attachment.objects.get(item=item, title=title)


@pytest.fixture
def published(world, secretary_client):
    """Through the screens: two published agendas (one with an attachment and an item that
    will be closed) and published minutes."""
    s = secretary_client
    a = new_meeting(s, world.council, "Dialogmøde om herberger", "2027-03-10")
    kept = new_item(s, a, "Herbergspladser")
    closing = new_item(s, a, "Punkt der lukkes")
    att = upload(s, kept, "Bilag der slettes")
    upload(s, kept, "Bilag der bliver")
    assert s.post(f"{ws(a)}offentliggoer/").status_code == 302
    c = new_meeting(s, world.council, "Dialogmøde der aflyses", "2027-04-14")
    new_item(s, c, "Boligsociale tilbud")
    assert s.post(f"{ws(c)}offentliggoer/").status_code == 302
    now = timezone.now()
    w = Meeting.objects.create(council=world.council, title="Møde med referat",
                               status="minutes_approved", start=now - dt.timedelta(days=7),
                               agenda_published_at=now - dt.timedelta(days=14),
                               minutes_approved_at=now)
    AgendaItem.objects.create(meeting=w, number=1, position=1, title="Natcaféer",
                              decision="Rådet anbefaler natcaféer.")
    assert s.post(f"{ws(w)}referat/offentliggoer/").status_code == 302
    return {"a": a, "c": c, "w": w, "att": att, "closing": closing}


def validate_tombstone(obj: dict) -> None:
    """A deleted object against its type's schema. OParl 1.1 (2.7.3) says a deleted object
    keeps only id, type, created, modified and deleted; the schemas do not model that case
    and still require e.g. File.accessUrl and AgendaItem.order. So: every property given must
    match the schema (types, formats, `deleted: true`), and the strict check may fail only
    for `required` properties outside the five a tombstone keeps."""
    schema = SCHEMAS[obj["type"].removeprefix(BASE)]
    relaxed = {**schema, "required": [k for k in schema.get("required", [])
                                      if k in TOMBSTONE_KEYS]}
    Draft202012Validator(relaxed, registry=REGISTRY, format_checker=FORMATS).validate(obj)
    try:
        validate(obj)
    except ValidationError as exc:
        assert exc.validator == "required", exc.message
        missing = set(schema["required"]) - set(obj)
        assert missing and not missing & TOMBSTONE_KEYS, missing


def lists(client, body_pk: int, since: str | None = None) -> dict[str, dict[str, dict]]:
    """The body's meeting, agendaitem and file lists, every page: {kind: {id: object}}."""
    found: dict[str, dict[str, dict]] = {}
    for kind in ("meeting", "agendaitem", "file"):
        path = f"{API}body/{body_pk}/{kind}/?limit=100"
        if since is not None:
            path += f"&modified_since={quote(since)}"
        objects: dict[str, dict] = {}
        while path:
            r = client.get(path)
            assert r.status_code == 200, (path, r.content[:300])
            data = r.json()
            objects.update({o["id"]: o for o in data["data"]})
            following = data["links"].get("next")
            path = following.removeprefix(ROOT) if following else None
        found[kind] = objects
    return found


def url(path: str) -> str:
    return f"{ROOT}{API}{path}"


def test_a_syncing_client_sees_every_change(published, world, secretary_client, anon):
    s = secretary_client
    a, c, w = published["a"], published["c"], published["w"]
    att, closing = published["att"], published["closing"]
    minutes_file = url(f"file/meeting/{w.pk}/minutes/")
    before = lists(anon, world.region.pk)
    # What the client has seen: the objects that will change are all there, live.
    assert url(f"meeting/{c.pk}/") in before["meeting"]
    assert not before["meeting"][url(f"meeting/{c.pk}/")].get("cancelled")
    assert url(f"agendaitem/{closing.pk}/") in before["agendaitem"]
    assert url(f"file/{att.pk}/") in before["file"]
    assert minutes_file in before["file"]
    since = timezone.now().isoformat()
    # OParl dates are given to the second: "modified >= T" holds to the second.
    t = dt.datetime.fromisoformat(since).replace(microsecond=0)

    # (a) minutes withdrawn, (b) a meeting cancelled, (c) an attachment deleted, (d) an item
    # closed: each through its screen.
    r = s.post(f"{ws(w)}referat/tilbagekald/", {"reason": "Offentliggjort ved en fejl."})
    assert r.status_code == 302
    assert s.post(f"/sekretariat/testraad/moeder/{c.pk}/aflys/", {}).status_code == 302
    assert s.post(f"{ws(a)}bilag/{att.pk}/").status_code == 302
    closing.refresh_from_db()
    r = s.post(f"{ws(a)}punkter/{closing.pk}/", {
        "title": closing.title, "summary": closing.summary, "origin": "administration",
        "recommendations": "", "revision": closing.revision})  # no is_public: closed
    assert r.status_code == 302
    closing.refresh_from_db()
    assert not closing.is_public and not Attachment.objects.filter(pk=att.pk).exists()

    after = lists(anon, world.region.pk, since)
    # (b) The cancelled meeting, live, with cancelled: true.
    cancelled = after["meeting"][url(f"meeting/{c.pk}/")]
    assert cancelled["cancelled"] is True and not cancelled.get("deleted")
    validate(cancelled)
    # The parents of what changed moved too: the meeting of the deleted attachment and the
    # closed item, and the meeting whose minutes were withdrawn.
    for m in (a, w, c):
        obj = after["meeting"].get(url(f"meeting/{m.pk}/"))
        assert obj is not None, m.title
        assert dt.datetime.fromisoformat(obj["modified"]) >= t, m.title
        assert not obj.get("deleted")
        validate(obj)
    # (a), (c), (d): tombstones in the lists and by URL.
    tombstones = [
        ("file", minutes_file, f"file/meeting/{w.pk}/minutes/"),
        ("file", url(f"file/{att.pk}/"), f"file/{att.pk}/"),
        ("agendaitem", url(f"agendaitem/{closing.pk}/"), f"agendaitem/{closing.pk}/"),
    ]
    for kind, oid, path in tombstones:
        listed = after[kind].get(oid)
        assert listed is not None, oid
        assert listed["deleted"] is True, oid
        assert set(listed) <= TOMBSTONE_KEYS, (oid, set(listed) - TOMBSTONE_KEYS)
        assert dt.datetime.fromisoformat(listed["modified"]) >= t
        validate_tombstone(listed)
        r = anon.get(API + path)
        assert r.status_code == 200, path
        direct = r.json()
        assert direct == listed
    # Nothing that did not change is reported as changed... at least nothing that is still
    # public was reported as deleted.
    assert not any(o.get("deleted") for o in after["meeting"].values())
    # Without modified_since the tombstones are not listed (a first read sees live objects).
    fresh = lists(anon, world.region.pk)
    assert minutes_file not in fresh["file"] and url(f"file/{att.pk}/") not in fresh["file"]
    assert url(f"agendaitem/{closing.pk}/") not in fresh["agendaitem"]


def test_sync_command_records_meetings_published_before_records_existed(world):
    """Meetings made public before tombstones existed get their records from the command, so
    a later withdrawal is seen by clients too."""
    from django.core.management import call_command

    from udsatteraad.meetings.models import PublicRecord
    from udsatteraad.oparl.testing import build_meetings

    meetings = build_meetings(world)  # written straight to the database: no records yet
    assert not PublicRecord.objects.exists()
    call_command("sync_public_records", stdout=io.StringIO())
    paths = set(PublicRecord.objects.values_list("path", flat=True))
    assert f"meeting/{meetings.agenda.pk}/" in paths
    assert f"file/{meetings.open_attachment.pk}/" in paths
    assert f"file/{meetings.closed_attachment.pk}/" not in paths
    assert f"meeting/{meetings.planned.pk}/" not in paths
    call_command("sync_public_records", stdout=io.StringIO())  # idempotent
    assert set(PublicRecord.objects.values_list("path", flat=True)) == paths
