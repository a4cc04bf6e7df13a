"""The recurring duties that follow from a council's terms of reference, for one year:
dialogue meetings with the committee, meetings with user groups (a number a year or a number a
term, spread evenly over the term), the status or annual report every N years, and the
evaluation (at the end of the term, after N years, or after a trial period).

A duty is planned by meetings of its kind (the meetings app) or by entries in the annual plan;
a dialogue meeting first put in the plan as an entry and later created as a meeting is one
dialogue meeting, so the planned count is the larger of the two, not their sum.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from udsatteraad.councils.models import Council, Term, TermsOfReference
from udsatteraad.meetings.models import Meeting

from .models import PlanEntry

Kind = PlanEntry.Kind


@dataclass(frozen=True)
class Duty:
    code: str
    label: str
    kind: str  # PlanEntry.Kind
    required: int
    planned: int
    due: dt.date

    @property
    def missing(self) -> int:
        return max(0, self.required - self.planned)

    @property
    def done(self) -> bool:
        return self.missing == 0


def _term_in(council: Council, year: int) -> Term | None:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return council.terms.filter(start__lte=last, end__gte=first).order_by("-start").first()


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _counts(council: Council, first: dt.date, last: dt.date) -> dict[str, int]:
    """Planned meetings and entries per plan kind between two days (both included)."""
    meetings = dict(
        Meeting.objects.filter(council=council, start__date__gte=first, start__date__lte=last,
                               kind__in=[Meeting.Kind.DIALOGUE, Meeting.Kind.USER_GROUPS])
        .exclude(status=Meeting.Status.CANCELLED)
        .values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    entries = dict(
        PlanEntry.objects.filter(council=council, year__gte=first.year, year__lte=last.year)
        .filter(Q(date__isnull=True) | Q(date__gte=first, date__lte=last))
        .values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    kinds = {Kind.DIALOGUE: Meeting.Kind.DIALOGUE, Kind.USER_GROUPS: Meeting.Kind.USER_GROUPS}
    counts = {k: entries.get(k, 0) for k in Kind.values}
    for plan_kind, meeting_kind in kinds.items():
        counts[plan_kind] = max(counts[plan_kind], meetings.get(meeting_kind, 0))
    return counts


def _evaluation_due(tor: TermsOfReference, term: Term) -> dt.date | None:
    if term.evaluation_due:
        return term.evaluation_due
    when = tor.evaluation_when
    if when == TermsOfReference.Evaluation.END_OF_TERM:
        return term.end
    if when == TermsOfReference.Evaluation.AFTER_YEARS and tor.evaluation_after_years:
        return _add_years(term.start, tor.evaluation_after_years) - dt.timedelta(days=1)
    if (not when and tor.term_basis == TermsOfReference.TermBasis.FIXED_TRIAL
            and tor.trial_years):
        return _add_years(term.start, tor.trial_years) - dt.timedelta(days=1)
    return None


def duties_for(council: Council, year: int) -> list[Duty]:
    """The duties of `year` by the terms of reference in force in the middle of it."""
    tor = council.current_terms(on=dt.date(year, 7, 1))
    if tor is None:
        return []
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    term = _term_in(council, year)
    year_counts = _counts(council, first, last)
    duties: list[Duty] = []

    if tor.dialogue_meetings_per_year:
        duties.append(Duty(
            "dialogue", _("Dialogmøde med udvalget"), Kind.DIALOGUE,
            tor.dialogue_meetings_per_year, year_counts[Kind.DIALOGUE], last))
    if tor.user_group_meetings_per_year:
        duties.append(Duty(
            "user_groups_year", _("Møde med brugergrupper"), Kind.USER_GROUPS,
            tor.user_group_meetings_per_year, year_counts[Kind.USER_GROUPS], last))
    if term is not None and tor.user_group_meetings_per_term:
        # Spread evenly: by the end of the k-th of n years, ceil(N*k/n) meetings held or planned.
        years = term.end.year - term.start.year + 1
        k = year - term.start.year + 1
        target = math.ceil(tor.user_group_meetings_per_term * k / years)
        so_far = _counts(council, term.start, min(last, term.end))[Kind.USER_GROUPS]
        duties.append(Duty(
            "user_groups_term",
            _("Møde med brugergrupper (%(n)s i perioden %(term)s)")
            % {"n": tor.user_group_meetings_per_term, "term": term.name},
            Kind.USER_GROUPS, target, so_far, min(last, term.end)))
    if term is not None and tor.status_report_every_years:
        k = year - term.start.year + 1
        if k >= 1 and k % tor.status_report_every_years == 0:
            label = (_("Årsberetning") if tor.status_report_every_years == 1
                     else _("Statusrapport"))
            if tor.status_report_to:
                label = _("%(label)s til %(to)s") % {"label": label, "to": tor.status_report_to}
            duties.append(Duty("status_report", label, Kind.STATUS_REPORT, 1,
                               min(1, year_counts[Kind.STATUS_REPORT]), min(last, term.end)))
    if term is not None:
        due = _evaluation_due(tor, term)
        if due is not None and due.year == year:
            duties.append(Duty("evaluation", _("Evaluering af rådet"), Kind.EVALUATION, 1,
                               min(1, year_counts[Kind.EVALUATION]), due))
    return duties


def missing_duties(council: Council, year: int) -> list[Duty]:
    return [d for d in duties_for(council, year) if not d.done]
