"""A whole archive at a time in the browser (issue 15): the secretariat uploads a zip of 20
documents, the progress region follows the worker by itself (htmx polling), and a document's
review screen opens from the report. axe on each page; no sideways scroll at 375 px."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.urls import reverse

from .conftest import DESKTOP, MOBILE, assert_no_axe_violations


@pytest.fixture
def tasks_in_database(settings):
    """Tasks are queued in the database as in production (the tests otherwise run them when
    queued), so the page shows a batch in progress until the test runs the task."""
    from django.tasks.signals import clear_tasks_handlers

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    clear_tasks_handlers(setting="TASKS")
    yield
    clear_tasks_handlers(setting="TASKS")


def archive_of_twenty() -> bytes:
    from udsatteraad.imports.batch import generate_batch

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for doc in generate_batch(count=20, seed=15):
            archive.writestr(doc.name, doc.data)
    return out.getvalue()


def no_sideways_scroll(page) -> None:
    page.set_viewport_size(MOBILE)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= MOBILE["width"]
    page.set_viewport_size(DESKTOP)


def test_zip_of_twenty_documents_with_progress_and_review(page, login_as, world,
                                                           tasks_in_database):
    from playwright.sync_api import expect

    from udsatteraad.imports.models import ImportBatch
    from udsatteraad.imports.tasks import run_batch

    login_as("secretary")
    page.goto(reverse("imports:upload", args=["testraad"]))
    page.get_by_role("link", name=re.compile("Importér et helt arkiv")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importér et helt arkiv")
    assert_no_axe_violations(page, "arkiv")
    no_sideways_scroll(page)

    page.get_by_label("Dokumenter eller zip-arkiv").set_input_files(files=[{
        "name": "arkiv.zip", "mimeType": "application/zip", "buffer": archive_of_twenty()}])
    page.get_by_role("button", name="Start importen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Importrapport")
    progress = page.locator("#batch-progress")
    expect(progress).to_contain_text("0 af 20 dokumenter")
    expect(page.get_by_role("link", name="Opdater")).to_be_visible()
    assert_no_axe_violations(page, "importrapport, i gang")

    # The worker's part, here in the test's thread; the page is not reloaded: htmx polls.
    batch = ImportBatch.objects.get()
    run_batch.call(batch.pk)
    expect(progress).to_contain_text("20 af 20 dokumenter", timeout=30_000)
    expect(progress).to_contain_text("Importen er færdig")
    expect(progress).to_contain_text("Importeret: 20")
    expect(page.get_by_role("link", name="Opdater")).to_have_count(0)
    assert page.locator("progress").get_attribute("value") == "20"
    assert_no_axe_violations(page, "importrapport, færdig")
    no_sideways_scroll(page)

    first = batch.documents.order_by("position").first()
    page.get_by_role("link", name=f"Gennemse {first.filename}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gennemse importen")
    expect(page.get_by_text("Dokumentet er importeret.")).to_be_visible()
    assert page.get_by_label("Mødets titel").input_value() == first.meeting.title
    assert_no_axe_violations(page, "gennemse et dokument fra arkivet")
    no_sideways_scroll(page)
