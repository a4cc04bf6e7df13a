"""The report's figures as charts: each a title, a one-sentence text alternative and rows of
(label, number), drawn as SVG on the page and by Typst in the PDF, and always also given as a
table. Key figures are sentences, not charts."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


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
            "bars": [{"label": label, "n": n, "width": round(100 * n / top) if top else 0,
                      # SVG geometry: a row of 28 units per bar, bars up to 300 units long.
                      "y": 28 * i, "text_y": 28 * i + 18,
                      "px": round(300 * n / top) if top else 0,
                      "n_x": 266 + (round(300 * n / top) if top else 0)}
                     for i, (label, n) in enumerate(rows)],
            "height": 28 * len(rows),
        })
    return out
