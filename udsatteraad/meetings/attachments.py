"""Attachments: accepted by what the file IS (its bytes), never by what its name says.

Only PDF, DOCX, XLSX, ODT, PNG and JPEG are accepted. The Office and OpenDocument formats
are zip files, so a zip is opened and its parts inspected: DOCX/XLSX have
`[Content_Types].xml` and a `word/` or `xl/` folder; ODT starts with a `mimetype` entry.

Before anything unpacks or parses an upload: a zip container is refused when it has too many
members or too much content once unpacked (a zip bomb), and a "PDF" must open in pypdf with
at least one page and must not also be a zip or HTML file (a polyglot), or it would be
published as application/pdf.

The text of a PDF or DOCX is extracted on upload (with the import's extractors) into
`Attachment.text`, which the public search indexes for open attachments.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
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

from udsatteraad.lib.extract import DocumentError, check_zip_limits, docx_text, pdf_text
from udsatteraad.policy.public import follow_publication

from .models import AgendaItem, Attachment, Meeting

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


# What browsers sniff as HTML in a file's first bytes: a "PDF" with these is a polyglot.
_HTML_HEAD = re.compile(rb"<(?:!doctype|html|head|body|script|iframe|svg|object|embed|img)\b", re.I)


def _check_zip(f) -> None:
    f.seek(0)
    try:
        with zipfile.ZipFile(f) as z:
            check_zip_limits(z)
    except DocumentError as exc:
        raise ValidationError(str(exc), code="zip_limits") from None
    except (zipfile.BadZipFile, OSError, ValueError):
        pass  # not a readable zip: detect_content_type refuses it
    finally:
        f.seek(0)


def _pdf_opens(data: bytes) -> bool:
    from pypdf import PdfReader

    pypdf_logger = logging.getLogger("pypdf")
    level = pypdf_logger.level
    pypdf_logger.setLevel(logging.CRITICAL)  # its repair notes are not ours to log
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))
            except Exception:
                opened = False
            if not opened:
                # Protected by a password: the structure parsed, the pages cannot be counted.
                # Members with the password can open it; it stays a valid attachment.
                return True
        return len(reader.pages) >= 1
    except Exception:  # pypdf raises anything from PdfReadError to KeyError on mangled files
        return False
    finally:
        pypdf_logger.setLevel(level)


def _check_pdf(f) -> None:
    f.seek(0)
    data = f.read()
    f.seek(0)
    polyglot = bool(_HTML_HEAD.search(data[:4096])) or zipfile.is_zipfile(io.BytesIO(data))
    if polyglot or not _pdf_opens(data):
        raise ValidationError(
            _("Filen begynder som en PDF, men kan ikke åbnes som en. Gem eller udskriv den "
              "som PDF igen, og prøv igen."),
            code="bad_pdf",
        )


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
    f.seek(0)
    if f.read(4) == b"PK\x03\x04":
        _check_zip(f)  # before _zip_type reads any member
    f.seek(0)
    content_type = detect_content_type(f)
    if content_type is None:
        raise ValidationError(
            _("Filtypen kan ikke bruges. Bilag skal være en af disse filtyper: %(types)s. "
              "Filens indhold afgør typen, ikke dens navn.") % {"types": ALLOWED_NAMES},
            code="wrong_type",
        )
    if content_type == PDF:
        _check_pdf(f)
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
    # The download name carries the detected type's extension, whatever the upload was called.
    return f"{_stem(title)}.{EXTENSIONS.get(content_type, 'bin')}"


def download_name(attachment: Attachment) -> str:
    """The name a download gets (Content-Disposition, OParl fileName): from the title."""
    return _file_name(attachment.title, attachment.content_type)


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
    sha256 = _sha256(upload)
    with transaction.atomic():
        # Lock the item so two submits of the same upload (a double click) are serialised;
        # the second finds the first and is refused instead of storing the file twice.
        AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
        if item.attachments.filter(title=title, sha256=sha256).exists():
            raise ValidationError(_("Bilaget er allerede tilføjet."), code="duplicate")
        top = item.attachments.aggregate(n=Max("position"))["n"] or 0
        attachment = Attachment(
            item=item, title=title, content_type=content_type, size=upload.size,
            sha256=sha256, is_public=is_public, position=top + 1, text=text,
        )
        if item.is_public and item.meeting.status not in (Meeting.Status.PLANNED,
                                                          Meeting.Status.CANCELLED):
            # Public at once: personal data stops it (before the file is stored).
            from .guarding import attachment_texts, check

            check(attachment_texts([attachment], str(item)), council=item.meeting.council)
        # Stored under an unguessable name (Attachment.file's upload_to); only the
        # extension of the name given here is kept.
        attachment.file.save(f"bilag.{EXTENSIONS.get(content_type, 'bin')}", upload, save=False)
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
        fh, as_attachment=True, filename=download_name(attachment),
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
