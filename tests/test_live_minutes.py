"""The live minutes page (issue 16): one form for the whole page, so saving never throws away
what was typed elsewhere on it; each field saving itself (the htmx autosave endpoint);
nothing typed is lost when two people write at once."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from udsatteraad.meetings.minutes import decision_digest


def make_meeting(world, status="held", days=-1):
    from udsatteraad.meetings.models import Meeting

    return Meeting.objects.create(council=world.council, status=status, title="Ordinært møde",
                                  start=timezone.now() + dt.timedelta(days=days))


def make_item(meeting, number, **extra):
    from udsatteraad.meetings.models import AgendaItem

    return AgendaItem.objects.create(meeting=meeting, number=number, position=number,
                                     title=f"Emne {number}", **extra)


def url(meeting, rest=""):
    return f"/sekretariat/testraad/moeder/{meeting.pk}/referat/{rest}"


def page_form(client, meeting) -> dict[str, str]:
    """The one form as a browser posts it untouched: hidden fields and textareas (CRLF)."""
    html = client.get(url(meeting)).content.decode()
    form = html.split('id="referat"', 1)[1].split("</form>", 1)[0]
    data = {}
    for name, value in re.findall(r'<input type="hidden" name="(item-\d+-(?:revision|base))" '
                                  r'value="([^"]*)"', form):
        data[name] = value
    for name, value in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', form,
                                  re.S):
        data[name] = value.removeprefix("\n").replace("\n", "\r\n")
    return data


def test_one_form_on_the_page(secretary_client, world):
    m = make_meeting(world)
    make_item(m, 1)
    make_item(m, 2)
    html = secretary_client.get(url(m)).content.decode()
    main = html.split('id="referat"', 1)[1].split("</form>", 1)[0]
    # Attendance, both decisions, guests and minority statements are in the one form.
    assert main.count("<textarea") >= 2 + 2 and 'name="guest-name"' in main
    assert html.count(f'action="{url(m, "gem/")}"') == 1
    # Each field saves itself; the page loads htmx.
    assert main.count(f'data-hx-post="{url(m, "autogem/")}"') == 2 + 2 * 3
    assert "js/htmx.min.js" in html
    # An empty guest or minority statement must not block the browser from saving the rest.
    assert " required" not in main


def test_two_decisions_typed_one_save_keeps_both(secretary_client, world):
    """Issue 16: typing decisions for items 1 and 2 and saving item 2 threw away decision 1."""
    m = make_meeting(world)
    one, two = make_item(m, 1), make_item(m, 2)
    data = page_form(secretary_client, m)
    data[f"item-{one.pk}-decision"] = "Rådet tog orienteringen til efterretning."
    data[f"item-{two.pk}-decision"] = "Rådet anbefaler flere pladser på herberget."
    r = secretary_client.post(url(m, "gem/"), data)  # "Gem beslutning 2" posts the one form
    assert r.status_code == 302
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.decision == "Rådet tog orienteringen til efterretning."
    assert two.decision == "Rådet anbefaler flere pladser på herberget."
    assert "Referatet er gemt." in secretary_client.get(r["Location"]).content.decode()


def test_save_everything_records_attendance_guest_and_minority(secretary_client, world):
    from udsatteraad.meetings.models import Attendance, MinorityStatement

    m = make_meeting(world)
    item = make_item(m, 1)
    chair_person = world.chair.person
    data = page_form(secretary_client, m)
    data.update({f"status-{chair_person.pk}": "present",
                 f"status-{world.member.person.pk}": "apology",
                 "guest-name": "Gæst Gitte Opdigtet", "guest-organisation": "Kirkens Korshær",
                 "guest-kind": "guest",
                 f"minority-{item.pk}-text": "Vi ønskede mere tid.",
                 f"minority-{item.pk}-members": [str(world.member.person.pk)]})
    assert secretary_client.post(url(m, "gem/"), data).status_code == 302
    assert Attendance.objects.get(meeting=m, person=chair_person).status == "present"
    assert Attendance.objects.get(meeting=m, person=world.member.person).status == "apology"
    assert Attendance.objects.filter(meeting=m, name="Gæst Gitte Opdigtet").exists()
    assert MinorityStatement.objects.get(item=item).text == "Vi ønskede mere tid."


def test_minority_without_members_keeps_everything_typed(secretary_client, world):
    m = make_meeting(world)
    item = make_item(m, 1)
    data = page_form(secretary_client, m)
    data[f"item-{item.pk}-decision"] = "Beslutningen er skrevet."
    data[f"minority-{item.pk}-text"] = "Min udtalelse, som ikke må gå tabt."
    r = secretary_client.post(url(m, "gem/"), {**data, "add_minority": str(item.pk)})
    html = r.content.decode()
    assert r.status_code == 400
    assert "Vælg de medlemmer, der står bag udtalelsen." in html
    assert "Min udtalelse, som ikke må gå tabt." in html
    item.refresh_from_db()
    assert item.decision == "Beslutningen er skrevet."  # the rest was saved


def test_remove_button_saves_what_was_typed_first(secretary_client, world):
    from udsatteraad.meetings import minutes
    from udsatteraad.meetings.models import Attendance

    m = make_meeting(world)
    item = make_item(m, 1)
    guest = minutes.add_participant(meeting=m, name="Gæst Gitte Opdigtet")
    data = page_form(secretary_client, m)
    data[f"item-{item.pk}-decision"] = "Skrevet lige før fjern."
    r = secretary_client.post(url(m, "gem/"), {**data, "remove_participant": str(guest.pk)})
    assert r.status_code == 302
    assert not Attendance.objects.filter(pk=guest.pk).exists()
    item.refresh_from_db()
    assert item.decision == "Skrevet lige før fjern."


def test_concurrent_save_keeps_both_texts_and_saves_the_rest(secretary_client, admin_client_2fa,
                                                             world):
    """Two people write the same decision: the second is told, keeps their text, sees the
    saved one, and their other decisions are saved."""
    m = make_meeting(world)
    one, two = make_item(m, 1), make_item(m, 2)
    mine = page_form(secretary_client, m)
    theirs = page_form(admin_client_2fa, m)
    theirs[f"item-{one.pk}-decision"] = "Den andens tekst."
    assert admin_client_2fa.post(url(m, "gem/"), theirs).status_code == 302
    mine[f"item-{one.pk}-decision"] = "Min omhyggeligt skrevne tekst."
    mine[f"item-{two.pk}-decision"] = "Punkt 2 er mit."
    r = secretary_client.post(url(m, "gem/"), mine)
    html = r.content.decode()
    assert r.status_code == 409
    assert "ændret af en anden, mens du skrev" in html
    assert "Min omhyggeligt skrevne tekst." in html and "Den andens tekst." in html
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.decision == "Den andens tekst." and two.decision == "Punkt 2 er mit."
    # Saving the page as shown again is a deliberate choice: their text wins then.
    again = page_form_from(html)
    assert secretary_client.post(url(m, "gem/"), again).status_code == 302
    one.refresh_from_db()
    assert one.decision == "Min omhyggeligt skrevne tekst."


def page_form_from(html: str) -> dict[str, str]:
    form = html.split('id="referat"', 1)[1].split("</form>", 1)[0]
    data = dict(re.findall(r'<input type="hidden" name="(item-\d+-(?:revision|base))" '
                           r'value="([^"]*)"', form))
    for name, value in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', form,
                                  re.S):
        if name.endswith("-decision"):
            data[name] = value.removeprefix("\n").replace("&#x27;", "'")
    return data


def test_untouched_decision_does_not_overwrite_a_newer_one(secretary_client, admin_client_2fa,
                                                           world):
    """A decision the person did not touch is not saved over someone else's newer text, nor
    reported as a conflict."""
    m = make_meeting(world)
    one, two = make_item(m, 1), make_item(m, 2)
    mine = page_form(secretary_client, m)
    theirs = page_form(admin_client_2fa, m)
    theirs[f"item-{one.pk}-decision"] = "Den andens tekst."
    assert admin_client_2fa.post(url(m, "gem/"), theirs).status_code == 302
    mine[f"item-{two.pk}-decision"] = "Kun punkt 2."
    assert secretary_client.post(url(m, "gem/"), mine).status_code == 302
    one.refresh_from_db()
    assert one.decision == "Den andens tekst."


def test_autosave_one_decision(secretary_client, world):
    m = make_meeting(world)
    one, two = make_item(m, 1, decision="Gammel tekst."), make_item(m, 2)
    data = page_form(secretary_client, m)
    data[f"item-{one.pk}-decision"] = "Skrevet under mødet."
    data[f"item-{two.pk}-decision"] = "Endnu ikke gemt."
    r = secretary_client.post(url(m, "autogem/"), {**data, "field": f"item-{one.pk}-decision"},
                              HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200
    assert re.search(r"Gemt kl\. \d\d\.\d\d", html)
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.decision == "Skrevet under mødet." and two.decision == ""  # only its own field
    # The fragment carries the new revision and digest for the next save.
    assert f'name="item-{one.pk}-revision" value="{one.revision}"' in html
    assert decision_digest("Skrevet under mødet.") in html
    assert "<html" not in html


def test_autosave_queued_behind_its_own_previous_save_is_no_conflict(secretary_client, world):
    """htmx may send the next autosave before the previous one's answer (with the revision
    from before it): this page's own save is not "someone else's change"."""
    m = make_meeting(world)
    item = make_item(m, 1)
    data = page_form(secretary_client, m)
    field = f"item-{item.pk}-decision"
    first = {**data, field: "Rådet", "field": field}
    second = {**data, field: "Rådet besluttede", "field": field}  # the same, older revision
    assert "Gemt kl." in secretary_client.post(url(m, "autogem/"), first).content.decode()
    html = secretary_client.post(url(m, "autogem/"), second).content.decode()
    assert "Gemt kl." in html and "ændret af en anden" not in html
    item.refresh_from_db()
    assert item.decision == "Rådet besluttede"


def test_autosave_conflict_tells_and_keeps_the_typed_text(secretary_client, admin_client_2fa,
                                                          world):
    m = make_meeting(world)
    item = make_item(m, 1)
    field = f"item-{item.pk}-decision"
    mine = page_form(secretary_client, m)
    theirs = page_form(admin_client_2fa, m)
    admin_client_2fa.post(url(m, "autogem/"), {**theirs, field: "Den andens tekst.",
                                               "field": field})
    r = secretary_client.post(url(m, "autogem/"), {**mine, field: "Min tekst.",
                                                    "field": field})
    html = r.content.decode()
    assert r.status_code == 200 and 'role="alert"' in html
    assert "ændret af en anden, mens du skrev" in html and "Den andens tekst." in html
    item.refresh_from_db()
    assert item.decision == "Den andens tekst."
    # The field keeps "Min tekst." (the fragment does not replace it); the next change saves it.
    revision = re.search(rf'name="item-{item.pk}-revision" value="(\d+)"', html)[1]
    base = re.search(rf'name="item-{item.pk}-base" value="(\w+)"', html)[1]
    r = secretary_client.post(url(m, "autogem/"), {
        field: "Min tekst, rettet.", f"item-{item.pk}-revision": revision,
        f"item-{item.pk}-base": base, "field": field})
    assert "Gemt kl." in r.content.decode()
    item.refresh_from_db()
    assert item.decision == "Min tekst, rettet."


def test_autosave_attendance(secretary_client, world):
    from udsatteraad.meetings.models import Attendance

    m = make_meeting(world)
    pid = world.chair.person.pk
    r = secretary_client.post(url(m, "autogem/"), {f"status-{pid}": "present",
                                                  f"status-{world.member.person.pk}": "absent",
                                                  "field": f"status-{pid}"})
    assert r.status_code == 200 and "Gemt kl." in r.content.decode()
    assert Attendance.objects.get(meeting=m, person_id=pid).status == "present"
    # Only the field named: the member's row was not touched.
    assert not Attendance.objects.filter(meeting=m, person=world.member.person).exists()


def test_autosave_refuses_unknown_fields_and_other_councils(secretary_client,
                                                            other_secretary_client, world):
    m = make_meeting(world)
    item = make_item(m, 1)
    assert secretary_client.post(url(m, "autogem/"), {"field": "title"}).status_code == 400
    assert secretary_client.post(url(m, "autogem/"), {"field": "item-999999-decision"}
                                 ).status_code == 400
    r = other_secretary_client.post(url(m, "autogem/"), {
        "field": f"item-{item.pk}-decision", f"item-{item.pk}-decision": "Indbrud"})
    assert r.status_code == 403
    item.refresh_from_db()
    assert item.decision == ""


def test_cancelled_meeting_autosave_says_why(secretary_client, world):
    m = make_meeting(world, status="cancelled", days=3)
    item = make_item(m, 1)
    field = f"item-{item.pk}-decision"
    r = secretary_client.post(url(m, "autogem/"), {field: "Tekst", "field": field,
                                                  f"item-{item.pk}-revision": "1"})
    assert r.status_code == 200 and "aflyst" in r.content.decode()
    item.refresh_from_db()
    assert item.decision == ""


def test_save_button_racing_its_own_autosave_is_no_conflict(secretary_client, world):
    """Leaving the field for the save button fires the field's autosave too; when it gets
    there first, the page's save carries the old revision but the same text: no conflict."""
    m = make_meeting(world)
    item = make_item(m, 1)
    data = page_form(secretary_client, m)
    field = f"item-{item.pk}-decision"
    data[field] = "Rådet anbefaler 50 flere boliger."
    other = login_elsewhere(world)  # another session: the own-revision memory does not help
    other.post(url(m, "autogem/"), {**data, "field": field})
    r = secretary_client.post(url(m, "gem/"), data)
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.decision == "Rådet anbefaler 50 flere boliger."


def login_elsewhere(world):
    from django.test import Client

    from conftest import login

    return login(Client(), world.secretary)
