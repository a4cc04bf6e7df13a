"""Amounts in kroner: exact Decimals with øre, shown and read the Danish way.

`kroner(Decimal("1234.5"))` is "1.234,50 kr." in every language of the site: a payroll
figure is written as the authority writes it. `parse_amount` reads what Danes type:
"1.234,50", "1234,50", "12,5" and also "1234.50" (a dot followed by other than exactly
three digits is a decimal point)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ORE = Decimal("0.01")
_THOUSANDS = re.compile(r"-?\d{1,3}(?:\.\d{3})+")


def to_ore(value: Decimal | int | str) -> Decimal:
    """Rounded to øre, half up (as payroll systems round: 0,005 kr. becomes 0,01 kr.)."""
    return Decimal(value).quantize(ORE, rounding=ROUND_HALF_UP)


def danish_number(value: Decimal | int | str, places: int = 2) -> str:
    """1234.5 -> "1.234,50" (places=2); thousands with a dot, decimals with a comma."""
    number = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(number):,.{places}f}".replace(",", "\x00").replace(".", ",")
    text = text.replace("\x00", ".")
    return f"-{text}" if number < 0 else text


def kroner(value: Decimal | int | str | None) -> str:
    if value is None or value == "":
        return ""
    return f"{danish_number(value)} kr."


def parse_amount(text: str) -> Decimal | None:
    """The Decimal a person meant, or None when the text is no number."""
    text = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    text = text.removesuffix("kr.").removesuffix("kr").strip()
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS.fullmatch(text):
        text = text.replace(".", "")
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", text) or len(text) > 20:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
