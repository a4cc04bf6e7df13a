"""Published minutes never change silently: corrections are new versions with a note, the
public page renders the latest published snapshot and shows what was corrected."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def published(world, secretary_client, items=1):
    """A meeting whose minutes the secretariat has published (version 1)."""
    from udsatteraad.meetings.models import AgendaItem, Meeting

    m = Meeting.objects.create(council=world.council, status="minutes_approved",
                               title="Ordinært møde",
                               start=timezone.now() - dt.timedelta(days=7))
    for n in range(1, items + 1):
        AgendaItem.objects.create(meeting=m, number=n, position=n, title=f"Emne {n}",
                                  decision=f"Rådet godkendte indstillingen om emne {n}.")
    r = secretary_client.post(f"/sekretariat/testraad/moeder/{m.pk}/referat/offentliggoer/", {})
    assert r.status_code == 302
    return m


def edit_decision(client, m, item, text):
    item.refresh_from_db()
    return client.post(f"/sekretariat/testraad/moeder/{m.pk}/referat/beslutning/", {
        "item": item.pk, f"item-{item.pk}-decision": text,
        f"item-{item.pk}-revision": item.revision,
    })


def publish(client, m, note=""):
    return client.post(f"/sekretariat/testraad/moeder/{m.pk}/referat/offentliggoer/",
                       {"change_note": note})


def public(anon, m):
    return anon.get(f"/raad/testraad/moeder/{m.pk}/").content.decode()


def test_unpublished_edits_are_invisible(secretary_client, anon, world):
    m = published(world, secretary_client)
    item = m.items.get()
    assert edit_decision(secretary_client, m, item, "Rådet udsatte punktet.").status_code == 302
    m.refresh_from_db()
    assert m.status == "minutes_published"
    html = public(anon, m)
    assert "Rådet godkendte indstillingen om emne 1." in html
    assert "Rådet udsatte punktet." not in html
    page = secretary_client.get(f"/sekretariat/testraad/moeder/{m.pk}/referat/").content.decode()
    assert "Rettelser offentliggøres som en ny version med en note" in page
    assert "1 ændring, som ikke er offentliggjort" in page


def test_correction_without_note_refused(secretary_client, world):
    m = published(world, secretary_client)
    edit_decision(secretary_client, m, m.items.get(), "Rådet udsatte punktet.")
    r = publish(secretary_client, m, "   ")
    assert r.status_code == 400
    assert "Skriv en note om, hvad der er rettet." in r.content.decode()
    assert m.minutes_versions.count() == 1


def test_correction_without_changes_refused(secretary_client, world):
    m = published(world, secretary_client)
    r = publish(secretary_client, m, "Ingen grund")
    assert r.status_code == 400 and "ingen ændringer" in r.content.decode()
    assert m.minutes_versions.count() == 1


def test_correction_with_note_creates_version_two(secretary_client, anon, world):
    m = published(world, secretary_client)
    edit_decision(secretary_client, m, m.items.get(), "Rådet godkendte indstillingen om emne 1 "
                                                      "med en tilføjelse.")
    confirm = secretary_client.get(f"/sekretariat/testraad/moeder/{m.pk}/referat/offentliggoer/")
    assert "Offentliggør version 2" in confirm.content.decode()
    r = publish(secretary_client, m, "Beslutningen under punkt 1 var ufuldstændig.")
    assert r.status_code == 302
    v2 = m.minutes_versions.get(number=2)
    assert v2.change_note == "Beslutningen under punkt 1 var ufuldstændig."
    html = public(anon, m)
    today = timezone.localdate().strftime("%d").lstrip("0")
    assert f"Referatet er rettet den {today}." in html
    assert "Beslutningen under punkt 1 var ufuldstændig." in html
    assert "Punkt 1: Emne 1</strong> – Beslutning" in html
    assert ('<ins><span class="visually-hidden">(tilføjet) </span>1 med en tilføjelse.</ins>'
            in html)
    assert "Rådet godkendte indstillingen om emne" in html
    m.refresh_from_db()
    assert m.status == "minutes_published"


def test_minority_statement_shown_publicly(secretary_client, anon, world):
    m = published(world, secretary_client)
    item = m.items.get()
    person = world.member_membership.person
    secretary_client.post(f"/sekretariat/testraad/moeder/{m.pk}/referat/mindretal/", {
        "item": item.pk, f"minority-{item.pk}-text": "Vi ønskede mere tid.",
        f"minority-{item.pk}-members": [person.pk]})
    assert "Vi ønskede mere tid." not in public(anon, m)
    publish(secretary_client, m, "Mindretalsudtalelse tilføjet.")
    html = public(anon, m)
    assert "Vi ønskede mere tid. (Medlem Mads Påhit)" in html
    assert "Nogle i rådet var uenige" in html


def test_item_closed_after_publication_hides_text(secretary_client, anon, world):
    m = published(world, secretary_client)
    item = m.items.get()
    item.is_public = False
    item.save()
    html = public(anon, m)
    assert "Punkt 1: Emne 1" in html and "Rådet godkendte indstillingen" not in html


def test_public_page_links_open_attachments(secretary_client, anon, world, settings, tmp_path):
    from django.core.files.base import ContentFile

    from udsatteraad.meetings.models import Attachment

    settings.MEDIA_ROOT = tmp_path
    m = published(world, secretary_client)
    item = m.items.get()
    # With a file: a link (an attachment listed without its file is shown as its name).
    open_ = Attachment.objects.create(item=item, title="Åbent bilag",
                                      file=ContentFile(b"%PDF-1.4\n", name="bilag.pdf"))
    Attachment.objects.create(item=item, title="Lukket bilag", is_public=False)
    html = public(anon, m)
    assert f'href="/raad/testraad/moeder/{m.pk}/bilag/{open_.pk}/">Åbent bilag</a>' in html
    assert "Lukket bilag" not in html
    for pdf in ("dagsorden.pdf", "referat.pdf", "bilag.pdf"):
        assert f'href="/raad/testraad/moeder/{m.pk}/{pdf}"' in html


def test_agenda_only_page_has_no_minutes_download(anon, world):
    from udsatteraad.meetings.models import Meeting

    m = Meeting.objects.create(council=world.council, status="agenda_published",
                               title="Kommende møde", start=timezone.now() + dt.timedelta(days=7))
    html = public(anon, m)
    assert "dagsorden.pdf" in html and "referat.pdf" not in html and "bilag.pdf" not in html


def test_published_page_queries_do_not_grow(secretary_client, anon, world,
                                            django_assert_max_num_queries):
    from udsatteraad.meetings.models import Attachment

    m = published(world, secretary_client, items=30)
    for item in m.items.all():
        Attachment.objects.create(item=item, title=f"Bilag {item.number}")
        edit_decision(secretary_client, m, item, f"Rettet beslutning {item.number}.")
    publish(secretary_client, m, "Alle beslutninger er rettet.")
    assert m.minutes_versions.count() == 2
    # council, meeting, versions, items, attachments: the same for 1 item or 30.
    with django_assert_max_num_queries(5):
        html = anon.get(f"/raad/testraad/moeder/{m.pk}/").content.decode()
    assert "Rettet beslutning 30." in html and "Bilag 29" in html
    assert html.count("Referatet er rettet den") == 1


def test_minutes_pdf_follows_the_published_versions(secretary_client, anon, world):
    """referat.pdf prints what was published: an edit appears only once its correction is."""
    import io

    from pypdf import PdfReader

    def pdf_text(m) -> str:
        response = anon.get(f"/raad/testraad/moeder/{m.pk}/referat.pdf")
        assert response.status_code == 200
        reader = PdfReader(io.BytesIO(response.content))
        return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)

    m = published(world, secretary_client)
    item = m.items.get()
    edit_decision(secretary_client, m, item, "Rådet udsatte punktet.")
    text = pdf_text(m)
    assert "Rådet godkendte indstillingen om emne 1." in text
    assert "Rådet udsatte punktet." not in text
    assert publish(secretary_client, m, "Beslutningen var skrevet forkert.").status_code == 302
    text = pdf_text(m)
    assert "Rådet udsatte punktet." in text
    assert "Beslutningen var skrevet forkert." in text
