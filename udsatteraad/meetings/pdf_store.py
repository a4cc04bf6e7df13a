"""The public PDFs rendered once per published state and served as stored bytes afterwards.

Typst takes a second or more for a long meeting, and a meeting's PDFs are asked for far more
often than they change. Each PDF is stored in `RenderedPdf` under a key that is a digest of
everything it shows: the document data handed to Typst (so a correction, a withdrawal, an
item, an attachment, a renamed council or venue all give a new key), the document date, and
the templates and Typst version (so a deploy that changes the layout renders anew). A request
with a key that matches the stored row gets the stored bytes; otherwise the PDF is rendered
exactly as `pdf.py` renders it, and replaces the row. Who may have which PDF is decided by the
views before they get here (withdrawn minutes are 404 there, whatever is stored).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from importlib.metadata import version

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from udsatteraad.policy.public import public_attachments

from . import pdf
from .models import Meeting, RenderedPdf

Kind = RenderedPdf.Kind


@functools.cache
def _templates_digest() -> str:
    """The Typst templates, their fonts and images, and Typst's version, as one digest."""
    digest = hashlib.sha256(version("typst").encode())
    for path in sorted(p for p in pdf.TYPST_DIR.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(pdf.TYPST_DIR)).encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _key(*parts: object) -> str:
    text = json.dumps([_templates_digest(), *parts], ensure_ascii=False, sort_keys=True,
                      default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _stored(meeting: Meeting, kind: str, key: str, render: Callable[[], bytes]) -> bytes:
    content = (RenderedPdf.objects.filter(meeting=meeting, kind=kind, key=key)
               .values_list("content", flat=True).first())
    if content is not None:
        return bytes(content)  # a memoryview on PostgreSQL
    content = render()
    store_pdf(meeting=meeting, kind=kind, key=key, content=content)
    return content


def store_pdf(*, meeting: Meeting, kind: str, key: str, content: bytes) -> None:
    """Keep `content` as the meeting's PDF of `kind` under `key`, replacing an older one."""
    with transaction.atomic():
        row = (RenderedPdf.objects.select_for_update().filter(meeting=meeting, kind=kind)
               .only("pk", "key").first())
        if row is None:
            try:
                # Nested, so that losing a race to another request's insert is harmless.
                with transaction.atomic():
                    RenderedPdf.objects.create(meeting=meeting, kind=kind, key=key,
                                               content=content)
            except IntegrityError:
                pass  # the other request stored the same or a newer rendering
            return
        if row.key == key:
            return
        row.key, row.content, row.created = key, content, timezone.now()
        row.save(update_fields=["key", "content", "created"])


def _meeting_document(meeting: Meeting, kind: str, *, minutes: bool) -> bytes:
    # The same data and call as pdf.render_agenda_pdf/render_minutes_pdf, so the same bytes.
    with translation.override("da"):
        data = pdf.document_data(meeting, minutes=minutes)
    when: dt.datetime = meeting.modified
    key = _key("meeting.typ", data, when.isoformat())
    return _stored(meeting, kind, key,
                   lambda: pdf.compile_typst("meeting.typ", data, when=when))


def agenda_pdf(meeting: Meeting) -> bytes:
    return _meeting_document(meeting, Kind.AGENDA, minutes=False)


def minutes_pdf(meeting: Meeting) -> bytes:
    return _meeting_document(meeting, Kind.MINUTES, minutes=True)


def attachment_bundle(meeting: Meeting) -> bytes:
    """The bundle's key: what its index shows and which files it links to (by name and the
    SHA-256 kept at upload; a replaced file also gets a new unguessable name)."""
    attachments = (public_attachments().filter(item__meeting=meeting).select_related("item")
                   .order_by("item__position", "item__number", "position", "id"))
    files = [[a.pk, a.title, str(a.item), a.file.name if a.file else "", a.sha256,
              a.content_type, a.size] for a in attachments]
    council = meeting.council
    key = _key("bundle", council.name, council.slug, settings.SITE_ROOT,
               meeting.start.isoformat(), meeting.modified.isoformat(), files)
    return _stored(meeting, Kind.ATTACHMENTS, key,
                   lambda: pdf.render_attachment_bundle(meeting))
