"""Every object type the OParl API serves validates against the OParl 1.1 schemas in
data/oparl/schema. The schemas point at each other with a non-standard `"schema":
"File.json"` keyword on embedded objects; we turn each into a `$ref` so embedded objects
are validated too, and check the `url`, `date` and `date-time` formats."""

from __future__ import annotations

import copy
import datetime as dt
import json
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from udsatteraad.lib.paths import OPARL_EXAMPLES_DIR, OPARL_SCHEMA_DIR
from udsatteraad.oparl.testing import build_meetings, crawl, objects_in

BASE = "https://schema.oparl.org/1.1/"
SERVED_TYPES = {
    "System", "Body", "Organization", "Person", "Membership", "Meeting", "AgendaItem", "Paper",
    "File", "Location", "LegislativeTerm", "Consultation",
}


def _with_refs(node):
    if isinstance(node, dict):
        node = {k: _with_refs(v) for k, v in node.items()}
        target = node.get("schema")
        if node.get("type") == "object" and isinstance(target, str) and target.endswith(".json"):
            node["$ref"] = target
        return node
    if isinstance(node, list):
        return [_with_refs(v) for v in node]
    return node


def _load_schemas() -> dict[str, dict]:
    schemas = {}
    for path in sorted(OPARL_SCHEMA_DIR.glob("*.json")):
        schema = _with_refs(json.loads(path.read_text()))
        schema["$id"] = BASE + path.name
        schemas[path.stem] = schema
    return schemas


SCHEMAS = _load_schemas()
REGISTRY = Registry().with_resources(
    (s["$id"], Resource.from_contents(s, default_specification=DRAFT202012))
    for s in SCHEMAS.values()
)
FORMATS = FormatChecker([])


@FORMATS.checks("url", raises=ValueError)
def _is_url(value) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@FORMATS.checks("date", raises=ValueError)
def _is_date(value) -> bool:
    dt.date.fromisoformat(value)
    return len(value) == 10


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    return dt.datetime.fromisoformat(value).tzinfo is not None


def validate(obj: dict) -> None:
    type_name = obj["type"].removeprefix(BASE)
    Draft202012Validator(SCHEMAS[type_name], registry=REGISTRY, format_checker=FORMATS).validate(
        obj)


def test_schemas_found_and_refs_are_followed():
    assert SERVED_TYPES <= set(SCHEMAS)
    meeting = {
        "id": "https://example.org/m/1", "type": BASE + "Meeting",
        "invitation": {"id": "https://example.org/f/1", "type": BASE + "File"},  # no accessUrl
    }
    with pytest.raises(ValidationError, match="accessUrl"):
        validate(meeting)
    with pytest.raises(ValidationError):
        validate({"id": "not a url", "type": BASE + "Location"})
    with pytest.raises(ValidationError):
        validate({"id": "https://example.org/l/1", "type": BASE + "Location",
                  "created": "2026-01-01T10:00:00"})  # no time zone


def test_every_served_object_validates(world, anon):
    build_meetings(world)
    pages = crawl(anon)
    assert all(status == 200 for status, _, _ in pages.values()), [
        (p, s) for p, (s, _, _) in pages.items() if s != 200
    ]
    objects = [o for _, _, data in pages.values() for o in objects_in(data)]
    types = {o["type"].removeprefix(BASE) for o in objects}
    assert types == SERVED_TYPES
    for obj in objects:
        validate(obj)


def test_list_objects_have_oparl_list_shape(world, anon):
    build_meetings(world)
    data = anon.get(f"/oparl/v1.1/body/{world.region.pk}/meeting/").json()
    assert set(data) == {"data", "pagination", "links"}
    # Paged by key: OParl's optional totals are left out.
    assert set(data["pagination"]) == {"elementsPerPage"}
    for obj in data["data"]:
        validate(obj)
    numbered = anon.get(f"/oparl/v1.1/body/{world.region.pk}/meeting/?page=1").json()
    assert set(numbered["pagination"]) == {"totalElements", "elementsPerPage", "currentPage",
                                           "totalPages"}
    assert numbered["data"] == data["data"]


@pytest.mark.parametrize("example", sorted(
    OPARL_EXAMPLES_DIR.glob("*.json"), key=lambda p: p.name))
def test_spec_examples_validate_with_our_setup(example):
    """The spec's own examples pass (except the embedded AgendaItem without the 1.1 `order`),
    so a failure above is ours, not the validator setup's."""
    obj = json.loads(example.read_text())
    for item in obj.get("agendaItem", []) if isinstance(obj.get("agendaItem"), list) else []:
        item.setdefault("order", 0)
    validate(copy.deepcopy(obj))
