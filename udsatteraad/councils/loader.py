"""Load a council from a YAML terms-of-reference file (format: docs/council-file.md).

The file is read with `yaml.compose` (udsatteraad/lib/yamlfile.py) so every value keeps its
line number: a malformed file is rejected with a Danish message naming the file, the line and
the field, and so are the model rules (rules.py) that a member entry breaks. Loading is
idempotent: rows are found by their natural keys (slugs, names, versions) and only saved when a
value differs.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from udsatteraad.lib.text import danish_slugify
from udsatteraad.lib.yamlfile import (
    Reader,
    Stats,
    YMap,
    check_schema,
    clean_or_fail,
    read_yaml,
    set_m2m,
    upsert,
)

from .models import (
    Authority,
    Committee,
    Council,
    FocusArea,
    Membership,
    Organisation,
    Person,
    RulesOfProcedure,
    SeatGroup,
    TargetGroup,
    Term,
    TermsOfReference,
    Venue,
)
from .procedure import default_closing_items, default_opening_items

# --- the council file ---------------------------------------------------------------------------

TOP_KEYS = {"authority", "council", "organisations", "venues", "terms_of_reference", "terms",
            "rules_of_procedure"}
AUTHORITY_KEYS = {"name", "slug", "kind", "website", "assembly", "committees"}
COUNCIL_KEYS = {"name", "slug", "contact_email", "contact_phone", "contact_text", "is_public",
                "advises"}
ORGANISATION_KEYS = {"slug", "name", "website", "description"}
VENUE_KEYS = {"slug", "name", "kind", "address", "description"}
TOR_TEXT = ["title", "adopted_by", "case_number", "purpose", "target_group_text", "evaluation",
            "status_report", "status_report_to", "eligibility", "eligibility_area_name",
            "travel_allowance", "secretariat", "minutes_rule", "contact_rule", "text", "source"]
TOR_BOOL = {"after_working_hours": False, "chair_convenes_extraordinary": True,
            "substitutes_allowed": False, "personal_members_allowed": False,
            "min_share_strict": False}
# Yes/no rules a document may leave unsaid: None ("the terms say nothing") when left out.
TOR_OPTIONAL_BOOL = ["serve_until_successor", "hearings_only_when_asked"]
TOR_POS_INT = ["extraordinary_request_members", "trial_years", "term_years",
               "max_consecutive_terms", "evaluation_after_years", "status_report_every_years",
               "dialogue_meetings_per_year", "user_group_meetings_per_term",
               "user_group_meetings_per_year", "eligibility_min_age"]
TOR_CHOICES = {"chair_rule": TermsOfReference.ChairRule,
               "vice_chair_rule": TermsOfReference.ViceChairRule,
               "term_basis": TermsOfReference.TermBasis,
               "evaluation_when": TermsOfReference.Evaluation,
               "eligibility_area": TermsOfReference.AreaRule,
               "travel_allowance_rule": TermsOfReference.PerDiemRule,
               "min_share_kind": SeatGroup.Kind}
TOR_KEYS = {*TOR_TEXT, *TOR_BOOL, *TOR_OPTIONAL_BOOL, *TOR_POS_INT, *TOR_CHOICES, "version",
            "adopted_on", "adjusted_on", "target_groups", "focus_areas", "tasks", "meetings_min",
            "meetings_max", "per_diem_rule", "yearly_budget", "min_share", "seat_groups"}
SEAT_GROUP_KEYS = {"key", "name", "kind", "seats", "organisations", "venue", "description",
                   "appointed_by", "appointed_by_name", "substitutes", "substitutes_max",
                   "eligibility_service_user"}
TERM_KEYS = {"name", "start", "end", "evaluation_due", "members"}
MEMBER_KEYS = {"name", "email", "phone", "seat_group", "role", "start", "end", "end_reason",
               "nominated_by", "substitute", "substitute_rank", "deputy_for",
               "eligibility_confirmed"}
# What a secretariat confirms of the eligibility rules (rules.ELIGIBILITY_* on the
# rules-members branch): codes only, never the facts behind them.
ELIGIBILITY_CODES = ("age", "area", "service_user")
MEMBER_FIELD_MAP = {"person": "name", "is_substitute": "substitute", "term": "seat_group",
                    "council": "seat_group"}
# rules_of_procedure: kind and (for the ones the model requires) what a left-out rule becomes.
RULES_INT = {"proposal_deadline_days": 14, "agenda_notice_days": 7, "hearing_reminder_days": 5}
RULES_OPTIONAL_INT = ["minutes_written_days", "minutes_sent_within_days"]
RULES_CHOICES = {
    "notice_enforcement": (RulesOfProcedure.NoticeEnforcement, "warn"),
    "urgent_items": (RulesOfProcedure.UrgentItems, ""),
    "decision_rule": (RulesOfProcedure.DecisionRule, ""),
    "openness": (RulesOfProcedure.Openness, ""),
    "spokesperson": (RulesOfProcedure.Spokesperson, ""),
    "minutes_approval": (RulesOfProcedure.MinutesApproval, "chair"),
    "hearing_response_approval": (RulesOfProcedure.HearingResponseApproval, "chair"),
}
RULES_TEXT = ["guests_text", "confidentiality", "text", "source"]
RULES_OPTIONAL_BOOL = ["chair_casting_vote", "dissent_recorded"]
RULES_BOOL = {"quorum_strict": False, "quorum_includes_chair": False}
RULES_KEYS = {*RULES_INT, *RULES_OPTIONAL_INT, *RULES_CHOICES, *RULES_TEXT, *RULES_OPTIONAL_BOOL,
              *RULES_BOOL, "working_hours_end", "urgent_items_share", "quorum", "opening_items",
              "closing_items"}
RULES_FIELD_MAP = {"quorum_numerator": "quorum", "quorum_denominator": "quorum",
                   "urgent_items_numerator": "urgent_items_share",
                   "urgent_items_denominator": "urgent_items_share"}
TOR_FIELD_MAP = {"min_share_numerator": "min_share", "min_share_denominator": "min_share"}
SEAT_GROUP_FIELD_MAP = {"seats_min": "seats"}

# Every key the loader accepts, by section: tests/test_council_schema.py holds the JSON Schema
# to exactly these, so the two cannot drift apart.
SECTIONS = {"(filen)": TOP_KEYS, "authority": AUTHORITY_KEYS, "council": COUNCIL_KEYS,
            "organisations": ORGANISATION_KEYS, "venues": VENUE_KEYS,
            "terms_of_reference": TOR_KEYS, "seat_groups": SEAT_GROUP_KEYS, "terms": TERM_KEYS,
            "members": MEMBER_KEYS, "rules_of_procedure": RULES_KEYS}
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "council-file.schema.json"


@functools.cache
def council_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@dataclass
class CouncilLoadResult:
    council: Council
    stats: Stats
    seats: int = 0
    memberships: int = 0


class CouncilLoader:
    def __init__(self, path: str, data: Any):
        self.r = Reader(path)
        self.data = data
        self.stats = Stats()

    def run(self) -> CouncilLoadResult:
        r = self.r
        top = r.as_map(self.data, getattr(self.data, "line", 1), "(filen)", TOP_KEYS)
        if "authority" not in top:
            self._missing(top, "authority")
        authority = self.load_authority(
            r.as_map(top["authority"], top.key_lines["authority"], "authority", AUTHORITY_KEYS))
        council = self.load_council(authority, top)
        for entry, _line in r.maps(top, "organisations", ORGANISATION_KEYS):
            upsert(r, self.stats, Organisation,
                   {"authority": authority, "slug": r.get(entry, "slug", "slug", required=True)},
                   {"name": r.get(entry, "name", required=True),
                    "website": r.get(entry, "website", default=""),
                    "description": r.get(entry, "description", default="")}, entry)
        for entry, _line in r.maps(top, "venues", VENUE_KEYS):
            upsert(r, self.stats, Venue,
                   {"authority": authority, "slug": r.get(entry, "slug", "slug", required=True)},
                   {"name": r.get(entry, "name", required=True),
                    "kind": r.get(entry, "kind", default=Venue.Kind.OTHER.value,
                                  choices=Venue.Kind),
                    "address": r.get(entry, "address", default=""),
                    "description": r.get(entry, "description", default="")}, entry)
        self.organisations = {o.slug: o for o in authority.organisations.all()}
        self.venues = {v.slug: v for v in authority.venues.all()}
        self.seat_groups: dict[int, dict[str, SeatGroup]] = {}
        self.seen_versions: set[int] = set()
        versions = []
        for entry, _line in r.maps(top, "terms_of_reference", TOR_KEYS, required=True):
            versions.append(self.load_tor(council, entry))
        if not versions:
            raise r.field_error(top, "terms_of_reference", _("skal have mindst én version"))
        result = CouncilLoadResult(council=council, stats=self.stats)
        for entry, _line in r.maps(top, "terms", TERM_KEYS):
            result.memberships += self.load_term(council, entry, versions)
        if "rules_of_procedure" in top:
            self.load_rules(council, r.as_map(top["rules_of_procedure"],
                                              top.key_lines["rules_of_procedure"],
                                              "rules_of_procedure", RULES_KEYS))
        result.seats = max(versions, key=_in_force_order).seat_count
        return result

    def _missing(self, m: YMap, key: str):
        raise self.r.field_error(m, key, _("mangler"))

    def load_authority(self, a: YMap) -> Authority:
        r = self.r
        authority = upsert(r, self.stats, Authority,
                           {"slug": r.get(a, "slug", "slug", required=True)},
                           {"name": r.get(a, "name", required=True),
                            "kind": r.get(a, "kind", required=True, choices=Authority.Kind),
                            "website": r.get(a, "website", default="")}, a)
        assembly = r.get(a, "assembly", default=authority.assembly_name.capitalize())
        upsert(r, self.stats, Committee, {"authority": authority, "name": assembly},
               {"kind": Committee.Kind.ASSEMBLY.value}, a, {"name": "assembly"})
        for name in r.get(a, "committees", "str_list", default=[]):
            upsert(r, self.stats, Committee, {"authority": authority, "name": name},
                   {"kind": Committee.Kind.COMMITTEE.value}, a, {"name": "committees"})
        return authority

    def load_council(self, authority: Authority, top: YMap) -> Council:
        r = self.r
        if "council" not in top:
            self._missing(top, "council")
        c = r.as_map(top["council"], top.key_lines["council"], "council", COUNCIL_KEYS)
        slug = r.get(c, "slug", "slug", required=True)
        existing = Council.objects.filter(slug=slug).first()
        if existing and existing.authority_id != authority.pk:
            raise r.field_error(c, "slug", _('bruges allerede af et råd under %(a)s')
                                % {"a": existing.authority})
        council = upsert(r, self.stats, Council, {"slug": slug},
                         {"authority": authority, "name": r.get(c, "name", required=True),
                          "contact_email": r.get(c, "contact_email", default=""),
                          "contact_phone": r.get(c, "contact_phone", default=""),
                          "contact_text": r.get(c, "contact_text", default=""),
                          "is_public": r.get(c, "is_public", "bool", default=True)}, c,
                         {"authority": "slug"})
        advises = []
        for name in r.get(c, "advises", "str_list", default=[]):
            committee = authority.committees.filter(name=name).first()
            if committee is None:
                raise r.field_error(c, "advises", _('nævner et ukendt udvalg "%(n)s" (angiv det '
                                                    'under authority.committees)') % {"n": name})
            advises.append(committee)
        set_m2m(self.stats, council.advises, advises, "rådgiver")
        return council

    def _vocabulary(self, model, names: list[str]) -> list:
        objs = []
        for name in names:
            obj = model.objects.filter(name=name).first()
            if obj is None:
                base = danish_slugify(name)[:90] or "x"
                slug, n = base, 1
                while model.objects.filter(slug=slug).exists():
                    n += 1
                    slug = f"{base}-{n}"
                obj = model.objects.create(name=name, slug=slug)
            objs.append(obj)
        return objs

    def load_tor(self, council: Council, t: YMap) -> TermsOfReference:
        r = self.r
        values: dict[str, Any] = {k: r.get(t, k, default="") for k in TOR_TEXT}
        for k in ("title", "purpose"):
            values[k] = r.get(t, k, required=True)
        values.update({k: r.get(t, k, "bool", default=d) for k, d in TOR_BOOL.items()})
        values.update({k: r.get(t, k, "bool") for k in TOR_OPTIONAL_BOOL})
        values.update({k: r.get(t, k, "pos_int") for k in TOR_POS_INT})
        values.update({k: r.get(t, k, default="", choices=c) for k, c in TOR_CHOICES.items()})
        share = r.get(t, "min_share", "share")
        if share is not None and not values["min_share_kind"]:
            raise r.field_error(t, "min_share",
                                _("kræver min_share_kind (den pladstype, andelen gælder)"))
        if share is None and values["min_share_kind"]:
            raise r.field_error(t, "min_share_kind", _('kræver min_share (andelen, fx "1/3")'))
        values.update(
            min_share_numerator=share[0] if share else None,
            min_share_denominator=share[1] if share else None,
            adopted_on=r.get(t, "adopted_on", "date"),
            adjusted_on=r.get(t, "adjusted_on", "date"),
            tasks=list(r.get(t, "tasks", "str_list", default=[])),
            meetings_min=r.get(t, "meetings_min", "int"),
            meetings_max=r.get(t, "meetings_max", "int"),
            per_diem_rule=r.get(t, "per_diem_rule", default="none",
                                choices=TermsOfReference.PerDiemRule),
            yearly_budget=r.get(t, "yearly_budget", "decimal"),
        )
        low, high = values["meetings_min"], values["meetings_max"]
        if low is not None and high is not None and low > high:
            raise r.field_error(t, "meetings_max", _("kan ikke være mindre end meetings_min"))
        version = r.get(t, "version", "pos_int", required=True)
        if version in self.seen_versions:
            raise r.field_error(t, "version", _("%(v)s står to gange i filen") % {"v": version})
        self.seen_versions.add(version)
        tor = upsert(r, self.stats, TermsOfReference, {"council": council, "version": version},
                     values, t, TOR_FIELD_MAP)
        set_m2m(self.stats, tor.target_groups,
                self._vocabulary(TargetGroup, r.get(t, "target_groups", "str_list", default=[])),
                "målgrupper")
        set_m2m(self.stats, tor.focus_areas,
                self._vocabulary(FocusArea, r.get(t, "focus_areas", "str_list", default=[])),
                "indsatsområder")
        self.load_seat_groups(tor, t)
        return tor

    def load_seat_groups(self, tor: TermsOfReference, t: YMap) -> None:
        r = self.r
        groups: dict[str, SeatGroup] = {}
        names = set()
        for position, (g, _line) in enumerate(r.maps(t, "seat_groups", SEAT_GROUP_KEYS),
                                               start=1):
            name = r.get(g, "name", required=True)
            key = r.get(g, "key", "slug", required=True)
            if key in groups:
                raise r.field_error(g, "key", _('"%(k)s" er brugt af en anden pladsgruppe')
                                    % {"k": key})
            if name in names:
                raise r.field_error(g, "name", _('"%(n)s" er brugt af en anden pladsgruppe')
                                    % {"n": name})
            names.add(name)
            venue = None
            if (vslug := r.get(g, "venue", "slug")) is not None:
                venue = self.venues.get(vslug)
                if venue is None:
                    raise r.field_error(g, "venue", _('henviser til et ukendt sted "%(s)s"')
                                        % {"s": vslug})
            orgs = []
            for oslug in r.get(g, "organisations", "str_list", default=[]):
                if oslug not in self.organisations:
                    raise r.field_error(g, "organisations",
                                        _('henviser til en ukendt organisation "%(s)s"')
                                        % {"s": oslug})
                orgs.append(self.organisations[oslug])
            kind = r.get(g, "kind", required=True, choices=SeatGroup.Kind)
            if kind == SeatGroup.Kind.ORGANISATION and not orgs:
                raise r.field_error(g, "organisations",
                                    _("skal nævne mindst én organisation for en "
                                      "organisationsplads"))
            seats_min, seats = r.get(g, "seats", "seats", required=True)
            group = upsert(
                r, self.stats, SeatGroup, {"terms_of_reference": tor, "name": name},
                {"kind": kind, "seats": seats, "seats_min": seats_min, "venue": venue,
                 "position": position, "description": r.get(g, "description", default=""),
                 "appointed_by": r.get(g, "appointed_by", default="",
                                       choices=SeatGroup.AppointedBy),
                 "appointed_by_name": r.get(g, "appointed_by_name", default=""),
                 "substitutes": r.get(g, "substitutes", default=SeatGroup.Substitutes.ROSTER.value,
                                      choices=SeatGroup.Substitutes),
                 "substitutes_max": r.get(g, "substitutes_max", "pos_int"),
                 "eligibility_service_user": r.get(g, "eligibility_service_user", "bool",
                                                   default=False)},
                g, SEAT_GROUP_FIELD_MAP)
            set_m2m(self.stats, group.organisations, orgs, "indstillende organisationer")
            groups[key] = group
        # The file lists every seat group of a version: drop the ones no longer there.
        for stale in tor.seat_groups.exclude(pk__in=[g.pk for g in groups.values()]):
            if stale.memberships.exists():
                raise r.field_error(t, "seat_groups",
                                    _('mangler pladsgruppen "%(n)s", som har medlemmer')
                                    % {"n": stale.name})
            stale.delete()
        self.seat_groups[tor.pk] = groups

    def load_term(self, council: Council, t: YMap, versions: list[TermsOfReference]) -> int:
        r = self.r
        term = upsert(r, self.stats, Term, {"council": council, "name": r.get(t, "name",
                                                                            required=True)},
                      {"start": r.get(t, "start", "date", required=True),
                       "end": r.get(t, "end", "date", required=True),
                       "evaluation_due": r.get(t, "evaluation_due", "date")}, t)
        count = 0
        self.term_members: dict[str, Membership] = {}
        for m, _line in r.maps(t, "members", MEMBER_KEYS):
            self.load_member(council, term, m, versions)
            count += 1
        return count

    def load_member(self, council: Council, term: Term, m: YMap,
                    versions: list[TermsOfReference]) -> Membership:
        r = self.r
        name = r.get(m, "name", required=True)
        email = r.get(m, "email", default="")
        start = r.get(m, "start", "date", default=term.start)
        # The version in force when the membership starts holds its seat group.
        in_force = [v for v in versions if v.adopted_on is None or v.adopted_on <= start]
        tor = max(in_force or versions, key=_in_force_order)
        key = r.get(m, "seat_group", "slug", required=True)
        group = self.seat_groups[tor.pk].get(key)
        if group is None:
            raise r.field_error(m, "seat_group", _('henviser til en ukendt pladsgruppe "%(k)s" '
                                                   '(kommissorium version %(v)s)')
                                % {"k": key, "v": tor.version})
        nominated_by = None
        if (oslug := r.get(m, "nominated_by", "slug")) is not None:
            nominated_by = self.organisations.get(oslug)
            if nominated_by is None:
                raise r.field_error(m, "nominated_by",
                                    _('henviser til en ukendt organisation "%(s)s"') % {"s": oslug})
        deputy_for = None
        if (deputy_name := r.get(m, "deputy_for")) is not None:
            deputy_for = self.term_members.get(deputy_name)
            if deputy_for is None:
                raise r.field_error(m, "deputy_for", _('nævner "%(n)s", som ikke står før i '
                                                       'perioden (skriv medlemmet først)')
                                    % {"n": deputy_name})
        people = Person.objects.filter(email__iexact=email) if email else Person.objects.filter(
            name=name, email="")
        person = people.first()
        values = {"name": name, "email": email, "phone": r.get(m, "phone", default="")}
        if person is None:
            person = Person(**values)
            clean_or_fail(r, person, m)
            person.save()
            self.stats.note("person", True, True)
        elif any(getattr(person, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(person, k, v)
            clean_or_fail(r, person, m)
            person.save()
            self.stats.note("person", False, True)
        membership = upsert(
            r, self.stats, Membership, {"council": council, "term": term, "person": person,
                                        "start": start},
            {"seat_group": group,
             "role": r.get(m, "role", default="member", choices=Membership.Role),
             "end": r.get(m, "end", "date"),
             "end_reason": r.get(m, "end_reason", default="", choices=Membership.EndReason),
             "nominated_by": nominated_by,
             "is_substitute": r.get(m, "substitute", "bool", default=False),
             "substitute_rank": r.get(m, "substitute_rank", "pos_int"),
             "deputy_for": deputy_for,
             "eligibility_confirmed": self._eligibility(m)},
            m, MEMBER_FIELD_MAP)
        self.term_members[name] = membership
        return membership

    def _eligibility(self, m: YMap) -> list[str]:
        codes = list(self.r.get(m, "eligibility_confirmed", "str_list", default=[]))
        for code in codes:
            if code not in ELIGIBILITY_CODES:
                raise self.r.field_error(m, "eligibility_confirmed", _(
                    'skal være en af: %(valid)s (ikke "%(value)s")')
                    % {"valid": ", ".join(ELIGIBILITY_CODES), "value": code})
        return codes

    def load_rules(self, council: Council, f: YMap) -> RulesOfProcedure:
        """The rules of procedure (forretningsorden); a rule left out is "not stated", or the
        model's default where the model needs a value (deadlines, approval)."""
        r = self.r
        values: dict[str, Any] = {k: r.get(f, k, default="") for k in RULES_TEXT}
        values.update({k: r.get(f, k, "int", default=d) for k, d in RULES_INT.items()})
        values.update({k: r.get(f, k, "pos_int") for k in RULES_OPTIONAL_INT})
        values.update({k: r.get(f, k, default=d, choices=c)
                       for k, (c, d) in RULES_CHOICES.items()})
        values.update({k: r.get(f, k, "bool") for k in RULES_OPTIONAL_BOOL})
        values.update({k: r.get(f, k, "bool", default=d) for k, d in RULES_BOOL.items()})
        quorum = r.get(f, "quorum", "share")
        urgent = r.get(f, "urgent_items_share", "share")
        values.update(
            working_hours_end=r.get(f, "working_hours_end", "time", default=dt.time(16, 0)),
            quorum_numerator=quorum[0] if quorum else None,
            quorum_denominator=quorum[1] if quorum else None,
            urgent_items_numerator=urgent[0] if urgent else None,
            urgent_items_denominator=urgent[1] if urgent else None,
            opening_items=list(r.get(f, "opening_items", "str_list",
                                     default=default_opening_items())),
            closing_items=list(r.get(f, "closing_items", "str_list",
                                     default=default_closing_items())),
            stated=sorted(k for k in RULES_KEYS if k in f),
        )
        return upsert(r, self.stats, RulesOfProcedure, {"council": council}, values, f,
                      RULES_FIELD_MAP)


def _in_force_order(tor: TermsOfReference) -> tuple[dt.date, int]:
    # An undated version counts as adopted before every dated one.
    return (tor.adopted_on or dt.date.min, tor.version)


def load_council_file(path: str | Path, text: str | None = None) -> CouncilLoadResult:
    """Create or update one council from its file, all or nothing: the published JSON Schema
    first (docs/council-file.schema.json), then the loader's own checks and the models' rules."""
    data = read_yaml(path, text)
    check_schema(str(path), data, council_schema())
    with transaction.atomic():
        return CouncilLoader(str(path), data).run()
