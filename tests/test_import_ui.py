"""Importing one document in the secretariat: upload, review, correct, save."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from conftest import review_form_data
from udsatteraad.lib.paths import SEEDS_DIR
from udsatteraad.meetings.models import AgendaItem, Meeting

SEED = SEEDS_DIR / "003_220917d0114e4887.txt"
URL = "/sekretariat/testraad/import/"
REVIEW = URL + "gennemse/"


def upload(client, data: bytes, name: str = "referat.txt"):
    return client.post(URL, {"document": SimpleUploadedFile(name, data)})


def test_access(secretary_client, chair_client, member_client, other_secretary_client, anon):
    assert secretary_client.get(URL).status_code == 200
    response = anon.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/?next=")
    for client in (chair_client, member_client, other_secretary_client):
        assert client.get(URL).status_code == 403
        assert client.post(URL, {}).status_code == 403
        assert client.get(REVIEW).status_code == 403


def test_upload_seed_shows_review_with_items_and_source(world, secretary_client):
    response = upload(secretary_client, SEED.read_bytes())
    assert response.status_code == 302
    assert response["Location"] == REVIEW
    page = secretary_client.get(REVIEW)
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="import-item"') == 8
    for n in range(17, 25):
        assert f'name="punkt-{n - 17}-number" value="{n}"' in html
    assert 'name="punkt-TOTAL_FORMS" value="8"' in html
    # The source text, in a focusable, labelled region.
    assert re.search(r'<pre[^>]*tabindex="0"[^>]*role="region"[^>]*aria-labelledby="source-title"',
                     html)
    assert "Mødelokale C.3.10, Laksetorvet" in html
    assert "Det årlige dialogmøde mellem socialudvalget og Udsatterådet er afholdt" in html
    assert 'value="27.15.00-A08-1-21"' in html
    assert not Meeting.objects.exists()  # nothing is saved before "Gem"


def test_correct_title_and_save_creates_meeting(world, secretary_client):
    upload(secretary_client, SEED.read_bytes())
    data = review_form_data(secretary_client.get(REVIEW).content.decode())
    assert data["punkt-1-title"] == "Opsamling på dialogmøde med socialudvalget"
    data["punkt-1-title"] = "Opsamling på dialogmødet med socialudvalget (rettet)"
    data["title"] = "Referat af Udsatterådets møde 27. september 2021"
    response = secretary_client.post(REVIEW, data)
    meeting = Meeting.objects.get(council=world.council)
    assert response.status_code == 302
    assert response["Location"] == f"/sekretariat/testraad/moeder/{meeting.pk}/"
    assert meeting.title == "Referat af Udsatterådets møde 27. september 2021"
    assert meeting.status == Meeting.Status.MINUTES_PUBLISHED
    assert meeting.location == "Mødelokale C.3.10, Laksetorvet"
    items = list(meeting.items.order_by("position"))
    assert [i.number for i in items] == list(range(17, 25))
    assert items[1].title == "Opsamling på dialogmødet med socialudvalget (rettet)"
    assert items[0].recommendations == ["dagsorden og tidsplan godkendes"]
    assert items[0].start_time.strftime("%H:%M") == "17:05"
    # The pending import is gone from the session once saved.
    assert secretary_client.get(REVIEW)["Location"] == URL


def test_bad_date_and_case_number_keep_what_was_typed(world, secretary_client):
    upload(secretary_client, SEED.read_bytes())
    data = review_form_data(secretary_client.get(REVIEW).content.decode())
    data["date"] = "31-02-2021"
    data["punkt-0-case_number"] = "ikke et sagsnummer"
    data["punkt-2-title"] = "Min rettede titel"
    response = secretary_client.post(REVIEW, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Skriv datoen som dd-mm-åååå" in html
    assert "Sagsnummeret har ikke en form, systemet kender" in html
    assert 'value="31-02-2021"' in html
    assert 'value="ikke et sagsnummer"' in html
    assert 'value="Min rettede titel"' in html
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(("data", "message"), [
    (b"", "Dokumentet er tomt."),
    (b"   \n\n  ", "Dokumentet er tomt."),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nendobj\ntrailer garbage", "beskadiget"),
    (b"Indkaldelse til sommerfest\n\nVi ses i haven kl. 15.", "ligner ikke en dagsorden"),
])
def test_bad_documents_give_danish_message_and_save_nothing(world, secretary_client, data,
                                                            message):
    response = upload(secretary_client, data, "fil.pdf")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Meeting.objects.exists()
    assert "imports:pending:testraad" not in secretary_client.session


def test_encrypted_pdf_is_refused(world, secretary_client):
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="hemmelig", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    response = upload(secretary_client, out.getvalue(), "referat.pdf")
    assert response.status_code == 400
    assert "krypteret eller beskyttet med adgangskode" in response.content.decode()
    assert not Meeting.objects.exists()


def test_generated_pdf_uploads_and_saves(world, secretary_client):
    from udsatteraad.imports.batch import generate_batch

    doc = next(d for d in generate_batch(5, seed=11, pdf_share=0.2) if d.format == "pdf")
    assert upload(secretary_client, doc.data, "referat.pdf").status_code == 302
    page = secretary_client.get(REVIEW).content.decode()
    assert page.count('class="import-item"') == len(doc.numbers)
    assert "PDF" in page
    secretary_client.post(REVIEW, review_form_data(page))
    meeting = Meeting.objects.get()
    assert list(meeting.items.order_by("position").values_list("case_number", flat=True)) == (
        doc.case_numbers
    )


def test_too_large_file_is_refused(world, secretary_client, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    response = upload(secretary_client, SEED.read_bytes())
    assert response.status_code == 400
    assert "Filen er for stor" in response.content.decode()


def test_same_document_twice_does_not_duplicate(world, secretary_client):
    for _ in range(2):
        upload(secretary_client, SEED.read_bytes())
        data = review_form_data(secretary_client.get(REVIEW).content.decode())
        response = secretary_client.post(REVIEW, data, follow=True)
        assert response.status_code == 200
    assert Meeting.objects.filter(council=world.council).count() == 1
    assert AgendaItem.objects.filter(meeting__council=world.council).count() == 8
    assert "Intet er ændret" in response.content.decode()
    assert Meeting.history.count() == 1  # the second save wrote nothing
    # The review form changes nothing by itself: the command sees the same meeting.
    out = io.StringIO()
    call_command("import_minutes", str(SEED), "--council", "testraad", stdout=out)
    assert "uændret" in out.getvalue()


def test_removing_an_item_and_discarding(world, secretary_client):
    upload(secretary_client, SEED.read_bytes())
    data = review_form_data(secretary_client.get(REVIEW).content.decode())
    data["punkt-7-DELETE"] = "on"
    secretary_client.post(REVIEW, data)
    assert list(AgendaItem.objects.values_list("number", flat=True).order_by("number")) == list(
        range(17, 24)
    )
    upload(secretary_client, SEED.read_bytes())
    response = secretary_client.post(URL + "annuller/", {})
    assert response["Location"] == URL
    assert "imports:pending:testraad" not in secretary_client.session
    assert Meeting.objects.count() == 1
