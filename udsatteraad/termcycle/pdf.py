"""The election's ballot and poster as tagged PDF/UA-1 documents (Typst, data as JSON through
sys.inputs). The poster is written in easy-read language: short sentences, the date, the time,
the place, who may vote."""

from __future__ import annotations

import json
from pathlib import Path

import typst
from django.utils import dateformat, translation
from django.utils.translation import gettext as _

from .models import Election

ROOT = Path(__file__).resolve().parent.parent
TYPST = Path(__file__).resolve().parent / "typst"


def _when(election: Election) -> str:
    day = dateformat.format(election.date, "l \\d\\e\\n j. F Y")
    if election.time:
        return _("%(day)s klokken %(time)s") % {"day": day,
                                                "time": election.time.strftime("%H.%M")}
    return day


def _where(election: Election) -> str:
    parts = [election.venue.name if election.venue else "", election.place]
    return ", ".join(p for p in parts if p)


def _compile(template: str, data: dict) -> bytes:
    return typst.compile(str(TYPST / template), root=str(ROOT),
                         sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
                         pdf_standards=["ua-1"], pdf_tags=True, ignore_system_fonts=True,
                         timestamp=0)


@translation.override("da")
def ballot_pdf(election: Election) -> bytes:
    council = election.council
    title = _("Stemmeseddel")
    return _compile("ballot.typ", {
        "title": f"{title} – {council.name}", "heading": title, "council": council.name,
        "footer": f"{council.name} – {title}",
        "facts": [[_("Valg af"), election.seat_group.name], [_("Hvornår"), _when(election)],
                  [_("Hvor"), _where(election) or "–"]],
        "instruction": _("Sæt ét kryds ud for den, du vil stemme på."),
        "candidates": [c.name for c in election.candidates.order_by("name")],
    })


@translation.override("da")
def poster_pdf(election: Election) -> bytes:
    council = election.council
    where = _where(election)
    lines = [
        _("Du kan være med til at vælge, hvem der skal tale for brugerne i %(council)s.")
        % {"council": council.name},
        _("Rådet giver gode råd til politikerne om livet som udsat."),
        _("Kom og stem %(when)s.") % {"when": _when(election)},
    ]
    if where:
        lines.append(_("Valget er på %(where)s.") % {"where": where})
    lines += [_("Alle brugere af stedet kan stemme."),
              _("Du kan også selv stille op. Spørg personalet.")]
    candidates = [c.name for c in election.candidates.order_by("name")]
    return _compile("poster.typ", {
        "title": _("Valg til %(council)s") % {"council": council.name},
        "heading": _("Stem på din repræsentant!"), "council": council.name,
        "footer": council.name, "lines": lines,
        "candidates_label": _("Dem kan du stemme på:") if candidates else "",
        "candidates": candidates,
    })
