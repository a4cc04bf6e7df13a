"""The demo's archive import (`manage.py load_demo`): one batch for Ishøj with the three
outcomes a batch has. Minutes read in full (imported, with an attachment listed without its
file), minutes without a date (waiting for review) and a file that is not a document (refused).
The texts are written for the demo: no persons, Ishøj's real venues.
Idempotent: made once per council."""

from __future__ import annotations

import io
import zipfile

from udsatteraad.councils.models import Council

from .actions import create_batch
from .archive import entries
from .models import ImportBatch
from .tasks import run_batch

COMPLETE = """Referat
Udsatterådet i Ishøj Kommune
Mødedato: 12. marts 2024 kl. 16.00
Mødested: café Vildtbanehus

Punkt 1: Godkendelse af dagsorden
00.01.00-A00-1-24

Beslutning
Godkendt.

Punkt 2: Orientering om åbningstider i værestederne
27.15.00-A08-2-24

Sagsfremstilling
Sekretariatet orienterer om åbningstiderne i Syrenskuret og café Vildtbanehus i vinterhalvåret.

Bilag
Oversigt over åbningstider vinteren 2024

Beslutning
Taget til efterretning.
"""
UNDATED = """Referat
Udsatterådet i Ishøj Kommune
Mødested: Kløverengen

Punkt 1: Godkendelse af dagsorden
00.01.00-A00-3-24

Beslutning
Godkendt.

Punkt 2: Rådets temaer for næste år
27.15.00-A08-4-24

Sagsfremstilling
Rådet drøfter, hvilke temaer det vil tage op.

Beslutning
Rådet vælger boliger og værestedernes åbningstider.
"""
# The first bytes of a PNG image: not a document, refused by the worker.
IMAGE = b"\x89PNG\r\n\x1a\n" + bytes(64)


def archive_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("referat-2024-03-12.txt", COMPLETE)
        archive.writestr("referat-uden-dato.txt", UNDATED)
        archive.writestr("forside.png", IMAGE)
    return out.getvalue()


def load(slug: str = "ishoej", user=None) -> ImportBatch | None:
    """Make and run the demo batch for the council `slug`, unless it has a batch already."""
    council = Council.objects.filter(slug=slug).first()
    if council is None or ImportBatch.objects.filter(council=council).exists():
        return None
    batch = create_batch(council=council, user=user,
                         entries=entries([("demo-arkiv.zip", archive_bytes())]))
    run_batch.call(batch.pk)  # small: read here rather than by the worker
    return batch
