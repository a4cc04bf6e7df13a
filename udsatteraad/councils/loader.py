"""Load a council from a YAML terms-of-reference file (format: docs/council-file.md).

The file is read with `yaml.compose` so every value keeps its line number: a malformed file is
rejected with a Danish message naming the file, the line and the field, and so are the model
rules (rules.py) that a member entry breaks. Loading is idempotent: rows are found by their
natural keys (slugs, names, versions) and only saved when a value differs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import ForeignObjectRel
from django.utils.translation import gettext as _

from udsatteraad.lib.text import danish_slugify

from .models import (
    Authority,
    Committee,
    Council,
    FocusArea,
    Membership,
    Organisation,
    Person,
    SeatGroup,
    TargetGroup,
    Term,
    TermsOfReference,
    Venue,
)

# --- reading YAML with line numbers -------------------------------------------------------------


class LoadError(Exception):
    def __init__(self, path: str, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = _("%(path)s, linje %(line)s") % {"path": self.path, "line": self.line}
        return f"{where}: {self.message}" if self.line else f"{self.path}: {self.message}"


class YMap(dict):
    """A mapping that remembers its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


class YList(list):
    line: int = 0
    item_lines: list[int]


def _convert(loader: yaml.SafeLoader, node: yaml.Node, path: str) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        m = YMap()
        m.line, m.key_lines = line, {}
        for knode, vnode in node.value:
            key = loader.construct_object(knode, deep=True)
            if not isinstance(key, str):
                raise LoadError(path, knode.start_mark.line + 1,
                                _("feltnavnet %(key)r skal være en tekst") % {"key": key})
            if key in m:
                raise LoadError(path, knode.start_mark.line + 1,
                                _('feltet "%(key)s" står to gange') % {"key": key})
            m[key] = _convert(loader, vnode, path)
            m.key_lines[key] = knode.start_mark.line + 1
        return m
    if isinstance(node, yaml.SequenceNode):
        seq = YList()
        seq.line, seq.item_lines = line, []
        for item in node.value:
            seq.append(_convert(loader, item, path))
            seq.item_lines.append(item.start_mark.line + 1)
        return seq
    return loader.construct_object(node, deep=True)


def read_yaml(path: str | Path, text: str | None = None) -> Any:
    """Parse a YAML file into YMap/YList values carrying line numbers."""
    path = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise LoadError(path, None, _("filen kan ikke læses (%(e)s)") % {"e": e}) from e
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()  # what yaml.compose does, keeping the loader
            if node is None:
                raise LoadError(path, None, _("filen er tom"))
            return _convert(loader, node, path)
        finally:
            loader.dispose()
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(e, "problem", None) or str(e)
        raise LoadError(path, line, _("ugyldig YAML (%(problem)s)") % {"problem": problem}) from e


_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


class Reader:
    """Typed access to YMap values; every failure names the line and the field."""

    def __init__(self, path: str):
        self.path = path

    def error(self, line: int | None, message: str) -> LoadError:
        return LoadError(self.path, line, message)

    def field_error(self, m: YMap, key: str, message: str) -> LoadError:
        return self.error(m.key_lines.get(key, m.line),
                          _('feltet "%(key)s" %(message)s') % {"key": key, "message": message})

    def as_map(self, value: Any, line: int, what: str, allowed: set[str]) -> YMap:
        if not isinstance(value, YMap):
            raise self.error(line, _('feltet "%(f)s" skal være en samling af felter (navn: værdi)')
                             % {"f": what})
        for key in value:
            if key not in allowed:
                raise self.field_error(
                    value, key, _("er ukendt (tilladte felter: %(allowed)s)")
                    % {"allowed": ", ".join(sorted(allowed))})
        return value

    def maps(self, m: YMap, key: str, allowed: set[str], *, required: bool = False):
        """The entries of a list of mappings, with their lines."""
        seq = self.get(m, key, "list", required=required) or YList()
        for value, line in zip(seq, getattr(seq, "item_lines", []), strict=True):
            yield self.as_map(value, line, key, allowed), line

    def get(self, m: YMap, key: str, kind: str = "str", *, required: bool = False,
            default: Any = None, choices: Any = None) -> Any:
        value = m.get(key)
        if value is None or (kind in ("str", "slug") and value == ""):
            if required:
                raise self.field_error(m, key, _("mangler"))
            return default
        bad = self._check(value, kind)
        if bad:
            raise self.field_error(m, key, bad)
        if kind == "decimal":
            value = Decimal(str(value))
        elif kind == "str":
            if isinstance(value, int):
                value = str(value)
            value = value.strip("\n") if "\n" in value.rstrip("\n") else value.strip()
        if choices is not None:
            valid = [c.value for c in choices]
            if value not in valid:
                raise self.field_error(
                    m, key, _('skal være en af: %(valid)s (ikke "%(value)s")')
                    % {"valid": ", ".join(valid), "value": value})
        return value

    @staticmethod
    def _check(value: Any, kind: str) -> str | None:
        if kind == "str":
            ok = isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
            return None if ok else _("skal være en tekst")
        if kind == "slug":
            ok = isinstance(value, str) and _SLUG.match(value) is not None
            return None if ok else _("skal være en slug (små bogstaver, tal og bindestreger)")
        if kind == "bool":
            return None if isinstance(value, bool) else _("skal være true eller false")
        if kind in ("pos_int", "int"):
            if not isinstance(value, int) or isinstance(value, bool):
                ok = False
            else:
                ok = value > 0 if kind == "pos_int" else value >= 0
            if ok:
                return None
            return _("skal være et positivt heltal") if kind == "pos_int" else _(
                "skal være et heltal (0 eller derover)")
        if kind == "date":
            ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
            return None if ok else _("skal være en dato på formen ÅÅÅÅ-MM-DD")
        if kind == "decimal":
            if isinstance(value, bool):
                return _("skal være et tal")
            try:
                Decimal(str(value))
            except InvalidOperation:
                return _("skal være et tal")
            return None
        if kind == "list":
            return None if isinstance(value, YList) else _("skal være en liste")
        if kind == "str_list":
            ok = isinstance(value, YList) and all(isinstance(v, str) for v in value)
            return None if ok else _("skal være en liste af tekster")
        raise AssertionError(kind)


def clean_or_fail(reader: Reader, obj: models.Model, entry: YMap,
                  field_map: dict[str, str] | None = None) -> None:
    """Run the model's full validation; report the first error at the entry's line."""
    # Related rows were just read or saved by the loader: skip the existence query per foreign
    # key (the rules in clean() still run, and natural keys already guarantee uniqueness).
    known = [f.name for f in obj._meta.concrete_fields
             if f.is_relation and getattr(obj, f.attname) is not None]
    try:
        obj.full_clean(exclude=known)
    except ValidationError as e:
        if not hasattr(e, "error_dict"):
            raise reader.error(entry.line, " ".join(e.messages)) from e
        name, errors = next(iter(e.error_dict.items()))
        text = " ".join(m for err in errors for m in err.messages)
        if name == NON_FIELD_ERRORS:
            raise reader.error(entry.line, text) from e
        key = (field_map or {}).get(name, name)
        raise reader.error(entry.key_lines.get(key, entry.line),
                           _('feltet "%(key)s": %(text)s') % {"key": key, "text": text}) from e


@dataclass
class Stats:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def note(self, what: str, created: bool, changed: bool) -> None:
        if created:
            self.created[what] = self.created.get(what, 0) + 1
        elif changed:
            self.updated[what] = self.updated.get(what, 0) + 1

    @property
    def changes(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())


def upsert(reader: Reader, stats: Stats, model: type[models.Model], lookup: dict[str, Any],
           values: dict[str, Any], entry: YMap, field_map: dict[str, str] | None = None):
    """Find a row by its natural key, set values, validate and save only if something differs."""
    obj = model._default_manager.filter(**lookup).first()
    created = obj is None
    if obj is None:
        obj = model(**lookup)
    changed = created
    for name, value in values.items():
        f = model._meta.get_field(name)
        if not isinstance(f, ForeignObjectRel) and (f.many_to_one or f.one_to_one):
            differs = getattr(obj, f.attname) != (value.pk if value is not None else None)
        else:
            differs = getattr(obj, name) != value
        if differs:
            setattr(obj, name, value)
            changed = True
    if changed:
        clean_or_fail(reader, obj, entry, field_map)
        obj.save()
    stats.note(str(model._meta.verbose_name), created, changed)
    return obj


def set_m2m(stats: Stats, relation, objs: Sequence[models.Model], what: str) -> None:
    wanted = {o.pk for o in objs}
    if set(relation.values_list("pk", flat=True)) != wanted:
        relation.set(objs)
        stats.note(what, False, True)


# --- the council file ---------------------------------------------------------------------------

TOP_KEYS = {"authority", "council", "organisations", "venues", "terms_of_reference", "terms"}
AUTHORITY_KEYS = {"name", "slug", "kind", "website", "assembly", "committees"}
COUNCIL_KEYS = {"name", "slug", "contact_email", "contact_phone", "contact_text", "is_public",
                "advises"}
ORGANISATION_KEYS = {"slug", "name", "website", "description"}
VENUE_KEYS = {"slug", "name", "kind", "address", "description"}
TOR_TEXT = ["title", "adopted_by", "case_number", "purpose", "target_group_text", "evaluation",
            "status_report", "eligibility", "travel_allowance", "secretariat", "minutes_rule",
            "contact_rule", "text"]
TOR_BOOL = {"after_working_hours": False, "chair_convenes_extraordinary": True,
            "substitutes_allowed": False, "personal_members_allowed": False}
TOR_KEYS = {*TOR_TEXT, *TOR_BOOL, "version", "adopted_on", "adjusted_on", "target_groups",
            "focus_areas", "tasks", "meetings_min", "meetings_max",
            "extraordinary_request_members", "chair_rule", "vice_chair_rule", "term_basis",
            "trial_years", "per_diem_rule", "yearly_budget", "seat_groups"}
SEAT_GROUP_KEYS = {"key", "name", "kind", "seats", "organisations", "venue", "description"}
TERM_KEYS = {"name", "start", "end", "evaluation_due", "members"}
MEMBER_KEYS = {"name", "email", "phone", "seat_group", "role", "start", "end", "end_reason",
               "nominated_by", "substitute"}
MEMBER_FIELD_MAP = {"person": "name", "is_substitute": "substitute", "term": "seat_group",
                    "council": "seat_group"}


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
        result.seats = max(versions, key=lambda t: t.adopted_on).seat_count
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
        values.update(
            adopted_on=r.get(t, "adopted_on", "date", required=True),
            adjusted_on=r.get(t, "adjusted_on", "date"),
            tasks=list(r.get(t, "tasks", "str_list", default=[])),
            meetings_min=r.get(t, "meetings_min", "int", required=True),
            meetings_max=r.get(t, "meetings_max", "int", required=True),
            extraordinary_request_members=r.get(t, "extraordinary_request_members", "pos_int"),
            chair_rule=r.get(t, "chair_rule", required=True,
                             choices=TermsOfReference.ChairRule),
            vice_chair_rule=r.get(t, "vice_chair_rule", required=True,
                                  choices=TermsOfReference.ViceChairRule),
            term_basis=r.get(t, "term_basis", required=True,
                             choices=TermsOfReference.TermBasis),
            trial_years=r.get(t, "trial_years", "pos_int"),
            per_diem_rule=r.get(t, "per_diem_rule", default="none",
                                choices=TermsOfReference.PerDiemRule),
            yearly_budget=r.get(t, "yearly_budget", "decimal"),
        )
        if values["meetings_min"] > values["meetings_max"]:
            raise r.field_error(t, "meetings_max", _("kan ikke være mindre end meetings_min"))
        version = r.get(t, "version", "pos_int", required=True)
        if version in self.seen_versions:
            raise r.field_error(t, "version", _("%(v)s står to gange i filen") % {"v": version})
        self.seen_versions.add(version)
        tor = upsert(r, self.stats, TermsOfReference, {"council": council, "version": version},
                     values, t)
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
        for position, (g, _line) in enumerate(r.maps(t, "seat_groups", SEAT_GROUP_KEYS,
                                                     required=True), start=1):
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
            group = upsert(r, self.stats, SeatGroup, {"terms_of_reference": tor, "name": name},
                           {"kind": kind, "seats": r.get(g, "seats", "pos_int", required=True),
                            "venue": venue, "position": position,
                            "description": r.get(g, "description", default="")}, g)
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
        in_force = [v for v in versions if v.adopted_on <= start] or versions
        tor = max(in_force, key=lambda v: (v.adopted_on, v.version))
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
        return upsert(
            r, self.stats, Membership, {"council": council, "term": term, "person": person,
                                        "start": start},
            {"seat_group": group,
             "role": r.get(m, "role", default="member", choices=Membership.Role),
             "end": r.get(m, "end", "date"),
             "end_reason": r.get(m, "end_reason", default="", choices=Membership.EndReason),
             "nominated_by": nominated_by,
             "is_substitute": r.get(m, "substitute", "bool", default=False)},
            m, MEMBER_FIELD_MAP)


def load_council_file(path: str | Path, text: str | None = None) -> CouncilLoadResult:
    """Create or update one council from its file, all or nothing."""
    data = read_yaml(path, text)
    with transaction.atomic():
        return CouncilLoader(str(path), data).run()
