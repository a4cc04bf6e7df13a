"""The written round on the minutes (issue 12) in a real browser: the council approves its
minutes in writing; the secretary sends them to the members from the minutes page, and a
member approves them from a phone (375 x 667) on /mine/. The pages are checked with axe and
for horizontal scrolling. Python only sets up the world and reads the stored state."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.urls import reverse

from .conftest import DESKTOP, assert_no_axe_violations

PHONE = {"width": 375, "height": 667}


def test_member_approves_in_the_written_round_from_a_phone(page, login_as, world):
    from django.utils import timezone

    from udsatteraad.councils.models import Membership, Person, RulesOfProcedure
    from udsatteraad.meetings.models import AgendaItem, Attendance, Meeting, MinutesRoundAnswer

    RulesOfProcedure.objects.create(council=world.council, minutes_approval="written",
                                    minutes_written_days=5, quorum_numerator=1,
                                    quorum_denominator=2)
    meeting = Meeting.objects.create(council=world.council, status="held",
                                     title="Ordinært møde",
                                     start=timezone.now() - dt.timedelta(days=2))
    AgendaItem.objects.create(meeting=meeting, number=1, position=1, title="Boliger",
                              decision="Rådet anbefaler flere skæve boliger.")
    # The chair's apology, with a personal deputy to call in: the attendance section shows
    # the quorum and the substitute's choice (checked with axe below).
    deputy = Person.objects.create(name="Kim Eksempel")
    Membership.objects.create(council=world.council, person=deputy,
                              seat_group=world.assembly_group, term=world.term,
                              start=world.term.start, is_substitute=True,
                              deputy_for=world.chair_membership)
    Attendance.objects.create(meeting=meeting, person=world.chair_membership.person,
                              status="apology")
    main = page.locator("main")

    # The secretary sends the minutes to the members in writing.
    login_as("secretary")
    page.set_viewport_size(DESKTOP)
    minutes = reverse("meetings:minutes", args=[world.council.slug, meeting.pk])
    page.goto(minutes)
    assert "Rådet er ikke beslutningsdygtigt" in main.inner_text()
    assert main.get_by_label("Suppleant for Formand Frida Fiktiv").count() == 1
    assert_no_axe_violations(page, "minutes page, written approval")
    with page.expect_navigation():
        main.get_by_role("button", name="Send til skriftlig godkendelse hos medlemmerne"
                         ).click()
    assert "Frist for indsigelser" in main.inner_text()
    assert_no_axe_violations(page, "minutes page, round under way")

    # The member approves from a phone.
    login_as("member")
    page.set_viewport_size(PHONE)
    url = reverse("meetings:member-meeting", args=[meeting.pk])
    response = page.goto(url)
    assert response is not None and response.status == 200
    assert "Skriftlig godkendelse af referatet" in main.inner_text()
    assert "Rådet anbefaler flere skæve boliger." in main.inner_text()
    assert_no_axe_violations(page, "member's meeting page, written round (phone)")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    with page.expect_navigation():
        main.get_by_role("button", name="Jeg godkender referatet").click()
    assert urlsplit(page.url).path == url
    assert "Du har godkendt referatet." in main.inner_text()
    assert_no_axe_violations(page, "member's meeting page, approved (phone)")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    answer = MinutesRoundAnswer.objects.get()
    assert answer.approved and answer.person.user == world.member
