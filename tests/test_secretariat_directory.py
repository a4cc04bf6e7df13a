"""Secretariat: the authority's organisations and venues, with slugs made from the name."""

from udsatteraad.councils.models import Organisation, Venue


def test_organisation_list_shows_only_this_authority(secretary_client, world):
    Organisation.objects.create(authority=world.municipality, name="Kommunens forening",
                                slug="kommunens-forening")
    response = secretary_client.get("/sekretariat/testraad/organisationer/")
    assert "Røde Kors" in response.text and "Blå Kors" in response.text
    assert "Kommunens forening" not in response.text
    assert f'href="/sekretariat/testraad/organisationer/{world.red_cross.pk}/"' in response.text


def test_create_organisation_generates_slug(secretary_client, world):
    response = secretary_client.post("/sekretariat/testraad/organisationer/ny/", {
        "name": "Kirkens Korshær Århus", "website": "https://kirkenskorshaer.dk/",
    })
    assert response["Location"] == "/sekretariat/testraad/organisationer/"
    org = Organisation.objects.get(name="Kirkens Korshær Århus")
    assert (org.authority, org.slug) == (world.region, "kirkens-korshaer-aarhus")


def test_duplicate_organisation_slug_is_refused(secretary_client, world):
    response = secretary_client.post("/sekretariat/testraad/organisationer/ny/", {
        "name": "Røde  Kors", "description": "Beskrivelse der huskes",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Myndigheden har allerede organisationen »Røde Kors« med adressen »roede-kors«. "
        "Vælg et andet navn."
    ]
    assert "Beskrivelse der huskes" in response.text
    assert Organisation.objects.filter(authority=world.region).count() == 2


def test_same_name_in_another_authority_is_allowed(other_secretary_client, world):
    response = other_secretary_client.post("/sekretariat/andetraad/organisationer/ny/",
                                           {"name": "Røde Kors"})
    assert response.status_code == 302
    assert Organisation.objects.get(authority=world.municipality).slug == "roede-kors"


def test_edit_organisation_keeps_its_slug(secretary_client, world):
    url = f"/sekretariat/testraad/organisationer/{world.blue_cross.pk}/"
    response = secretary_client.get(url)
    assert 'value="Blå Kors"' in response.text
    response = secretary_client.post(url, {"name": "Blå Kors Danmark", "description": "Ny"})
    assert response.status_code == 302
    world.blue_cross.refresh_from_db()
    assert (world.blue_cross.name, world.blue_cross.description) == ("Blå Kors Danmark", "Ny")
    # The slug is the loader's natural key: a rename does not change it.
    assert world.blue_cross.slug == "blaa-kors"
    response = secretary_client.post(url, {"name": ""})
    assert response.context["form"].errors["name"]


def test_name_without_letters_is_refused(secretary_client, world):
    response = secretary_client.post("/sekretariat/testraad/organisationer/ny/", {"name": "!!!"})
    assert response.context["form"].errors["name"] == ["Navnet skal indeholde bogstaver eller tal."]


def test_venues_list_create_edit(secretary_client, world):
    response = secretary_client.get("/sekretariat/testraad/steder/")
    assert "Café Test" in response.text and "Værested/varmestue" in response.text
    response = secretary_client.post("/sekretariat/testraad/steder/ny/", {
        "name": "Værestedet Perron", "kind": "drop_in", "address": "Stationsvej 1",
    })
    assert response["Location"] == "/sekretariat/testraad/steder/"
    venue = Venue.objects.get(name="Værestedet Perron")
    assert (venue.slug, venue.authority) == ("vaerestedet-perron", world.region)
    response = secretary_client.post(f"/sekretariat/testraad/steder/{venue.pk}/", {
        "name": "Værestedet Perron", "kind": "drop_in", "address": "Stationsvej 2",
    })
    venue.refresh_from_db()
    assert venue.address == "Stationsvej 2"


def test_duplicate_venue_slug_is_refused(secretary_client, world):
    response = secretary_client.post("/sekretariat/testraad/steder/ny/", {
        "name": "Cafe Test", "kind": "drop_in", "address": "Adresse der huskes",
    })
    assert response.status_code == 200
    assert "Myndigheden har allerede stedet »Café Test« med adressen »cafe-test«." in \
        response.context["form"].errors["name"][0]
    assert "Adresse der huskes" in response.text
    assert Venue.objects.filter(authority=world.region).count() == 1


def test_other_authority_objects_are_404(other_secretary_client, world):
    c = other_secretary_client
    assert c.get(f"/sekretariat/andetraad/organisationer/{world.red_cross.pk}/").status_code == 404
    assert c.post(f"/sekretariat/andetraad/organisationer/{world.red_cross.pk}/",
                  {"name": "Kapret"}).status_code == 404
    assert c.get(f"/sekretariat/andetraad/steder/{world.cafe.pk}/").status_code == 404
    world.red_cross.refresh_from_db()
    assert world.red_cross.name == "Røde Kors"


def test_chair_cannot_create(chair_client, world):
    assert chair_client.post("/sekretariat/testraad/organisationer/ny/",
                             {"name": "Ny"}).status_code == 403
    assert not Organisation.objects.filter(name="Ny").exists()
