"""manage.py import_minutes: dry run, creating meetings idempotently, folders with bad files."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from udsatteraad.lib.paths import SEEDS_DIR
from udsatteraad.meetings.models import AgendaItem, Attachment, Meeting

SEED = SEEDS_DIR / "003_220917d0114e4887.txt"
DATA = Path(__file__).resolve().parent / "data" / "import"


@pytest.fixture
def councils(db):
    """Only the two councils: the full test world (conftest) costs seconds per test."""
    from types import SimpleNamespace

    from udsatteraad.councils.models import Authority, Council

    region = Authority.objects.create(name="Testregion", slug="testregion", kind="region")
    council = Council.objects.create(
        authority=region, name="Udsatterådet i Testregion", slug="testraad"
    )
    Council.objects.create(authority=region, name="Udsatterådet i Testby", slug="andetraad")
    return SimpleNamespace(council=council)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_minutes", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="hemmelig", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_dry_run_json_prints_one_object_per_document_and_saves_nothing(councils, tmp_path):
    shutil.copy(SEED, tmp_path / "randers.txt")
    shutil.copy(DATA / "dotted_emn.txt", tmp_path / "dotted.txt")
    out, err = run(tmp_path, "--council", "testraad", "--dry-run", "--json")
    lines = out.strip().splitlines()
    assert len(lines) == 2
    dotted, randers = (json.loads(line) for line in lines)
    assert randers["meeting"] == {
        "title": "REFERAT Udsatterådet d. 27-09-2021", "date": "2021-09-27",
        "start_time": "17:00", "location": "Mødelokale C.3.10, Laksetorvet",
    }
    assert [i["number"] for i in randers["items"]] == list(range(17, 25))
    assert randers["items"][0]["recommendations"] == ["dagsorden og tidsplan godkendes"]
    assert [i["title"] for i in dotted["items"]][-1] == "Eventuelt"
    assert "Dokumenter læst: 2, fejlede: 0, punkter fundet: 11" in err
    assert Meeting.objects.count() == 0


def test_import_creates_meeting_items_and_attachments(councils, tmp_path):
    report = tmp_path / "rapport.json"
    out, _ = run(SEED, "--council", "testraad", "--report", report)
    meeting = Meeting.objects.get(council=councils.council)
    assert meeting.title == "REFERAT Udsatterådet d. 27-09-2021"
    assert meeting.status == Meeting.Status.MINUTES_PUBLISHED
    assert meeting.kind == Meeting.Kind.ORDINARY
    assert meeting.start == dt.datetime(2021, 9, 27, 17, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert meeting.location == "Mødelokale C.3.10, Laksetorvet"
    items = list(meeting.items.order_by("position"))
    assert [(i.number, i.position) for i in items] == [(n, n - 16) for n in range(17, 25)]
    first = items[0]
    assert first.recommendations_intro == "Forvaltningen indstiller til Udsatterådet"
    assert first.recommendations == ["dagsorden og tidsplan godkendes"]
    assert first.decision == "Godkendt"
    assert (first.start_time, first.end_time) == (dt.time(17, 5), dt.time(17, 10))
    assert items[1].case_number == "27.15.00-A08-1-21"
    assert items[2].case_number == "00.00.00-P20-4-18"
    assert list(items[3].attachments.values_list("title", "file")) == [
        ("Udsatterådet_2021 Invitation og program", ""),
        ("Information om valgmødet til deltagerne 2021", ""),
    ]
    assert Attachment.objects.filter(item__meeting=meeting).count() == 5
    assert "oprettet" in out and "mangler beslutning: Punkt 23, Punkt 24" in out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert (data["documents_read"], data["documents_failed"], data["items_found"]) == (1, 0, 8)
    assert data["documents"][0]["status"] == "created"
    assert data["documents"][0]["fields_missing"]["recommendations"] == ["Punkt 23", "Punkt 24"]


def test_import_twice_changes_nothing_then_updates_in_place(councils, tmp_path):
    run(SEED, "--council", "testraad")
    pks = list(AgendaItem.objects.order_by("position").values_list("pk", flat=True))
    attachment_pks = set(Attachment.objects.values_list("pk", flat=True))
    history = AgendaItem.history.count() + Meeting.history.count()

    out, _ = run(SEED, "--council", "testraad")
    assert "uændret" in out
    assert Meeting.objects.count() == 1
    assert list(AgendaItem.objects.order_by("position").values_list("pk", flat=True)) == pks
    assert set(Attachment.objects.values_list("pk", flat=True)) == attachment_pks
    assert AgendaItem.history.count() + Meeting.history.count() == history

    # A corrected document updates the same meeting and items.
    changed = tmp_path / "rettet.txt"
    text = SEED.read_text(encoding="utf-8").replace("Beslutning\n\nDrøftet", "Beslutning\n\nUdsat")
    changed.write_text(text.replace("Punkt 24: Eventuelt", "Punkt 24: Eventuelt og afslutning"),
                       encoding="utf-8")
    out, _ = run(changed, "--council", "testraad")
    assert "opdateret" in out
    assert Meeting.objects.count() == 1
    assert list(AgendaItem.objects.order_by("position").values_list("pk", flat=True)) == pks
    assert AgendaItem.objects.get(number=21).decision == "Udsat"
    assert AgendaItem.objects.get(number=24).title == "Eventuelt og afslutning"


def test_folder_with_bad_files_imports_the_good_ones_and_fails(councils, tmp_path):
    shutil.copy(DATA / "unnumbered.txt", tmp_path / "a_god.txt")
    (tmp_path / "b_tom.txt").write_bytes(b"")
    (tmp_path / "c_krypteret.txt").write_bytes(encrypted_pdf())  # content, not extension
    (tmp_path / "d_beskadiget.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<\nnonsense")
    shutil.copy(DATA / "not_minutes.txt", tmp_path / "e_brev.txt")
    (tmp_path / "f_billede.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    report = tmp_path / "rapport.json"

    with pytest.raises(CommandError, match="4 dokumenter kunne ikke importeres"):
        run(tmp_path, "--council", "testraad", "--report", report)

    meeting = Meeting.objects.get()
    assert meeting.title == "Dagsorden Udsatterådet i Testregion"
    assert meeting.items.count() == 2
    data = json.loads(report.read_text(encoding="utf-8"))
    errors = {Path(d["file"]).name: d.get("error") for d in data["documents"]}
    assert errors == {
        "a_god.txt": None,
        "b_tom.txt": "Dokumentet er tomt.",
        "c_krypteret.txt":
            "PDF-filen er krypteret eller beskyttet med adgangskode og kan ikke læses.",
        "d_beskadiget.pdf": "PDF-filen er beskadiget og kan ikke læses.",
        # A letter with a date: what was read needs the review screen (no items to save).
        "e_brev.txt": "Der er ingen dagsordenspunkter. Importér dokumentet i sekretariatet, "
                      "hvor det manglende kan udfyldes.",
    }
    assert [Path(s).name for s in data["skipped"]] == ["f_billede.png"]


def test_failure_while_writing_leaves_no_half_made_meeting(councils, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk fuld")

    monkeypatch.setattr(Attachment.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        run(SEED, "--council", "testraad")
    assert Meeting.objects.count() == 0 and AgendaItem.objects.count() == 0


def test_unknown_council_and_missing_path(councils, tmp_path):
    with pytest.raises(CommandError, match="intet råd med kortnavnet »findes-ikke«"):
        run(SEED, "--council", "findes-ikke")
    with pytest.raises(CommandError, match="Stien findes ikke"):
        run(tmp_path / "mangler.pdf", "--council", "testraad")
    assert Meeting.objects.count() == 0


def test_same_document_for_another_council_is_another_meeting(councils):
    run(SEED, "--council", "testraad")
    run(SEED, "--council", "andetraad")
    assert Meeting.objects.filter(council=councils.council).count() == 1
    assert Meeting.objects.filter(council__slug="andetraad").count() == 1
