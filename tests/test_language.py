"""Danish by default; English only when the visitor chooses it."""


def test_danish_even_when_the_browser_prefers_english(anon, world):
    response = anon.get("/raad/testraad/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "da"
    assert "Kontakt rådet" in response.content.decode()


def test_language_switch_to_english_and_back(anon, world):
    response = anon.post("/i18n/setlang/", {"language": "en", "next": "/raad/testraad/"})
    assert response.status_code == 302
    page = anon.get("/raad/testraad/")
    assert page["Content-Language"] == "en"
    assert "Contact the council" in page.content.decode()
    anon.post("/i18n/setlang/", {"language": "da", "next": "/"})
    assert anon.get("/raad/testraad/")["Content-Language"] == "da"


def test_choice_labels_follow_the_interface_language(anon, world):
    import datetime as dt

    from udsatteraad.meetings.models import Meeting

    m = Meeting.objects.create(council=world.council, title="Møde", status="agenda_published",
                               start=dt.datetime(2027, 3, 1, 17, tzinfo=dt.UTC))
    assert "Ordinært møde" in anon.get(f"/raad/testraad/moeder/{m.pk}/").content.decode()
    anon.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Ordinary meeting" in anon.get(f"/raad/testraad/moeder/{m.pk}/").content.decode()


def test_stored_titles_and_published_records_stay_danish(world):
    import datetime as dt

    from django.utils import translation

    from udsatteraad.meetings import planning
    from udsatteraad.meetings.minutes import minutes_snapshot
    from udsatteraad.meetings.models import Meeting

    with translation.override("en"):
        assert planning.default_title("ordinary", dt.date(2027, 3, 12)) == (
            "Ordinært møde 12. marts 2027")
        m = Meeting.objects.create(council=world.council, title="Møde",
                                   start=dt.datetime(2027, 3, 1, 17, tzinfo=dt.UTC))
        assert minutes_snapshot(m)["meeting"]["kind_label"] == "Ordinært møde"
