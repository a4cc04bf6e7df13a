"""Every route, requested by every persona, answers as the access rules say (issue 9).

The routes come from the URL resolver: every named route (outside admin/ and i18n/) must have
at least one row in ROWS, keyed by its namespaced name, and every row must name a route that
exists. A row gives the kwargs to reverse the route (placeholders in braces are filled from the
test world), the expected status per persona for a GET and, for routes that change state, for
a POST with an empty body.

302 for anonymous users on pages that need a login (to the login page), 403 for a logged-in
person without a role in that council, 404 for another council's objects reached through one's
own council's URL and for everything public about a council that is not public. A POST by a
persona with access answers what the view answers to an empty body: 200 with form errors, 302
after a harmless action, 404 when the body names no object, 405 on a GET-only page. Each such
POST gets a fresh world (one test per route and persona); the refused personas share one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import add_extra_personas, login

PERSONAS = ["anon", "member", "chair", "secretary", "other_secretary", "admin",
            "ended_member", "hidden_secretary", "hidden_member"]

Expect = dict[str, int]


def every(status: int) -> Expect:
    return dict.fromkeys(PERSONAS, status)


PUBLIC = every(200)
NOWHERE = every(404)
LOGGED_IN = {**every(200), "anon": 302}
# The test council's secretariat: its secretary and the platform administrator.
SECRETARIAT = {**every(403), "anon": 302, "secretary": 200, "admin": 200}
# The not-public council's secretariat: its own secretary reaches it like any other.
HIDDEN_SECRETARIAT = {**every(403), "anon": 302, "hidden_secretary": 200, "admin": 200}
# A test-council object through the other council's URL: the roles there pass, the object not.
CROSS = {**every(403), "anon": 302, "other_secretary": 404, "admin": 404}
# A member's meeting page: the council's current members, its secretary, the administrator.
MEMBER_MEETING = {**every(403), "anon": 302, "member": 200, "chair": 200, "secretary": 200,
                  "admin": 200}
HIDDEN_MEMBER_MEETING = {**every(403), "anon": 302, "hidden_member": 200,
                         "hidden_secretary": 200, "admin": 200}
# Pages for the council's current members only (a secretary proposes nothing).
MEMBERS_ONLY = {**every(403), "anon": 302, "member": 200, "chair": 200}
HIDDEN_MEMBERS_ONLY = {**every(403), "anon": 302, "hidden_member": 200}

# Citizens' inquiries and person data: the council's own secretaries only, not the platform
# administrator (issue 10).
INQUIRIES = {**every(403), "anon": 302, "secretary": 200}
HIDDEN_INQUIRIES = {**every(403), "anon": 302, "hidden_secretary": 200}
INQUIRY_CROSS = {**every(403), "anon": 302, "other_secretary": 404}

# Setting up councils: the platform administrator only (issue 16).
PLATFORM = {**every(403), "anon": 302, "admin": 200}

REFUSED = {302, 403, 404}
# Setting up two-factor: people without a device get the page; verified users are sent on.
TWO_FACTOR_SETUP = {**LOGGED_IN, "secretary": 302, "other_secretary": 302, "admin": 302,
                    "hidden_secretary": 302}


def on_post(expected: Expect, answer: int) -> Expect:
    """A POST is checked like a GET: the refused keep their status, the others get `answer`."""
    return {p: s if s in REFUSED else answer for p, s in expected.items()}


def post_only(expected: Expect) -> Expect:
    """A POST-only URL (one action): a GET passes the same access check, then answers 405."""
    return on_post(expected, 405)


@dataclass(frozen=True)
class Row:
    route: str  # "namespace:name"
    kwargs: dict[str, str] = field(default_factory=dict)
    get: Expect = field(default_factory=dict)
    post: Expect | None = None
    query: str = ""
    label: str = ""

    @property
    def id(self) -> str:
        return self.route + (f"[{self.label}]" if self.label else "")


T = {"slug": "testraad"}
A = {"slug": "andetraad"}
H = {"slug": "skjultraad"}
TP = {**T, "meeting_id": "{planned}"}
TM = {**T, "meeting_id": "{published}"}
AP = {**A, "meeting_id": "{planned}"}
AM = {**A, "meeting_id": "{published}"}
HM = {**H, "meeting_id": "{hidden_meeting}"}
TH = {**T, "pk": "{hearing}"}
AH = {**A, "pk": "{hearing}"}


def secretariat_form(route: str, kwargs: dict, cross: dict | None = None, answer: int = 200,
                     hidden: dict | None = None) -> list[Row]:
    """A secretariat page with a form: the test council, optionally the same object through
    the other council's URL, and optionally the not-public council's own page."""
    rows = [Row(route, kwargs, SECRETARIAT, on_post(SECRETARIAT, answer))]
    if cross is not None:
        rows.append(Row(route, cross, CROSS, CROSS, label="andetraad"))
    if hidden is not None:
        rows.append(Row(route, hidden, HIDDEN_SECRETARIAT, on_post(HIDDEN_SECRETARIAT, answer),
                        label="skjultraad"))
    return rows


def secretariat_action(route: str, kwargs: dict, cross: dict | None = None,
                       answer: int = 302) -> list[Row]:
    rows = [Row(route, kwargs, post_only(SECRETARIAT), on_post(SECRETARIAT, answer))]
    if cross is not None:
        rows.append(Row(route, cross, CROSS, CROSS, label="andetraad"))
    return rows


def read_only(route: str, kwargs: dict, expected: Expect, label: str = "",
              query: str = "") -> Row:
    return Row(route, kwargs, expected, query=query, label=label)


# Money (issue 14): the council's own secretaries only (claims and receipts are personal data,
# not the platform administrator's); a member's claim only for that member.
MONEY = {**every(403), "anon": 302, "secretary": 200}
HIDDEN_MONEY = {**every(403), "anon": 302, "hidden_secretary": 200}
MONEY_CROSS = {**every(403), "anon": 302, "other_secretary": 404}
OWN_CLAIM = {**every(403), "anon": 302, "member": 200}
TY = {**T, "year": "2026"}
MONEY_ROWS: list[Row] = [
    read_only("money:overview", T, MONEY),
    read_only("money:overview", H, HIDDEN_MONEY, "skjultraad"),
    # Every field of the budget is optional: an empty form saves a budget of 0 kr.
    Row("money:budget", TY, MONEY, on_post(MONEY, 302)),
    Row("money:rates", TY, MONEY, on_post(MONEY, 400)),
    Row("money:rates", {**H, "year": "2026"}, HIDDEN_MONEY, on_post(HIDDEN_MONEY, 400),
        label="skjultraad"),
    read_only("money:year-pdf", TY, MONEY),
    read_only("money:per-diems", T, MONEY),
    # No rates for the year: approval is refused with the reason.
    Row("money:per-diem-meeting", {**T, "meeting_id": "{published}"}, MONEY,
        on_post(MONEY, 400)),
    Row("money:per-diem-meeting", {**A, "meeting_id": "{published}"}, MONEY_CROSS,
        MONEY_CROSS, label="andetraad"),
    read_only("money:claims", T, MONEY),
    read_only("money:claim", {**T, "pk": "{claim}"}, MONEY),
    read_only("money:claim", {**A, "pk": "{claim}"}, MONEY_CROSS, "andetraad"),
    Row("money:claim-decide", {**T, "pk": "{claim}"}, post_only(MONEY), on_post(MONEY, 400)),
    Row("money:claim-decide", {**A, "pk": "{claim}"}, MONEY_CROSS, MONEY_CROSS,
        label="andetraad"),
    read_only("money:receipt", {**T, "pk": "{receipt}"}, MONEY),
    read_only("money:receipt", {**A, "pk": "{receipt}"}, MONEY_CROSS, "andetraad"),
    Row("money:bookings", T, MONEY, on_post(MONEY, 400)),
    # A POST without a person names nobody: 404.
    Row("money:payroll", T, MONEY, on_post(MONEY, 404)),
    Row("money:exports", T, MONEY, on_post(MONEY, 400)),
    read_only("money:export-csv", {**T, "pk": "{money_export}"}, MONEY),
    read_only("money:export-csv", {**A, "pk": "{money_export}"}, MONEY_CROSS, "andetraad"),
    read_only("money:member-claims", {}, LOGGED_IN),
    Row("money:member-claim-new", T, MEMBERS_ONLY, on_post(MEMBERS_ONLY, 400)),
    Row("money:member-claim-new", H, HIDDEN_MEMBERS_ONLY, on_post(HIDDEN_MEMBERS_ONLY, 400),
        label="skjultraad"),
    read_only("money:member-claim", {"pk": "{claim}"}, OWN_CLAIM),
    Row("money:member-claim-edit", {"pk": "{claim}"}, OWN_CLAIM, on_post(OWN_CLAIM, 400)),
    Row("money:member-claim-withdraw", {"pk": "{claim}"}, post_only(OWN_CLAIM),
        on_post(OWN_CLAIM, 302)),
    read_only("money:member-receipt", {"pk": "{claim}", "receipt_id": "{receipt}"}, OWN_CLAIM),
]


ROWS: list[Row] = [
    # The public site.
    read_only("front:home", {}, PUBLIC),
    read_only("front:councils", {}, PUBLIC),
    read_only("front:council", T, PUBLIC),
    read_only("front:council", A, PUBLIC, "andetraad"),
    read_only("front:council", H, NOWHERE, "skjultraad"),
    read_only("front:council", {"slug": "findes-ikke"}, NOWHERE, "findes-ikke"),
    read_only("front:meeting", TM, PUBLIC),
    read_only("front:meeting", TP, NOWHERE, "planlagt"),
    read_only("front:meeting", AM, NOWHERE, "andetraad"),
    read_only("front:meeting", HM, NOWHERE, "skjultraad"),
    read_only("front:accessibility", {}, PUBLIC),
    read_only("front:robots-txt", {}, PUBLIC),
    read_only("front:sitemap", {}, PUBLIC),
    read_only("front:favicon", {}, every(301)),
    read_only("ops:healthz", {}, PUBLIC),
    read_only("front:feed-rss", {}, PUBLIC),
    read_only("front:feed-atom", {}, PUBLIC),
    read_only("front:council-feed-rss", T, PUBLIC),
    read_only("front:council-feed-rss", H, NOWHERE, "skjultraad"),
    read_only("front:council-feed-atom", T, PUBLIC),
    read_only("front:council-feed-atom", H, NOWHERE, "skjultraad"),
    read_only("search:search", {}, PUBLIC),
    read_only("search:search", {}, PUBLIC, "q", query="q=hjemløse"),
    # Accounts.
    Row("accounts:login", {}, PUBLIC, on_post(PUBLIC, 200)),
    # Logging out is POST only (checked before the login); anyone is sent on afterwards.
    Row("accounts:logout", {}, every(405), every(302)),
    # Without a device to verify, or already verified: sent on (to set up, or onwards).
    Row("accounts:two-factor-verify", {}, every(302), every(302)),
    Row("accounts:two-factor-setup", {}, TWO_FACTOR_SETUP, TWO_FACTOR_SETUP),
    Row("accounts:password-reset", {}, PUBLIC, on_post(PUBLIC, 200)),
    read_only("accounts:password-reset-done", {}, PUBLIC),
    read_only("accounts:password-reset-complete", {}, PUBLIC),
    Row("accounts:password-reset-confirm", {"uidb64": "MQ", "token": "ugyldig-noegle"},
        PUBLIC, on_post(PUBLIC, 200)),
    read_only("accounts:mine", {}, LOGGED_IN),
    # Each person's choice of e-mail at once or a daily digest; an empty choice is refused.
    Row("notifications:preferences", {}, LOGGED_IN, on_post(LOGGED_IN, 400)),
    # The secretariat's council screens.
    read_only("councils:index", {}, {**SECRETARIAT, "other_secretary": 200,
                                     "hidden_secretary": 200}),
    read_only("councils:overview", T, SECRETARIAT),
    read_only("councils:overview", H, HIDDEN_SECRETARIAT, "skjultraad"),
    *secretariat_form("councils:council-edit", T, hidden=H),
    read_only("councils:terms-list", T, SECRETARIAT),
    *secretariat_form("councils:terms-new", T),
    *secretariat_form("councils:terms-edit", {**T, "version": "1"},
                      cross={**A, "version": "7"}),
    *secretariat_form("councils:seat-group-new", {**T, "version": "1"}),
    *secretariat_form("councils:seat-group-edit", {**T, "pk": "{seat_group}"},
                      cross={**A, "pk": "{seat_group}"}),
    *secretariat_action("councils:seat-group-delete", {**T, "pk": "{seat_group}"},
                        cross={**A, "pk": "{seat_group}"}, answer=200),
    read_only("councils:term-list", T, SECRETARIAT),
    *secretariat_form("councils:term-new", T),
    *secretariat_form("councils:term-edit", {**T, "pk": "{term}"}, cross={**A, "pk": "{term}"}),
    read_only("councils:members", T, SECRETARIAT),
    read_only("councils:members", H, HIDDEN_SECRETARIAT, "skjultraad"),
    *secretariat_form("councils:member-new", T),
    *secretariat_form("councils:member-edit", {**T, "pk": "{membership}"},
                      cross={**A, "pk": "{membership}"}),
    *secretariat_action("councils:member-end", {**T, "pk": "{membership}"},
                        cross={**A, "pk": "{membership}"}, answer=200),
    *secretariat_form("councils:member-replace", {**T, "pk": "{membership}"},
                      cross={**A, "pk": "{membership}"}),
    read_only("councils:organisation-list", T, SECRETARIAT),
    *secretariat_form("councils:organisation-new", T),
    *secretariat_form("councils:organisation-edit", {**T, "pk": "{organisation}"},
                      cross={**A, "pk": "{organisation}"}),
    read_only("councils:venue-list", T, SECRETARIAT),
    *secretariat_form("councils:venue-new", T),
    *secretariat_form("councils:venue-edit", {**T, "pk": "{venue}"},
                      cross={**A, "pk": "{venue}"}),
    read_only("councils:access-log", T, SECRETARIAT),
    # Meetings: the secretariat's plan and meeting workspace.
    read_only("meetings:plan", T, SECRETARIAT),
    read_only("meetings:plan", H, HIDDEN_SECRETARIAT, "skjultraad"),
    *secretariat_form("meetings:meeting-new", T),
    *secretariat_form("meetings:plan-pattern", T),
    *secretariat_form("meetings:meeting-edit", {**T, "pk": "{planned}"},
                      cross={**A, "pk": "{planned}"}),
    *secretariat_action("meetings:meeting-cancel", {**T, "pk": "{planned}"},
                        cross={**A, "pk": "{planned}"}),
    *secretariat_form("meetings:rules-of-procedure", T),
    read_only("meetings:extraordinary-overview", T, SECRETARIAT),
    read_only("meetings:workspace", TP, SECRETARIAT),
    read_only("meetings:workspace", AP, CROSS, "andetraad"),
    read_only("meetings:workspace", HM, HIDDEN_SECRETARIAT, "skjultraad"),
    *secretariat_form("meetings:agenda-item-new", TP),
    *secretariat_form("meetings:agenda-item", {**TP, "item_id": "{item}"},
                      cross={**AP, "item_id": "{item}"}),
    *secretariat_action("meetings:agenda-item-delete", {**TP, "item_id": "{item}"},
                        cross={**AP, "item_id": "{item}"}),
    # The method is checked before the access here (every GET is 405): not a leak, but unlike
    # the other POST-only URLs.
    Row("meetings:agenda-item-move", {**TP, "item_id": "{item}"}, every(405),
        on_post(SECRETARIAT, 302)),
    Row("meetings:agenda-item-move", {**AP, "item_id": "{item}"}, every(405), CROSS,
        label="andetraad"),
    *secretariat_form("meetings:agenda-attachments", {**TP, "item_id": "{item}"},
                      cross={**AP, "item_id": "{item}"}),
    *secretariat_form("meetings:agenda-attachment", {**TM, "att_id": "{closed_attachment}"},
                      cross={**AM, "att_id": "{closed_attachment}"}, answer=302),
    # Deleting an attachment asks first: a page with the button that posts to the row above.
    Row("meetings:agenda-attachment-delete", {**TM, "att_id": "{closed_attachment}"},
        SECRETARIAT, on_post(SECRETARIAT, 405)),
    Row("meetings:agenda-attachment-delete", {**AM, "att_id": "{closed_attachment}"}, CROSS,
        CROSS, label="andetraad"),
    read_only("meetings:proposals", TP, SECRETARIAT),
    # An empty body names no proposal.
    *secretariat_action("meetings:proposal-accept", TP, cross=AP, answer=404),
    *secretariat_action("meetings:proposal-decline", TP, cross=AP, answer=404),
    *secretariat_form("meetings:publish-agenda", TP, cross=AP, answer=302),
    # Meetings: the minutes, one POST URL per action.
    *secretariat_form("meetings:minutes", TM, cross=AM, answer=405),
    *secretariat_form("meetings:minutes-publish", TM, cross=AM, answer=400),
    # Empty bodies: 400 where a reason or state is missing, 404 where no object is named.
    *[row for name, status in [("minutes-withdraw", 400), ("minutes-held", 400),
                               ("minutes-approve", 403), ("minutes-attendance", 302),
                               ("minutes-participant", 200),
                               ("minutes-participant-remove", 404),
                               ("minutes-decision", 404), ("minutes-minority", 404),
                               ("minutes-minority-remove", 404)]
      for row in secretariat_action(f"meetings:{name}", TM, cross=AM, answer=status)],
    # The publication guard (issue 10): redaction; the accepted false hits. An empty body has
    # no passage: the form comes back with its errors.
    *secretariat_form("meetings:redact", TM, cross=AM, answer=400),
    # An empty body names no accepted hit to withdraw.
    *secretariat_form("meetings:accepted-hits", T, answer=404, hidden=H),
    # The live minutes (issue 16): an empty body saves nothing and is sent back to the page;
    # an autosave naming no field is refused; minutes without decisions cannot be sent for
    # approval.
    *[row for name, status in [("minutes-save", 302), ("minutes-autosave", 400),
                               ("minutes-request-approval", 400)]
      for row in secretariat_action(f"meetings:{name}", TM, cross=AM, answer=status)],
    # Meetings: the members' pages.
    read_only("meetings:member-meeting", {"meeting_id": "{planned}"}, MEMBER_MEETING),
    read_only("meetings:member-meeting", {"meeting_id": "{hidden_meeting}"},
              HIDDEN_MEMBER_MEETING, "skjultraad"),
    # Attending and apologising are the members' own acts; approving the minutes the chair's.
    *[Row(f"meetings:{name}", {"meeting_id": "{planned}"}, post_only(MEMBER_MEETING),
          {**on_post(MEMBER_MEETING, 302), "secretary": 403, "admin": 403})
      for name in ["member-attending", "member-apology"]],
    Row("meetings:member-approve", {"meeting_id": "{planned}"}, post_only(MEMBER_MEETING),
        {**on_post(MEMBER_MEETING, 403), "chair": 400}),
    # Sending the minutes back is the approver's (the chair's): an empty comment is refused.
    Row("meetings:member-send-back", {"meeting_id": "{planned}"}, post_only(MEMBER_MEETING),
        {**on_post(MEMBER_MEETING, 403), "chair": 400}),
    Row("meetings:member-proposals", {"meeting_id": "{planned}"}, MEMBERS_ONLY,
        on_post(MEMBERS_ONLY, 400)),
    Row("meetings:member-extraordinary", T, MEMBERS_ONLY),
    Row("meetings:member-extraordinary", H, HIDDEN_MEMBERS_ONLY, label="skjultraad"),
    Row("meetings:extraordinary-request", T, post_only(MEMBERS_ONLY),
        on_post(MEMBERS_ONLY, 200)),
    Row("meetings:extraordinary-sign", T, post_only(MEMBERS_ONLY), on_post(MEMBERS_ONLY, 302)),
    Row("meetings:extraordinary-convene", T, post_only(MEMBERS_ONLY),
        {**on_post(MEMBERS_ONLY, 403), "chair": 200}),  # the chair convenes
    # Meetings: the public archive, PDFs, attachments and calendar.
    read_only("meetings:archive", T, PUBLIC),
    read_only("meetings:archive", H, NOWHERE, "skjultraad"),
    read_only("meetings:agenda-pdf", TM, PUBLIC),
    read_only("meetings:agenda-pdf", TP, NOWHERE, "planlagt"),
    read_only("meetings:agenda-pdf", HM, NOWHERE, "skjultraad"),
    read_only("meetings:minutes-pdf", TM, NOWHERE, "ikke-offentliggjort"),
    read_only("meetings:attachments-pdf", TM, PUBLIC),
    read_only("meetings:attachments-pdf", HM, NOWHERE, "skjultraad"),
    read_only("meetings:public-attachment", {**TM, "att_id": "{open_attachment}"}, PUBLIC),
    read_only("meetings:public-attachment", {**TM, "att_id": "{closed_attachment}"}, NOWHERE,
              "lukket"),
    read_only("meetings:public-attachment", {**HM, "att_id": "{hidden_attachment}"}, NOWHERE,
              "skjultraad"),
    read_only("meetings:calendar", T, PUBLIC),
    read_only("meetings:calendar", H, NOWHERE, "skjultraad"),
    # Easy-read.
    read_only("easyread:editor", TM, SECRETARIAT),
    read_only("easyread:editor", HM, HIDDEN_SECRETARIAT, "skjultraad"),
    # POST only, the method checked before the access (as agenda-item-move).
    Row("easyread:lix", TM, every(405), on_post(SECRETARIAT, 400)),
    # The meeting has no easy-read draft to save over or publish yet: a conflict.
    *secretariat_action("easyread:save", TM, cross=AM, answer=409),
    *secretariat_action("easyread:publish", TM, cross=AM, answer=409),
    read_only("easyread:public", TM, NOWHERE, "ikke-offentliggjort"),
    read_only("easyread:public", HM, NOWHERE, "skjultraad"),
    read_only("easyread:poster", TM, NOWHERE, "ikke-offentliggjort"),
    # Easy-read distribution: the council's target, poster places and print batches.
    *secretariat_form("easyread:distribution", T, hidden=H),
    Row("easyread:target", T, every(405), on_post(SECRETARIAT, 400)),
    Row("easyread:places-from-venues", T, every(405), on_post(SECRETARIAT, 302)),
    *secretariat_form("easyread:place-new", T, hidden=H, answer=400),
    *secretariat_form("easyread:place-edit", {**T, "pk": "{place}"},
                      cross={**A, "pk": "{place}"}, answer=400),
    Row("easyread:batch-new", T, every(405), on_post(SECRETARIAT, 400)),
    read_only("easyread:batch", {**T, "pk": "{batch}"}, SECRETARIAT),
    read_only("easyread:batch", {**A, "pk": "{batch}"}, CROSS, "andetraad"),
    # The batch's meeting has no published easy-read version: back to the batch page.
    read_only("easyread:batch-pdf", {**T, "pk": "{batch}"}, on_post(SECRETARIAT, 302)),
    read_only("easyread:batch-pdf", {**A, "pk": "{batch}"}, CROSS, "andetraad"),
    *secretariat_action("easyread:put-up", {**T, "pk": "{batch}", "posting_id": "{posting}"},
                        cross={**A, "pk": "{batch}", "posting_id": "{posting}"}),
    # Imports.
    *secretariat_form("imports:upload", T, hidden=H, answer=400),
    # Nothing uploaded yet: the review page sends the secretariat back to the upload.
    Row("imports:review", T, on_post(SECRETARIAT, 302), on_post(SECRETARIAT, 302)),
    *secretariat_action("imports:discard", T),
    # Imports of a whole archive (issue 15): the upload, a batch's report, a document's review.
    *secretariat_form("imports:archive", T, hidden=H, answer=400),
    read_only("imports:batch", {**T, "batch_id": "{import_batch}"}, SECRETARIAT),
    read_only("imports:batch", {**A, "batch_id": "{import_batch}"}, CROSS, "andetraad"),
    *secretariat_form("imports:batch-document",
                      {**T, "batch_id": "{import_batch}", "document_id": "{import_document}"},
                      cross={**A, "batch_id": "{import_batch}",
                             "document_id": "{import_document}"}, answer=400),
    # Hearings and statements: the secretariat's overview, registration and workspace.
    # The annual plan (issue 13).
    read_only("yearplan:plan", T, SECRETARIAT),
    read_only("yearplan:plan", H, HIDDEN_SECRETARIAT, "skjultraad"),
    read_only("yearplan:plan-year", {**T, "year": "2026"}, SECRETARIAT),
    read_only("yearplan:plan-year", {**T, "year": "1800"}, {**SECRETARIAT, "secretary": 404,
                                                             "admin": 404}, "1800"),
    *secretariat_form("yearplan:entry-new", {**T, "year": "2026"}, answer=400),
    *secretariat_form("yearplan:entry-edit", {**T, "pk": "{plan_entry}"},
                      cross={**A, "pk": "{plan_entry}"}, answer=400),
    *secretariat_form("yearplan:entry-delete", {**T, "pk": "{plan_entry}"},
                      cross={**A, "pk": "{plan_entry}"}, answer=302),
    *secretariat_action("yearplan:add-duties", {**T, "year": "2026"}),
    read_only("yearplan:public", T, PUBLIC),
    read_only("yearplan:public", H, NOWHERE, "skjultraad"),
    read_only("yearplan:public-year", {**T, "year": "2026"}, PUBLIC),
    read_only("yearplan:public-pdf", {**T, "year": "2026"}, PUBLIC),
    read_only("yearplan:public-pdf", {**H, "year": "2026"}, NOWHERE, "skjultraad"),
    # The term change: nominations and elections (issue 13).
    read_only("termcycle:overview", T, SECRETARIAT),
    read_only("termcycle:overview", H, HIDDEN_SECRETARIAT, "skjultraad"),
    *secretariat_action("termcycle:nomination-request", T, answer=404),
    *secretariat_action("termcycle:nomination-remind", {**T, "pk": "{nomination}"},
                        cross={**A, "pk": "{nomination}"}),
    *secretariat_action("termcycle:nomination-confirm", {**T, "pk": "{nomination}"},
                        cross={**A, "pk": "{nomination}"}),
    *secretariat_form("termcycle:election-new", T, answer=400),
    read_only("termcycle:election", {**T, "pk": "{election}"}, SECRETARIAT),
    read_only("termcycle:election", {**A, "pk": "{election}"}, CROSS, "andetraad"),
    *secretariat_action("termcycle:candidate-add", {**T, "pk": "{election}"},
                        cross={**A, "pk": "{election}"}, answer=400),
    *secretariat_action("termcycle:votes", {**T, "pk": "{election}"}),
    *secretariat_action("termcycle:decide", {**T, "pk": "{election}"}, answer=400),
    read_only("termcycle:ballot", {**T, "pk": "{election}"}, SECRETARIAT),
    read_only("termcycle:poster", {**T, "pk": "{election}"}, SECRETARIAT),
    Row("termcycle:constitution", TP, SECRETARIAT, on_post(SECRETARIAT, 405)),
    Row("termcycle:constitution", AP, CROSS, CROSS, label="andetraad"),
    *secretariat_action("termcycle:constitution-mark", TP, cross=AP),
    Row("termcycle:nominate", {"token": "matrix-token"}, PUBLIC, every(400)),
    read_only("termcycle:nominate", {"token": "ukendt"}, every(410), "ukendt"),
    # Status reports and evaluations (issue 13).
    *secretariat_form("reports:list", T, answer=400),
    *secretariat_form("reports:edit", {**T, "pk": "{report}"}, cross={**A, "pk": "{report}"},
                      answer=400),
    *secretariat_action("reports:refresh", {**T, "pk": "{report}"},
                        cross={**A, "pk": "{report}"}),
    *secretariat_action("reports:approve", {**T, "pk": "{report}"}, answer=400),
    *secretariat_action("reports:publish", {**T, "pk": "{report}"}, answer=400),
    *secretariat_action("reports:send", {**T, "pk": "{report}"}, answer=400),
    read_only("reports:draft-pdf", {**T, "pk": "{report}"}, SECRETARIAT),
    read_only("reports:public-list", T, PUBLIC),
    read_only("reports:public-list", H, NOWHERE, "skjultraad"),
    read_only("reports:public-detail", {**T, "pk": "{published_report}"}, PUBLIC),
    read_only("reports:public-detail", {**T, "pk": "{report}"}, NOWHERE, "udkast"),
    read_only("reports:public-pdf", {**T, "pk": "{published_report}"}, PUBLIC),
    read_only("reports:public-pdf", {**T, "pk": "{report}"}, NOWHERE, "udkast"),
    read_only("hearings:overview", T, SECRETARIAT),
    read_only("hearings:overview", H, HIDDEN_SECRETARIAT, "skjultraad"),
    *secretariat_form("hearings:new", T, hidden=H, answer=400),
    *secretariat_form("hearings:from-email", T, hidden=H, answer=400),
    read_only("hearings:workspace", TH, SECRETARIAT),
    read_only("hearings:workspace", AH, CROSS, "andetraad"),
    read_only("hearings:document", {**TH, "doc_id": "{hearing_document}"}, SECRETARIAT),
    read_only("hearings:document", {**AH, "doc_id": "{hearing_document}"}, CROSS,
              "andetraad"),
    # Empty bodies: 400 where a form is missing, 409 where the hearing's state forbids the
    # step (it is open for comments: no draft to submit, nothing approved to send).
    *[row for name, status in [("document-add", 400), ("open", 409), ("draft", 400),
                               ("submit", 409), ("approve", 409), ("send", 409),
                               ("publish", 409), ("outcome", 400)]
      for row in secretariat_action(f"hearings:{name}", TH, cross=AH, answer=status)],
    # Hearings: the members' pages (the secretariat reads the hearing too, members comment).
    read_only("hearings:member-list", T, MEMBERS_ONLY),
    read_only("hearings:member-list", H, HIDDEN_MEMBERS_ONLY, "skjultraad"),
    read_only("hearings:member-hearing", {"pk": "{hearing}"}, MEMBER_MEETING),
    read_only("hearings:member-document", {"pk": "{hearing}", "doc_id": "{hearing_document}"},
              MEMBER_MEETING),
    Row("hearings:member-comment", {"pk": "{hearing}"}, post_only(MEMBER_MEETING),
        on_post(MEMBER_MEETING, 400)),
    Row("hearings:member-approve", {"pk": "{hearing}"}, post_only(MEMBER_MEETING),
        on_post(MEMBER_MEETING, 409)),
    # Hearings: the public responses; nothing unpublished, nothing of a council not public.
    read_only("hearings:public-list", T, PUBLIC),
    read_only("hearings:public-list", H, NOWHERE, "skjultraad"),
    read_only("hearings:public-detail", {**T, "pk": "{published_hearing}"}, PUBLIC),
    read_only("hearings:public-detail", {**T, "pk": "{hearing}"}, NOWHERE, "ikke-offentligt"),
    read_only("hearings:public-detail", {**A, "pk": "{published_hearing}"}, NOWHERE,
              "andetraad"),
    read_only("hearings:public-pdf", {**T, "pk": "{published_hearing}"}, PUBLIC),
    read_only("hearings:public-pdf", {**T, "pk": "{hearing}"}, NOWHERE, "ikke-offentligt"),
    read_only("oparl:hearing-paper", {"pk": "{published_hearing}"}, PUBLIC),
    read_only("oparl:hearing-paper", {"pk": "{hearing}"}, NOWHERE, "ikke-offentligt"),
    read_only("oparl:hearing-file", {"pk": "{published_hearing}"}, PUBLIC),
    read_only("oparl:hearing-file", {"pk": "{hearing}"}, NOWHERE, "ikke-offentligt"),
    read_only("oparl:report-paper", {"pk": "{published_report}"}, PUBLIC),
    read_only("oparl:report-paper", {"pk": "{report}"}, NOWHERE, "udkast"),
    read_only("oparl:report-file", {"pk": "{published_report}"}, PUBLIC),
    read_only("oparl:report-file", {"pk": "{report}"}, NOWHERE, "udkast"),
    # The OParl API: public and read-only; nothing of a council that is not public.
    read_only("oparl:system", {}, PUBLIC),
    read_only("oparl:bodies", {}, PUBLIC),
    *[read_only(f"oparl:{name}", {"pk": "{region}"}, PUBLIC)
      for name in ["body", "body-organizations", "body-persons", "body-meetings",
                   "body-papers", "body-items", "body-files", "body-locations", "body-terms",
                   "body-memberships"]],
    read_only("oparl:body", {"pk": "{hidden_authority}"}, NOWHERE, "skjultraad"),
    read_only("oparl:body-meetings", {"pk": "{hidden_authority}"}, NOWHERE, "skjultraad"),
    read_only("oparl:council", {"pk": "{council}"}, PUBLIC),
    read_only("oparl:council", {"pk": "{hidden_council}"}, NOWHERE, "skjultraad"),
    read_only("oparl:council-meetings", {"pk": "{council}"}, PUBLIC),
    read_only("oparl:council-meetings", {"pk": "{hidden_council}"}, NOWHERE, "skjultraad"),
    read_only("oparl:committee", {"pk": "{committee}"}, PUBLIC),
    read_only("oparl:organisation", {"pk": "{organisation}"}, PUBLIC),
    read_only("oparl:person", {"pk": "{member_person}"}, PUBLIC),
    read_only("oparl:person", {"pk": "{hidden_person}"}, NOWHERE, "skjultraad"),
    read_only("oparl:membership", {"pk": "{membership}"}, PUBLIC),
    read_only("oparl:membership", {"pk": "{hidden_membership}"}, NOWHERE, "skjultraad"),
    read_only("oparl:legislativeterm", {"pk": "{term}"}, PUBLIC),
    read_only("oparl:legislativeterm", {"pk": "{hidden_term}"}, NOWHERE, "skjultraad"),
    read_only("oparl:location", {"pk": "{venue}"}, PUBLIC),
    read_only("oparl:meeting", {"pk": "{published}"}, PUBLIC),
    read_only("oparl:meeting", {"pk": "{planned}"}, NOWHERE, "planlagt"),
    read_only("oparl:meeting", {"pk": "{hidden_meeting}"}, NOWHERE, "skjultraad"),
    read_only("oparl:meeting-location", {"pk": "{published}"}, PUBLIC),
    read_only("oparl:agendaitem", {"pk": "{published_item}"}, PUBLIC),
    read_only("oparl:agendaitem", {"pk": "{item}"}, NOWHERE, "planlagt"),
    read_only("oparl:agendaitem", {"pk": "{hidden_item}"}, NOWHERE, "skjultraad"),
    read_only("oparl:paper", {"pk": "{published_item}"}, PUBLIC),
    read_only("oparl:paper", {"pk": "{hidden_item}"}, NOWHERE, "skjultraad"),
    read_only("oparl:consultation", {"pk": "{published_item}"}, PUBLIC),
    read_only("oparl:file", {"pk": "{open_attachment}"}, PUBLIC),
    read_only("oparl:file", {"pk": "{closed_attachment}"}, NOWHERE, "lukket"),
    read_only("oparl:file", {"pk": "{hidden_attachment}"}, NOWHERE, "skjultraad"),
    read_only("oparl:meeting-file", {"pk": "{published}", "kind": "agenda"}, PUBLIC),
    read_only("oparl:meeting-file", {"pk": "{hidden_meeting}", "kind": "agenda"}, NOWHERE,
              "skjultraad"),
    read_only("oparl:paper-file", {"pk": "{published_item}"}, PUBLIC),
    # Inquiries: the public contact form (an empty body is a form error) and the record of
    # processing; the secretariat's screens for the council's own secretaries.
    Row("inquiries:contact", T, PUBLIC, on_post(PUBLIC, 400)),
    Row("inquiries:contact", H, NOWHERE, NOWHERE, label="skjultraad"),
    read_only("inquiries:thanks", T, PUBLIC),
    read_only("inquiries:thanks", H, NOWHERE, "skjultraad"),
    read_only("inquiries:processing", {}, PUBLIC),
    read_only("inquiries:list", T, INQUIRIES),
    read_only("inquiries:list", H, HIDDEN_INQUIRIES, "skjultraad"),
    Row("inquiries:register", T, INQUIRIES, on_post(INQUIRIES, 400)),
    Row("inquiries:settings", T, INQUIRIES, on_post(INQUIRIES, 400)),
    read_only("inquiries:detail", {**T, "pk": "{inquiry}"}, INQUIRIES),
    read_only("inquiries:detail", {**A, "pk": "{inquiry}"}, INQUIRY_CROSS, "andetraad"),
    # No decision chosen: back to the inquiry with a message.
    Row("inquiries:screen", {**T, "pk": "{inquiry}"}, post_only(INQUIRIES),
        on_post(INQUIRIES, 302)),
    Row("inquiries:screen", {**A, "pk": "{inquiry}"}, INQUIRY_CROSS, INQUIRY_CROSS,
        label="andetraad"),
    Row("inquiries:to-agenda", {**T, "pk": "{inquiry}"}, INQUIRIES, on_post(INQUIRIES, 400)),
    Row("inquiries:answer", {**T, "pk": "{inquiry}"}, INQUIRIES, on_post(INQUIRIES, 400)),
    Row("inquiries:answer", {**A, "pk": "{inquiry}"}, INQUIRY_CROSS, INQUIRY_CROSS,
        label="andetraad"),
    Row("inquiries:close", {**T, "pk": "{inquiry}"}, post_only(INQUIRIES),
        on_post(INQUIRIES, 302)),
    Row("inquiries:person-data", T, INQUIRIES, on_post(INQUIRIES, 400)),
    Row("inquiries:person-data", H, HIDDEN_INQUIRIES, on_post(HIDDEN_INQUIRIES, 400),
        label="skjultraad"),
    # Export and erasure are POST forms; a GET, or a POST without a search, goes back to the
    # search page.
    Row("inquiries:person-export", T, on_post(INQUIRIES, 302), on_post(INQUIRIES, 302)),
    Row("inquiries:person-erase", T, on_post(INQUIRIES, 302), on_post(INQUIRIES, 302)),
    *MONEY_ROWS,
    # An authority's look (issue 16): edited by the secretaries of its councils (an empty
    # POST saves the site's own look); its stylesheet and logo are public.
    Row("look:edit", {"slug": "testregion"}, SECRETARIAT, on_post(SECRETARIAT, 302)),
    Row("look:edit", {"slug": "skjultkommune"}, HIDDEN_SECRETARIAT,
        on_post(HIDDEN_SECRETARIAT, 302), label="skjultkommune"),
    read_only("look:style", {"slug": "testregion"}, PUBLIC),
    read_only("look:style", {"slug": "findes-ikke"}, NOWHERE, "findes-ikke"),
    read_only("look:logo", {"slug": "testregion"}, NOWHERE, "uden-logo"),
    # Self-service set-up (issue 16): the platform administrator (with two-factor) creates
    # councils and invites secretaries; an empty POST is a form with errors. The secretariat
    # invites members (POST only). An invitation link that is not one answers 404 to anyone.
    *[Row(f"onboarding:{name}", {}, PLATFORM, on_post(PLATFORM, 200))
      for name in ("from-file", "copy", "blank")],
    read_only("onboarding:start", {}, PLATFORM),
    Row("onboarding:secretaries", T, PLATFORM, on_post(PLATFORM, 200)),
    *secretariat_action("onboarding:invite-all", T),
    *secretariat_action("onboarding:invite-member", {**T, "pk": "{membership}"},
                        cross={**A, "pk": "{membership}"}),
    Row("onboarding:accept", {"token": "ugyldig"}, NOWHERE, NOWHERE),
]

SKIPPED_PREFIXES = ("admin/", "i18n/", "static/", "media/")


def resolver_routes(patterns=None, prefix: str = "", namespace: str | None = None):
    """The namespaced name of every route, included URLconfs walked recursively."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(p.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(p, URLResolver):
            yield from resolver_routes(p.url_patterns, route, p.namespace or namespace)
        else:
            assert isinstance(p, URLPattern)
            yield f"{namespace}:{p.name}"


def test_every_route_has_a_row_and_every_row_a_route():
    routes = set(resolver_routes())
    rows = {row.route for row in ROWS}
    assert sorted(routes - rows) == [], "routes without a row in the access matrix"
    assert sorted(rows - routes) == [], "rows for routes that no longer exist"


def test_every_row_names_every_persona():
    for row in ROWS:
        assert set(row.get) == set(PERSONAS), row.id
        assert row.post is None or set(row.post) == set(PERSONAS), row.id


def test_the_row_check_sees_a_missing_route():
    assert "front:home" in set(resolver_routes())
    assert not any(name.startswith(("admin:", "None:")) for name in resolver_routes())


@pytest.fixture
def objects(world, tmp_path, settings):
    """The world with the extra personas, and the meetings the rows point at: a planned meeting
    with an item and a proposal, a held meeting with a public item that has an open and a
    closed attachment, and a held meeting of the council that is not public."""
    import datetime as dt

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from udsatteraad.councils.models import Committee
    from udsatteraad.meetings.models import AgendaItem, Attachment, ItemProposal, Meeting

    add_extra_personas(world)
    settings.MEDIA_ROOT = tmp_path
    soon = timezone.now() + dt.timedelta(days=30)
    planned = Meeting.objects.create(council=world.council, title="Planlagt møde", start=soon)
    item = AgendaItem.objects.create(meeting=planned, number=1, title="Budget")
    ItemProposal.objects.create(meeting=planned, proposed_by=world.member.person,
                                title="Varmestuer", description="Åbningstider om vinteren.")
    earlier = soon - dt.timedelta(days=60)
    published = Meeting.objects.create(
        council=world.council, title="Offentligt møde", start=earlier, status="held",
        agenda_published_at=earlier - dt.timedelta(days=7), location="Rådhuset, mødelokale 1",
    )
    pitem = AgendaItem.objects.create(meeting=published, number=1, title="Status",
                                      case_presentation="Sekretariatet orienterer.")
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    open_att = Attachment(item=pitem, title="Åbent bilag", content_type="image/png")
    open_att.file.save("aabent.png", ContentFile(png), save=True)
    closed_att = Attachment(item=pitem, title="Lukket bilag", is_public=False,
                            content_type="image/png")
    closed_att.file.save("lukket.png", ContentFile(png), save=True)
    hidden = Meeting.objects.create(
        council=world.hidden_council, title="Skjult møde", start=earlier, status="held",
        agenda_published_at=earlier - dt.timedelta(days=7),
    )
    hitem = AgendaItem.objects.create(meeting=hidden, number=1, title="Skjult punkt",
                                      case_presentation="Ikke offentligt.")
    hidden_att = Attachment(item=hitem, title="Skjult bilag", content_type="image/png")
    hidden_att.file.save("skjult.png", ContentFile(png), save=True)
    from udsatteraad.easyread.models import Place, Posting, PrintBatch

    place = Place.objects.create(council=world.council, name="Café Test")
    batch = PrintBatch.objects.create(council=world.council, meeting=published)
    posting = Posting.objects.create(batch=batch, place=place, place_name=place.name)
    from udsatteraad.inquiries.models import Inquiry

    inquiry = Inquiry.objects.create(council=world.council, message="Om væresteder.")
    hearing, document, published_hearing = _hearings(world, png)
    from udsatteraad.imports.actions import create_batch, import_batch_document
    from udsatteraad.imports.archive import Entry

    import_batch = create_batch(council=world.council, user=world.secretary, entries=[
        Entry("referat.txt", b"Referat\n\nPunkt 1: Godkendelse\n27.15.00-A08-1-21\n")])
    import_document = import_batch.documents.get()
    import_batch_document(document_id=import_document.pk)  # no date: waits for review
    money = _money(world)
    return {
        "import_batch": import_batch.pk, "import_document": import_document.pk,
        "place": place.pk, "batch": batch.pk, "posting": posting.pk,
        "inquiry": inquiry.pk,
        **money,
        "hearing": hearing.pk, "hearing_document": document.pk,
        "published_hearing": published_hearing.pk,
        "planned": planned.pk, "item": item.pk, "published": published.pk,
        "published_item": pitem.pk, "open_attachment": open_att.pk,
        "closed_attachment": closed_att.pk, "hidden_meeting": hidden.pk,
        "hidden_item": hitem.pk, "hidden_attachment": hidden_att.pk,
        "seat_group": world.red_cross_group.pk, "term": world.term.pk,
        "membership": world.member_membership.pk, "organisation": world.red_cross.pk,
        "venue": world.cafe.pk, "region": world.region.pk, "council": world.council.pk,
        "committee": Committee.objects.get(authority=world.region).pk,
        "member_person": world.member.person.pk,
        "hidden_authority": world.hidden_council.authority_id,
        "hidden_council": world.hidden_council.pk,
        "hidden_person": world.hidden_member.person.pk,
        "hidden_membership": world.hidden_membership.pk,
        "hidden_term": world.hidden_membership.term_id,
        **_yearplan(world),
    }


def _yearplan(world) -> dict:
    """An entry in the test council's annual plan; a nomination asked of Røde Kors (its link's
    token is "matrix-token") and an election of the user representative."""
    import datetime as dt

    from udsatteraad.yearplan.models import PlanEntry

    entry = PlanEntry.objects.create(council=world.council, year=2026, kind="theme",
                                     title="Tema om bolig")
    from udsatteraad.termcycle.models import Election, Nomination, token_digest

    nomination = Nomination.objects.create(
        council=world.council, term=world.term, seat_group=world.red_cross_group,
        organisation=world.red_cross, email="roede-kors@example.org",
        token_digest=token_digest("matrix-token"),
        expires=dt.datetime(2100, 1, 1, tzinfo=dt.UTC))
    election = Election.objects.create(council=world.council, term=world.term,
                                       seat_group=world.user_group, date=dt.date(2026, 5, 1))
    from udsatteraad.reports.models import Report

    report = Report.objects.create(council=world.council, kind="status", title="Status 2026",
                                   period_start=dt.date(2026, 1, 1),
                                   period_end=dt.date(2026, 12, 31))
    published = Report.objects.create(council=world.council, kind="status", title="Status 2025",
                                      period_start=dt.date(2025, 1, 1),
                                      period_end=dt.date(2025, 12, 31), status="published")
    return {"plan_entry": entry.pk, "nomination": nomination.pk, "election": election.pk,
            "report": report.pk, "published_report": published.pk}


def _money(world) -> dict[str, int]:
    """A submitted travel claim of the member with a receipt, and a payroll export."""
    from django.core.files.base import ContentFile

    from udsatteraad.money.models import Export, Receipt, TravelClaim
    from udsatteraad.money.testing import PNG, past_day

    claim = TravelClaim.objects.create(council=world.council, person=world.member.person,
                                       day=past_day(), activity="Temadag", transport="public",
                                       expenses=100, amount=100)
    receipt = Receipt(claim=claim, content_type="image/png", size=len(PNG))
    receipt.file.save("kvittering.png", ContentFile(PNG), save=True)
    export = Export.objects.create(council=world.council, period_start=past_day(30),
                                   period_end=past_day(), created_by=world.secretary)
    return {"claim": claim.pk, "receipt": receipt.pk, "money_export": export.pk}


def _hearings(world, png: bytes):
    """A hearing open for comments with a document, and a published response."""
    import datetime as dt

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from udsatteraad.hearings.models import Draft, Hearing, HearingDocument

    today = timezone.localdate()
    hearing = Hearing.objects.create(
        council=world.council, title="Hjemløsestrategi", received=today,
        deadline=today + dt.timedelta(days=14), status=Hearing.Status.COMMENTING)
    document = HearingDocument(hearing=hearing, title="Strategi", content_type="image/png",
                               size=len(png))
    document.file.save("strategi.png", ContentFile(png), save=True)
    published = Hearing.objects.create(
        council=world.council, title="Psykiatriplan", received=today,
        recipient="Regionsrådet", status=Hearing.Status.PUBLISHED,
        approved_at=timezone.now(), sent_at=timezone.now(), published_at=timezone.now())
    draft = Draft.objects.create(hearing=published, number=1, text="Rådet støtter planen.")
    published.approved_draft = draft
    published.save(update_fields=["approved_draft"])
    return hearing, document, published


def url_of(row: Row, objects: dict[str, int]) -> str:
    kwargs = {k: str(objects[v[1:-1]]) if v.startswith("{") else v
              for k, v in row.kwargs.items()}
    url = reverse(row.route, kwargs=kwargs)
    return f"{url}?{row.query}" if row.query else url


def client_for(persona: str, world) -> Client:
    if persona == "anon":
        return Client()
    return login(Client(), getattr(world, persona))


def answer(persona: str, client: Client, method: str, row: Row, url: str) -> int:
    response = client.get(url) if method == "GET" else client.post(url, {})
    if persona == "anon" and response.status_code == 302 and not row.route.startswith(
            "accounts:"):
        # The only redirect an anonymous visitor gets from a protected page: to the login.
        assert response["Location"].startswith(reverse("accounts:login") + "?next="), url
    return response.status_code


def refused(row: Row, persona: str) -> bool:
    """Refused before the view does anything: 403/404, or an anonymous visitor sent to log in."""
    assert row.post is not None
    status = row.post[persona]
    return status in (403, 404) and row.get[persona] in (403, 404) or (
        persona == "anon" and status == 302 and not row.route.startswith("accounts:"))


# The rows are checked in chunks, each in one world: building a world is what a test costs,
# and a failure still names every route and persona that answered otherwise.
CHUNK = 15


def chunks(rows: list[Row]) -> list:
    return [pytest.param(rows[i:i + CHUNK],
                         id=f"{rows[i].id}..{rows[min(i + CHUNK, len(rows)) - 1].id}")
            for i in range(0, len(rows), CHUNK)]


def mismatches(found: dict[str, int], expected: dict[str, int], url: str) -> list[str]:
    return [f"{url} {p}: {found[p]} (expected {expected[p]})" for p in expected
            if found.get(p) != expected[p]]


@pytest.mark.parametrize("rows", chunks(ROWS))
def test_get(rows, world, objects):
    wrong: list[str] = []
    clients = {p: client_for(p, world) for p in PERSONAS}
    for row in rows:
        url = url_of(row, objects)
        answers = {p: answer(p, clients[p], "GET", row, url) for p in PERSONAS}
        wrong += mismatches(answers, row.get, f"GET {row.route}")
    assert wrong == []


POST_ROWS = [row for row in ROWS if row.post is not None]


@pytest.mark.parametrize("rows", chunks(POST_ROWS))
def test_post_refused(rows, world, objects):
    """The personas without access: refused before anything happens (one world for all)."""
    wrong: list[str] = []
    clients = {p: client_for(p, world) for p in PERSONAS}
    for row in rows:
        assert row.post is not None
        url = url_of(row, objects)
        want = {p: st for p, st in row.post.items() if refused(row, p)}
        answers = {p: answer(p, clients[p], "POST", row, url) for p in want}
        wrong += mismatches(answers, want, f"POST {row.route}")
    assert wrong == []


@pytest.mark.parametrize("rows", chunks([row for row in POST_ROWS
                                         if any(not refused(row, p) for p in PERSONAS)]))
def test_post_allowed(rows, world, objects):
    """Each persona with access: what the view answers to an empty POST. Each POST runs in a
    transaction that is rolled back, so every persona meets the same world (a savepoint the
    views' own transactions nest in; nothing is committed, so nothing is sent after commit)."""
    from django.db import transaction

    wrong: list[str] = []
    for row in rows:
        assert row.post is not None
        url = url_of(row, objects)
        want = {p: st for p, st in row.post.items() if not refused(row, p)}
        answers = {}
        for persona in want:
            # A client of its own: a POST may log the client in or out.
            with transaction.atomic():
                client = client_for(persona, world)
                answers[persona] = answer(persona, client, "POST", row, url)
                transaction.set_rollback(True)
        wrong += mismatches(answers, want, f"POST {row.route}")
    assert wrong == []


def test_secretariat_writes_refused_for_other_roles(world, objects):
    """A refused POST changes nothing."""
    url = reverse("councils:member-edit", args=["testraad", world.member_membership.pk])
    for persona in ["member", "chair", "other_secretary", "ended_member", "hidden_secretary"]:
        response = client_for(persona, world).post(url, {"person_name": "Ændret"})
        assert response.status_code == 403, persona
    response = client_for("other_secretary", world).post(
        reverse("councils:member-edit", args=["andetraad", world.member_membership.pk]),
        {"person_name": "X"},
    )
    assert response.status_code == 404
    world.member_membership.person.refresh_from_db()
    assert world.member_membership.person.name == "Medlem Mads Påhit"


def test_secretary_without_verified_device_is_sent_to_two_factor(world):
    client = Client()
    client.force_login(world.secretary)
    response = client.get(reverse("councils:overview", args=["testraad"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-verify"))
