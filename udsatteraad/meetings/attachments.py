"""Attachments: accepted by what the file IS (its bytes), never by what its name says.

Only PDF, DOCX, XLSX, ODT, PNG and JPEG are accepted. The Office and OpenDocument formats
are zip files, so a zip is opened and its parts inspected: DOCX/XLSX have
`[Content_Types].xml` and a `word/` or `xl/` folder; ODT starts with a `mimetype` entry.

The text of a PDF or DOCX is extracted on upload (with the import's extractors) into
`Attachment.text`, which the public search indexes for open attachments.
"""

from __future__ import annotations

import hashlib
import logging
import zipfile

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.http import FileResponse, Http404
from django.utils.formats import number_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from udsatteraad.lib.extract import DocumentError, docx_text, pdf_text
from udsatteraad.policy.public import follow_publication

from .models import AgendaItem, Attachment

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"

EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", DOCX: "docx", XLSX: "xlsx", ODT: "odt"}
ALLOWED_NAMES = "PDF, DOCX, XLSX, ODT, PNG, JPEG"
# Some 150 dense pages: more than a council's reports have; the cap keeps one attached data
# dump from swelling the search index.
TEXT_LIMIT = 500_000

log = logging.getLogger(__name__)


def _zip_type(f) -> str | None:
    try:
        with zipfile.ZipFile(f) as z:
            names = z.namelist()
            if "mimetype" in names:
                with z.open("mimetype") as m:
                    if m.read(100).strip() == ODT.encode():
                        return ODT
                return None
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return DOCX
                if any(n.startswith("xl/") for n in names):
                    return XLSX
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def detect_content_type(f) -> str | None:
    """The file's type from its content, or None when it is not one we accept."""
    f.seek(0)
    head = f.read(16)
    f.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"PK\x03\x04"):
            return _zip_type(f)
        return None
    finally:
        f.seek(0)


def limit_text() -> str:
    mb = round(settings.MAX_UPLOAD_BYTES / (1024 * 1024), 2)
    return (str(int(mb)) if mb == int(mb) else number_format(mb)) + " MB"


def check_upload(f) -> str:
    """The upload's content type, or a ValidationError with a Danish message."""
    if f.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Filen er for stor. Et bilag må højst fylde %(limit)s.") % {"limit": limit_text()},
            code="too_large",
        )
    content_type = detect_content_type(f)
    if content_type is None:
        raise ValidationError(
            _("Filtypen kan ikke bruges. Bilag skal være en af disse filtyper: %(types)s. "
              "Filens indhold afgør typen, ikke dens navn.") % {"types": ALLOWED_NAMES},
            code="wrong_type",
        )
    return content_type


def _sha256(f) -> str:
    digest = hashlib.sha256()
    f.seek(0)
    for chunk in f.chunks():
        digest.update(chunk)
    f.seek(0)
    return digest.hexdigest()


def _stem(title: str) -> str:
    try:
        return get_valid_filename(title)[:80].strip(".") or "bilag"
    except SuspiciousFileOperation:
        return "bilag"


def _file_name(title: str, content_type: str) -> str:
    # The stored name carries the detected type's extension, whatever the upload was called.
    return f"{_stem(title)}.{EXTENSIONS.get(content_type, 'bin')}"


def extract_text(f, content_type: str) -> str:
    """The text of a PDF or DOCX for the search, at most TEXT_LIMIT characters; "" for other
    types and for files that cannot be read. An encrypted or damaged file is still a valid
    attachment (the members can open it), it just cannot be found by its text."""
    if content_type not in (PDF, DOCX):
        return ""
    f.seek(0)
    data = f.read()
    f.seek(0)
    try:
        text = pdf_text(data)[0] if content_type == PDF else docx_text(data)
    except DocumentError:
        return ""
    except Exception:  # a parser's bug on an odd file must not cost the secretariat the upload
        log.warning("attachment text not extracted", exc_info=True)
        return ""
    # PostgreSQL text cannot hold NUL; the form feeds between PDF pages are just breaks here.
    text = text.replace("\x00", "").replace("\f", "\n\n")
    return "\n".join(line.rstrip() for line in text.strip().splitlines())[:TEXT_LIMIT]


def add_attachment(*, item: AgendaItem, title: str, upload, is_public: bool) -> Attachment:
    content_type = check_upload(upload)
    text = extract_text(upload, content_type)  # before the transaction: it can take a while
    with transaction.atomic():
        top = item.attachments.aggregate(n=Max("position"))["n"] or 0
        attachment = Attachment(
            item=item, title=title, content_type=content_type, size=upload.size,
            sha256=_sha256(upload), is_public=is_public, position=top + 1, text=text,
        )
        attachment.file.save(_file_name(title, content_type), upload, save=False)
        attachment.save()
        follow_publication(item.meeting)
    return attachment


def delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            pass  # a missing file is already gone; the row is what matters


def delete_attachment(*, attachment: Attachment) -> None:
    name = attachment.file.name if attachment.file else ""
    with transaction.atomic():
        meeting = attachment.item.meeting
        attachment.delete()
        follow_publication(meeting)
        if name:
            transaction.on_commit(lambda: delete_files([name]))


def serve(attachment: Attachment) -> FileResponse:
    """The file as a download; the browser must not guess another type."""
    if not attachment.file:
        raise Http404
    try:
        fh = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        fh, as_attachment=True, filename=_file_name(attachment.title, attachment.content_type),
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
