"""Does an inquiry look like a personal case? The system flags, the secretary decides.

The council may not handle one citizen's case (terms of reference of all four seeds). Signals:
a CPR number (found by the publication guard's own rule, so both agree on what one is), and
Danish phrases about one's own case, benefits, decisions and caseworkers. Only the kinds of
signal are stored on the inquiry, never the matched values (a CPR number must not be copied).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from udsatteraad.councils.models import Council
from udsatteraad.policy import guard

# (label, pattern). Word-bounded, case-insensitive; "min/mit/mine" before the noun marks the
# sender's own matter.
PHRASES: list[tuple[object, str]] = [
    (_("egen sag"), r"\b(?:min|mit|vores)\s+(?:egen\s+)?sag\b|\bmin\s+ansøgning\b"),
    (_("sagsbehandler"), r"\bsagsbehandler(?:e|en|ne)?\b"),
    (_("ydelse"), r"\b(?:kontanthjælp\w*|førtidspension\w*|boligstøtte|sygedagpenge"
                  r"|dagpenge|uddannelseshjælp|enkeltydelse\w*|revalidering|ressourceforløb)\b"),
    (_("afgørelse"), r"\b(?:afslag\w*|afgørelse\w*|klage\w*\s+over|anke\w*|"
                     r"partshøring|aktindsigt)\b"),
    (_("diagnose eller behandling"), r"\b(?:min\s+diagnose|min\s+medicin|min\s+behandling|"
                                     r"min\s+læge)\b"),
    (_("anbringelse"), r"\b(?:mit\s+barn|mine\s+børn)\b.*\b(?:anbragt|anbringelse)\b"),
]
_COMPILED = [(label, re.compile(p, re.IGNORECASE | re.DOTALL)) for label, p in PHRASES]


def signals(text: str, *, council: Council) -> list[str]:
    """The kinds of personal-case signal in a text, each once, in a fixed order."""
    found: list[str] = []
    if any(h.kind == guard.Kind.CPR for h in guard.scan(text, council=council, names=[])):
        found.append(str(_("CPR-nummer")))
    for label, pattern in _COMPILED:
        if pattern.search(text or ""):
            found.append(str(label))
    return found
