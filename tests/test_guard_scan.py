"""The publication guard's detection rules (udsatteraad/policy/guard.py), on plain strings."""

import pytest

from udsatteraad.policy import guard


@pytest.fixture
def council(world):
    c = world.council
    c.contact_email = "udsatteraad@rm.dk"
    c.contact_phone = "78 41 00 00"
    c.save(update_fields=["contact_email", "contact_phone"])
    c.authority.website = "https://www.rm.dk"
    c.authority.save(update_fields=["website"])
    return c


@pytest.mark.parametrize(
    "text",
    [
        "Borgeren har CPR 010203-1234.",
        "cpr: 0102031234",
        "CPR 010203 1234 (med mellemrum)",
        "Skriv til hans.hansen@gmail.com",
        "Ring på 22 33 44 55",
        "Ring på +45 22334455",
        "tlf. 2233 4455",
        "tlf. 22-33-44-55",
    ],
)
def test_personal_data_is_found(council, text):
    hits = guard.scan(text, council=council)
    assert len(hits) == 1, hits


@pytest.mark.parametrize(
    "text",
    [
        "Sagsnr. 27.00.00-A00-1-23 og beløb 1.234.567 kr.",
        "Skriv til udsatteraad@rm.dk eller sekretariat@ps.rm.dk",
        "Ring til rådet på 78410000",
        "Budget 2024-2025 og 2026",
        "Dato 320199-1234 er ikke en dato",
        "Mødet var 12.03.2025 kl. 17.00",
        "Telefon 12 34 56 78 begynder med 1",
    ],
)
def test_no_false_hits(council, text):
    assert guard.scan(text, council=council) == []


def test_names_are_found_and_require_clean_blocks(council):
    hits = guard.scan("Anna Testesen skrev til os", council=council, names=["Anna Testesen"])
    assert [h.kind for h in hits] == [guard.Kind.NAME]
    with pytest.raises(guard.PublicationBlocked) as exc:
        guard.require_clean([("Punkt 1: Beslutning", "CPR 010203-1234")], council=council)
    assert exc.value.hits[0].where == "Punkt 1: Beslutning"
    assert "[010203-1234]" in exc.value.hits[0].context
    guard.require_clean([("x", "CPR 010203-1234")], council=council, accepted=["010203-1234"])


def test_a_name_is_found_across_line_breaks_and_double_spaces(council):
    text = "Brevet fra Anna\nTestesen og fra anna  testesen igen"
    hits = guard.scan(text, council=council, names=["Anna Testesen"])
    assert [h.value for h in hits] == ["Anna\nTestesen", "anna  testesen"]
    assert guard.scan("Annas testesen", council=council, names=["Anna Testesen"]) == []
