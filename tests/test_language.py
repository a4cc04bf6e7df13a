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
