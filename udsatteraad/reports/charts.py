"""The report's figures as charts: each a title, a one-sentence text alternative and rows of
(label, number), drawn as SVG on the page and by Typst in the PDF, and always also given as a
table. Key figures are sentences, not charts. Budget use has a table of its own (year, budget,
spent, share) and its bars show the share of each year's budget used."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import dateformat
from django.utils.translation import gettext as _

from udsatteraad.lib.amounts import kroner


def key_figures(f: dict[str, Any]) -> list[str]:
    if not f:
        return []
    lines = [_("Rådet holdt %(n)s møder i perioden og behandlede %(items)s punkter.")
             % {"n": f.get("meetings_held", 0), "items": f.get("items", 0)}]
    if f.get("attendance_rate") is not None:
        lines.append(_("Medlemmerne deltog i %(rate)s %% af møderne.")
                     % {"rate": f["attendance_rate"]})
    lines.append(_("Rådet sendte %(h)s høringssvar og %(s)s udtalelser på eget initiativ.")
                 % {"h": f.get("hearing_responses", 0), "s": f.get("statements", 0)})
    lines.append(_("%(n)s referater fik en lettilgængelig udgave.")
                 % {"n": f.get("easy_read_versions", 0)})
    for year in f.get("meetings_by_year", []):
        if year.get("min") is not None and year.get("max") is not None:
            lines.append(_("%(year)s: %(held)s ordinære møder (kommissoriet: %(min)s–%(max)s).")
                         % year)
    return lines


def _bars(rows: list[list[Any]], top: int, unit: str = "") -> list[dict[str, Any]]:
    # SVG geometry: a row of 28 units per bar, bars up to 300 units long.
    return [{"label": label, "n": n, "n_text": f"{n}{unit}",
             "width": round(100 * n / top) if top else 0,
             "y": 28 * i, "text_y": 28 * i + 18,
             "px": round(300 * n / top) if top else 0,
             "n_x": 266 + (round(300 * n / top) if top else 0)}
            for i, (label, n) in enumerate(rows)]


def charts(f: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for key, title in (("meetings_by_kind", _("Møder efter type")),
                       ("items_by_focus_area", _("Punkter efter indsatsområde")),
                       ("items_by_target_group", _("Punkter efter målgruppe")),
                       ("inquiries_by_topic", _("Henvendelser fra borgere efter emne"))):
        rows = f.get(key) or []
        if not rows:
            continue
        biggest = max(rows, key=lambda r: r[1])
        top = biggest[1]
        out.append({
            "key": key, "title": title, "rows": rows, "max": top,
            "summary": _("%(title)s: flest i »%(label)s« (%(n)s).")
            % {"title": title, "label": biggest[0], "n": biggest[1]},
            "bars": _bars(rows, top), "height": 28 * len(rows),
        })
    budget = budget_chart(f)
    if budget:
        out.append(budget)
    return out


def _year_label(row: dict[str, Any]) -> str:
    first, last = dt.date.fromisoformat(row["first"]), dt.date.fromisoformat(row["last"])
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return str(row["year"])
    return f"{row['year']} ({dateformat.format(first, 'j. M')}–{dateformat.format(last, 'j. M')})"


def budget_chart(f: dict[str, Any]) -> dict[str, Any] | None:
    """Budget use per year: bars of the share used (a full bar is the whole budget; an
    overspent year's bar is longer) and a table of budget, spent and share. None without a
    budget: no empty table."""
    years = f.get("budget_use") or []
    if not years:
        return None
    title = _("Brug af budgettet")
    table, rows, parts = [], [], []
    for y in years:
        label = _year_label(y)
        share = "–" if y["share"] is None else f"{y['share']} %"
        table.append([label, kroner(y["budget"]), kroner(y["spent"]), share])
        if y["share"] is not None:
            rows.append([label, y["share"]])
        parts.append(_("%(year)s: brugt %(spent)s af %(budget)s (%(share)s)")
                     % {"year": label, "spent": kroner(y["spent"]),
                        "budget": kroner(y["budget"]), "share": share})
    top = max([100, *(n for _label, n in rows)])
    return {
        "key": "budget_use", "title": title, "rows": rows, "max": top,
        "summary": _("%(title)s: %(years)s.") % {"title": title, "years": "; ".join(parts)},
        "bars": _bars(rows, top, " %"), "height": max(28 * len(rows), 28),
        "columns": [_("År"), _("Budget"), _("Brugt"), _("Andel brugt")], "table": table,
    }
