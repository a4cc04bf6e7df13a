"""A whole archive at a time (issue 15): a zip or many files uploaded in the secretariat, read
by the worker's task one document at a time, a report per document with links to its review
screen; documents missing a part reach the review instead of being refused."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import review_form_data
from udsatteraad.imports.actions import create_batch
from udsatteraad.imports.archive import Entry
from udsatteraad.imports.batch import generate_batch
from udsatteraad.imports.models import ImportBatch, ImportDocument
from udsatteraad.meetings.models import Meeting

Status = ImportDocument.Status
UNDATED = (
    "Referat\nUdsatterådet i Testregion\n\n"
    "Punkt 1: Godkendelse af dagsorden\n27.15.00-A08-1-21\n\nBeslutning\nGodkendt\n\n"
    "Punkt 2: Orientering om varmestuer\n27.15.00-A08-2-21\n\nBeslutning\nTaget til efterretning\n"
)
NO_ITEMS = (
    "Referat fra Udsatterådet i Testregion\nMødedato: 4. marts 2024 kl. 16.00\n"
    "Mødested: Byrådssalen\n\nRådet drøftede årets temaer og aftalte at mødes igen.\n"
)


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def declare_size(data: bytes, member: bytes, declared: int) -> bytes:
    """The zip with `member`'s unpacked size in the central directory set to `declared`, as a
    zip bomb's is (without compressing hundreds of MB here)."""
    out = bytearray(data)
    start = 0
    while (pos := out.find(b"PK\x01\x02", start)) != -1:
        name_len = struct.unpack_from("<H", out, pos + 28)[0]
        if out[pos + 46: pos + 46 + name_len] == member:
            struct.pack_into("<I", out, pos + 24, declared)
        start = pos + 4
    return bytes(out)


def archive_url(world) -> str:
    return reverse("imports:archive", args=[world.council.slug])


def post_archive(client, files, django_capture_on_commit_callbacks):
    """Upload as the browser does; the task queued after the commit runs at once (tests run
    tasks immediately, conftest.py)."""
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(archive_url_of(client), {"documents": files})


def archive_url_of(client) -> str:
    return reverse("imports:archive", args=["testraad"])


@pytest.fixture(scope="module")
def generated():
    return generate_batch(count=20, seed=15)


def test_zip_of_twenty_documents_is_imported_with_a_report(
        world, secretary_client, generated, django_capture_on_commit_callbacks):
    data = zipped({f"arkiv/{doc.name}": doc.data for doc in generated})
    response = post_archive(secretary_client, [SimpleUploadedFile("arkiv.zip", data)],
                            django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:batch", args=["testraad", batch.pk])
    assert batch.finished is not None and batch.created_by == world.secretary

    rows = list(batch.documents.select_related("meeting"))
    assert [r.filename for r in rows] == [f"arkiv.zip/arkiv/{d.name}" for d in generated]
    assert {r.status for r in rows} == {Status.IMPORTED}, [(r.filename, r.error) for r in rows]
    assert Meeting.objects.filter(council=world.council).count() == 20
    for row, doc in zip(rows, generated, strict=True):
        assert row.items == len(doc.numbers)
        assert timezone.localdate(row.meeting.start) == doc.date
        assert [i.number for i in row.meeting.items.order_by("position")] == doc.numbers
        assert row.data == b"" or bytes(row.data) == b""  # the upload is not kept
    assert {r.format for r in rows} == {"text", "pdf"}

    page = secretary_client.get(response["Location"]).content.decode()
    assert "20 af 20 dokumenter" in page
    assert "Importen er færdig" in page and "Opdater" not in page
    for row in rows:
        assert reverse("imports:batch-document", args=["testraad", batch.pk, row.pk]) in page
        assert reverse("meetings:workspace", args=["testraad", row.meeting_id]) in page

    review = secretary_client.get(
        reverse("imports:batch-document", args=["testraad", batch.pk, rows[0].pk]))
    assert review.status_code == 200
    assert "Dokumentet er importeret" in review.content.decode()


def test_many_files_at_once_and_a_non_document_refused_while_the_others_import(
        world, secretary_client, generated, django_capture_on_commit_callbacks):
    files = [SimpleUploadedFile(doc.name, doc.data) for doc in generated[:3]]
    files += [SimpleUploadedFile("billede.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
              SimpleUploadedFile("tom.txt", b"")]
    post_archive(secretary_client, files, django_capture_on_commit_callbacks)
    rows = {r.filename: r for r in ImportDocument.objects.all()}
    assert [rows[d.name].status for d in generated[:3]] == [Status.IMPORTED] * 3
    assert rows["billede.png"].status == Status.FAILED
    assert "Filformatet kendes ikke" in rows["billede.png"].error
    assert rows["tom.txt"].error == "Dokumentet er tomt."
    assert Meeting.objects.count() == 3
    page = secretary_client.get(
        reverse("imports:batch", args=["testraad", ImportBatch.objects.get().pk])).content.decode()
    assert "Filformatet kendes ikke" in page and "Afvist: 2" in page and "Importeret: 3" in page


def test_zip_bomb_is_refused_before_anything_is_unpacked(
        world, secretary_client, settings, monkeypatch):
    bomb = declare_size(zipped({"referat.txt": UNDATED.encode()}), b"referat.txt",
                        settings.MAX_UNZIPPED_BYTES + 1)

    def refuse(*args, **kwargs):
        raise AssertionError("a zip member was read before the limits were checked")

    monkeypatch.setattr(zipfile.ZipFile, "read", refuse)
    response = secretary_client.post(archive_url(world),
                                     {"documents": [SimpleUploadedFile("bombe.zip", bomb)]})
    assert response.status_code == 400
    assert "fylder for meget, når den pakkes ud" in response.content.decode()
    assert not ImportBatch.objects.exists() and not ImportDocument.objects.exists()


def test_too_many_members_and_a_damaged_zip_are_refused(world, secretary_client, settings):
    settings.MAX_ZIP_MEMBERS = 3
    many = zipped({f"{n}.txt": b"x" for n in range(5)})
    response = secretary_client.post(archive_url(world),
                                     {"documents": [SimpleUploadedFile("mange.zip", many)]})
    assert response.status_code == 400
    assert "for mange dele" in response.content.decode()
    broken = b"PK\x03\x04" + b"\x00" * 200
    response = secretary_client.post(archive_url(world),
                                     {"documents": [SimpleUploadedFile("i-stykker.zip", broken)]})
    assert response.status_code == 400
    assert "beskadiget og kan ikke pakkes ud" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_bad_members_are_refused_one_by_one(world, secretary_client, generated,
                                            django_capture_on_commit_callbacks):
    data = zipped({"../udenfor.txt": generated[0].data, ".skjult.txt": b"x",
                   "__MACOSX/._referat.txt": b"x", "mappe/": b"", "ok.txt": generated[1].data,
                   "indre.zip": zipped({"a.txt": generated[2].data})})
    post_archive(secretary_client, [SimpleUploadedFile("arkiv.zip", data)],
                 django_capture_on_commit_callbacks)
    rows = {r.filename.removeprefix("arkiv.zip/"): r for r in ImportDocument.objects.all()}
    assert set(rows) == {"../udenfor.txt", "ok.txt", "indre.zip"}
    assert rows["../udenfor.txt"].error == "Stien i arkivet er ikke tilladt."
    assert rows["ok.txt"].status == Status.IMPORTED
    assert rows["indre.zip"].status == Status.FAILED
    assert "zip-arkiv" in rows["indre.zip"].error


def test_nothing_chosen_gives_a_danish_message(world, secretary_client):
    response = secretary_client.post(archive_url(world), {})
    assert response.status_code == 400
    assert "Vælg et zip-arkiv eller en eller flere filer." in response.content.decode()


def test_document_without_date_reaches_review_with_a_warning(
        world, secretary_client, django_capture_on_commit_callbacks):
    post_archive(secretary_client, [SimpleUploadedFile("udateret.txt", UNDATED.encode())],
                 django_capture_on_commit_callbacks)
    row = ImportDocument.objects.get()
    assert row.status == Status.REVIEW and row.meeting is None and row.items == 2
    assert any("Mødets dato blev ikke fundet" in w for w in row.warnings)
    assert not Meeting.objects.exists()

    batch_page = secretary_client.get(reverse("imports:batch", args=["testraad", row.batch_id]))
    assert "Skal gennemses" in batch_page.content.decode()
    url = reverse("imports:batch-document", args=["testraad", row.batch_id, row.pk])
    assert url in batch_page.content.decode()
    page = secretary_client.get(url).content.decode()
    assert "Mødets dato blev ikke fundet" in page
    assert "Orientering om varmestuer" in page

    data = review_form_data(page)
    assert data["date"] == ""
    response = secretary_client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mødet skal have en dato" in html
    assert 'value="Orientering om varmestuer"' in html  # everything else is kept
    assert not Meeting.objects.exists()

    data["date"] = "05-03-2024"
    response = secretary_client.post(url, data)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert timezone.localdate(meeting.start).isoformat() == "2024-03-05"
    assert meeting.items.count() == 2
    row.refresh_from_db()
    assert row.status == Status.IMPORTED and row.meeting == meeting

    # Reviewed again with another title: the same meeting is updated, not a second one made.
    data["title"] = "Referat Udsatterådet, rettet"
    assert secretary_client.post(url, data).status_code == 302
    assert Meeting.objects.get().title == "Referat Udsatterådet, rettet"


def test_single_upload_without_items_reaches_review_with_an_item_to_fill_in(
        world, secretary_client):
    url = reverse("imports:upload", args=["testraad"])
    response = secretary_client.post(url, {
        "document": SimpleUploadedFile("referat.txt", NO_ITEMS.encode())})
    assert response.status_code == 302
    review_url = reverse("imports:review", args=["testraad"])
    page = secretary_client.get(review_url).content.decode()
    assert "ikke fundet nogen dagsordenspunkter" in page
    data = review_form_data(page)
    assert data["date"] == "2024-03-04" and data["location"] == "Byrådssalen"
    assert data["punkt-TOTAL_FORMS"] == "1" and data["punkt-0-title"] == ""

    # Saving with the blank item untouched: at least one item is needed.
    response = secretary_client.post(review_url, data)
    assert response.status_code == 400
    assert "Mødet skal have mindst ét punkt." in response.content.decode()
    data["punkt-0-title"] = "Årets temaer"
    response = secretary_client.post(review_url, data)
    assert response.status_code == 302
    item = Meeting.objects.get().items.get()
    assert item.title == "Årets temaer" and item.is_public


def test_single_upload_without_date_keeps_the_items(world, secretary_client):
    url = reverse("imports:upload", args=["testraad"])
    secretary_client.post(url, {"document": SimpleUploadedFile("r.txt", UNDATED.encode())})
    review_url = reverse("imports:review", args=["testraad"])
    data = review_form_data(secretary_client.get(review_url).content.decode())
    response = secretary_client.post(review_url, data)
    assert response.status_code == 400
    assert "Mødet skal have en dato" in response.content.decode()
    data["date"] = "5-3-2024"
    assert secretary_client.post(review_url, data).status_code == 302
    assert Meeting.objects.get().items.count() == 2


def test_progress_page_polls_while_running_and_works_without_js(world, secretary_client):
    batch = create_batch(council=world.council, user=world.secretary,
                         entries=[Entry("a.txt", UNDATED.encode()), Entry("b.txt", b"x")])
    url = reverse("imports:batch", args=["testraad", batch.pk])
    page = secretary_client.get(url).content.decode()
    assert "0 af 2 dokumenter" in page
    assert f'data-hx-get="{url}"' in page and 'data-hx-trigger="every 2s"' in page
    assert f'<a href="{url}">Opdater</a>' in page  # no meta refresh: a link
    assert 'http-equiv="refresh"' not in page

    fragment = secretary_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="batch-progress"')
    assert "<html" not in fragment

    from udsatteraad.imports.tasks import run_batch

    run_batch.call(batch.pk)
    fragment = secretary_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "2 af 2 dokumenter" in fragment and "data-hx-get" not in fragment
    assert "Skal gennemses: 1" in fragment and "Afvist: 1" in fragment


def test_access_to_batches(world, secretary_client, chair_client, other_secretary_client,
                           anon):
    batch = create_batch(council=world.council, user=world.secretary,
                         entries=[Entry("a.txt", error="Dokumentet er tomt.")])
    row = batch.documents.get()
    url = reverse("imports:batch", args=["testraad", batch.pk])
    assert secretary_client.get(url).status_code == 200
    assert chair_client.get(url).status_code == 403
    assert anon.get(url).status_code == 302
    assert other_secretary_client.get(
        reverse("imports:batch", args=["andetraad", batch.pk])).status_code == 404
    # A refused document has nothing to review.
    assert secretary_client.get(
        reverse("imports:batch-document", args=["testraad", batch.pk, row.pk])).status_code == 404


def test_import_minutes_shows_progress_per_document(world, tmp_path, generated, capsys):
    for doc in generated[:3]:
        (tmp_path / doc.name).write_bytes(doc.data)
    (tmp_path / "udateret.txt").write_text(UNDATED, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(Exception, match="1 dokument kunne ikke importeres"):
        call_command("import_minutes", str(tmp_path), "--council", "testraad", stdout=out,
                     stderr=err)
    lines = [line for line in err.getvalue().splitlines() if line.startswith("[")]
    assert [line.split("]")[0] + "]" for line in lines] == ["[1/4]", "[2/4]", "[3/4]", "[4/4]"]
    assert "udateret.txt: fejlede: Mødets dato mangler." in err.getvalue()
    assert Meeting.objects.count() == 3


def test_demo_batch_shows_the_three_outcomes(world):
    from udsatteraad.imports import demo

    batch = demo.load("testraad", world.secretary)
    rows = {r.filename.removeprefix("demo-arkiv.zip/"): r for r in batch.documents.all()}
    assert rows["referat-2024-03-12.txt"].status == Status.IMPORTED
    assert rows["referat-uden-dato.txt"].status == Status.REVIEW
    assert rows["forside.png"].status == Status.FAILED
    meeting = rows["referat-2024-03-12.txt"].meeting
    assert [a.title for a in meeting.items.get(number=2).attachments.all()] == [
        "Oversigt over åbningstider vinteren 2024"]
    assert demo.load("testraad", world.secretary) is None  # once per council


def test_documents_to_review_are_a_task_for_the_secretariat(world, secretary_client):
    from udsatteraad.imports.tasks import run_batch
    from udsatteraad.workspace.tasks import for_council

    batch = create_batch(council=world.council, user=world.secretary,
                         entries=[Entry("a.txt", UNDATED.encode()),
                                  Entry("b.txt", UNDATED.replace("Punkt 2", "Punkt 3")
                                        .encode())])
    run_batch.call(batch.pk)
    tasks = [t for t in for_council(world.council) if t.kind == "import_review"]
    assert len(tasks) == 1
    assert tasks[0].title.startswith("Gennemse 2 dokumenter fra arkivimporten")
    assert tasks[0].url == reverse("imports:batch", args=["testraad", batch.pk])
    assert not [t for t in for_council(world.other_council) if t.kind == "import_review"]


def test_a_document_being_read_is_not_done_and_a_died_run_reads_it_again(world,
                                                                         secretary_client):
    from udsatteraad.imports.tasks import run_batch

    batch = create_batch(council=world.council, user=world.secretary,
                         entries=[Entry("a.txt", UNDATED.encode())])
    batch.documents.update(status=Status.READING)  # a worker took it, then stopped
    url = reverse("imports:batch", args=["testraad", batch.pk])
    page = secretary_client.get(url).content.decode()
    assert "0 af 1 dokumenter" in page and "Opdater" in page
    run_batch.call(batch.pk)
    row = batch.documents.get()
    assert row.status == Status.REVIEW and bytes(row.data) == b""
    assert "1 af 1 dokumenter" in secretary_client.get(url).content.decode()


def test_old_batches_are_purged_and_their_meetings_stay(world, generated):
    import datetime as dt

    from udsatteraad.imports.tasks import run_batch

    old = create_batch(council=world.council, user=world.secretary,
                       entries=[Entry("a.txt", generated[0].data)])
    run_batch.call(old.pk)
    ImportBatch.objects.filter(pk=old.pk).update(
        created=timezone.now() - dt.timedelta(days=91))
    recent = create_batch(council=world.council, user=world.secretary,
                          entries=[Entry("b.txt", UNDATED.encode())])
    call_command("purge_import_batches", stdout=io.StringIO())
    call_command("purge_import_batches", stdout=io.StringIO())  # idempotent
    assert list(ImportBatch.objects.all()) == [recent]
    assert ImportDocument.objects.count() == 1 and Meeting.objects.count() == 1
