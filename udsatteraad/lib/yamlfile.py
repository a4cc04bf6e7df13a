"""YAML files loaded into models, with Danish errors that name the file, the line and the field.

`read_yaml` keeps every value's line number (YMap/YList), `Reader` gives typed access that fails
with a `LoadError` at the right line, and `upsert` finds a row by its natural key and saves it
only when a value differs, after the model's own validation. Used by the council file
(councils/loader.py) and the meeting file (meetings/loader.py).
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
from django.db import models
from django.db.models import ForeignObjectRel
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


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
_SHARE = re.compile(r"^([0-9]+)/([0-9]+)$")
_RANGE = re.compile(r"^([0-9]+)-([0-9]+)$")
_TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")


def _as_time(value: Any) -> dt.time | None:
    # Unquoted 16:00 is a YAML 1.1 sexagesimal number (960): read it back as a time.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return dt.time(value // 60, value % 60)
    if isinstance(value, str) and (match := _TIME.match(value.strip())):
        return dt.time(int(match[1]), int(match[2]))
    return None


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
        elif kind == "share":
            num, den = (int(x) for x in value.split("/"))
            value = (num, den)
        elif kind == "seats":
            if isinstance(value, int):
                value = (None, value)
            else:
                low, high = (int(x) for x in value.split("-"))
                value = (low, high)
        elif kind == "time":
            value = _as_time(value)
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
        if kind == "share":
            ok = isinstance(value, str) and _SHARE.match(value) is not None
            if ok:
                num, den = (int(x) for x in value.split("/"))
                ok = 0 < num <= den
            return None if ok else _('skal være en brøk som "1/2" (en andel af rådet)')
        if kind == "seats":
            if isinstance(value, int) and not isinstance(value, bool):
                return None if value > 0 else _("skal være et positivt heltal")
            match = _RANGE.match(value) if isinstance(value, str) else None
            if match and 0 < int(match[1]) <= int(match[2]):
                return None
            return _('skal være et positivt heltal eller et interval som "3-5"')
        if kind == "time":
            return None if _as_time(value) is not None else _(
                'skal være et klokkeslæt i anførselstegn, fx "16:00"')
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


# --- JSON Schema ---------------------------------------------------------------------------------
# A file is first checked against its published JSON Schema (docs/*.schema.json), so an editor
# and the loader agree on what a file may hold. Each schema value carries "x-kind", the Reader
# kind it is read as, so a schema error gets the same Danish message, line and field as the
# loader's own checks would give.

KIND_MESSAGES = {
    "str": gettext_lazy("skal være en tekst"),
    "slug": gettext_lazy("skal være en slug (små bogstaver, tal og bindestreger)"),
    "bool": gettext_lazy("skal være true eller false"),
    "pos_int": gettext_lazy("skal være et positivt heltal"),
    "int": gettext_lazy("skal være et heltal (0 eller derover)"),
    "date": gettext_lazy("skal være en dato på formen ÅÅÅÅ-MM-DD"),
    "decimal": gettext_lazy("skal være et tal"),
    "list": gettext_lazy("skal være en liste"),
    "str_list": gettext_lazy("skal være en liste af tekster"),
    "share": gettext_lazy('skal være en brøk som "1/2" (en andel af rådet)'),
    "seats": gettext_lazy('skal være et positivt heltal eller et interval som "3-5"'),
    "time": gettext_lazy('skal være et klokkeslæt i anførselstegn, fx "16:00"'),
    "map": gettext_lazy("skal være en samling af felter (navn: værdi)"),
}


def _plain(value: Any) -> Any:
    """The parsed file as JSON values: dates become ISO text, as an editor sees them."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _locate(data: Any, path: Sequence[Any]) -> tuple[Any, int | None, str | None]:
    """The node at a schema error's path, its line and the name of the field it is in."""
    node, line, key = data, getattr(data, "line", None) or 1, None
    for step in path:
        if isinstance(node, YMap) and step in node:
            line, key, node = node.key_lines.get(step, line), step, node[step]
        elif isinstance(node, YList) and isinstance(step, int) and step < len(node):
            line, node = node.item_lines[step], node[step]
        else:
            break
    return node, line, key


def _schema_error(reader: Reader, data: Any, error: Any) -> LoadError:
    node, line, key = _locate(data, list(error.absolute_path))
    field_name = key or "(filen)"
    where = _('feltet "%(key)s" %(message)s')
    if error.validator == "additionalProperties" and isinstance(node, YMap):
        allowed = set(error.schema.get("properties", {}))
        extra = next(k for k in node if k not in allowed)
        return reader.error(node.key_lines.get(extra, node.line), where % {
            "key": extra, "message": _("er ukendt (tilladte felter: %(allowed)s)")
            % {"allowed": ", ".join(sorted(allowed))}})
    if error.validator == "required" and isinstance(node, YMap):
        missing = next(k for k in error.validator_value if k not in node)
        return reader.error(node.line, where % {"key": missing, "message": _("mangler")})
    if error.validator == "enum":
        valid = ", ".join(str(v) for v in error.validator_value)
        return reader.error(line, where % {"key": field_name, "message": _(
            'skal være en af: %(valid)s (ikke "%(value)s")') % {"valid": valid,
                                                                "value": error.instance}})
    kind = error.schema.get("x-kind")
    if kind is None and error.absolute_path and isinstance(error.absolute_path[-1], int):
        kind = "str_list" if error.schema.get("type") == "string" else "map"
    message = str(KIND_MESSAGES.get(kind or "", error.message))
    return reader.error(line, where % {"key": field_name, "message": message})


def check_schema(path: str, data: Any, schema: dict[str, Any]) -> None:
    """Raise a LoadError for the first (topmost) place where the file breaks its schema."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema)
    errors = list(validator.iter_errors(_plain(data)))
    if not errors:
        return
    reader = Reader(path)

    def position(e: Any) -> tuple[int, int]:
        return (_locate(data, list(e.absolute_path))[1] or 0, -len(e.absolute_path))

    raise _schema_error(reader, data, min(errors, key=position))
