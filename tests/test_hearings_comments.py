"""Members comment on a hearing and on its draft (issue 11): attributed and dated, only
current members, and never after the response is approved."""

from __future__ import annotations

from django.urls import reverse

from udsatteraad.hearings.models import Comment
from udsatteraad.hearings.testing import hearing_in


def _hearing(world, status: str):
    return hearing_in(status, council=world.council, secretary=world.secretary,
                      chair=world.chair)


def test_comment_is_attributed_and_dated(world, member_client):
    hearing = _hearing(world, "commenting")
    r = member_client.post(reverse("hearings:member-comment", args=[hearing.pk]),
                           {"text": "Flere boliger til unge."})
    assert r.status_code == 302
    comment = Comment.objects.get()
    assert comment.person == world.member.person and comment.author_name == "Medlem Mads Påhit"
    assert comment.draft is None and comment.created is not None
    page = member_client.get(reverse("hearings:member-hearing", args=[hearing.pk]))
    assert "Medlem Mads Påhit" in page.content.decode()


def test_comment_after_approval_is_refused(world, member_client):
    hearing = _hearing(world, "approved")
    r = member_client.post(reverse("hearings:member-comment", args=[hearing.pk]),
                           {"text": "For sent?"})
    assert r.status_code == 409
    assert "Der kan ikke længere kommenteres" in r.content.decode()
    assert not Comment.objects.exists()
    page = member_client.get(reverse("hearings:member-hearing", args=[hearing.pk]))
    assert 'name="text"' not in page.content.decode()


def test_secretary_and_strangers_cannot_comment(world, secretary_client,
                                                other_secretary_client, ended_member_client):
    hearing = _hearing(world, "commenting")
    url = reverse("hearings:member-comment", args=[hearing.pk])
    assert secretary_client.post(url, {"text": "Sekretær"}).status_code == 403
    assert other_secretary_client.post(url, {"text": "Fremmed"}).status_code == 403
    assert ended_member_client.post(url, {"text": "Tidligere"}).status_code == 403
    assert not Comment.objects.exists()


def test_empty_comment_is_a_clear_message(world, member_client):
    hearing = _hearing(world, "commenting")
    r = member_client.post(reverse("hearings:member-comment", args=[hearing.pk]), {"text": " "})
    assert r.status_code == 400
    assert "Dette felt er påkrævet" in r.content.decode() or "Skriv" in r.content.decode()


def test_member_pages_fit_a_phone(world, member_client):
    """The member area's pages carry the viewport meta tag and no wide tables."""
    hearing = _hearing(world, "commenting")
    page = member_client.get(reverse("hearings:member-hearing", args=[hearing.pk]))
    html = page.content.decode()
    assert 'name="viewport"' in html and "<table" not in html
    listing = member_client.get(reverse("hearings:member-list", args=["testraad"]))
    assert hearing.title in listing.content.decode()
