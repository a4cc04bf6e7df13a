"""The files of an archive upload: many documents at once, or zip archives of them.

Everything is checked before a batch is made, in the request, without parsing anything (the
worker parses): a zip's declared member count and unpacked size before a byte is unpacked
(lib.extract.check_zip_limits, the same limits as a DOCX), each member's path, encryption and
size, and the number and total size of the documents. A zip that breaks a limit refuses the
whole upload; a single bad member becomes a refused document in the report, and the others are
imported.

Members are read into memory and stored in the database, never written to disk, so a path
like `../../etc/passwd` cannot escape anywhere; it is refused all the same, as a sign of a
hostile archive.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from udsatteraad.lib.extract import DocumentError, check_zip_limits

# At most this many documents in one batch.
MAX_BATCH_DOCUMENTS = 500
ZIP_MAGIC = b"PK\x03\x04"
# Folders and files archivers add that are not documents.
IGNORED_PARTS = {"__MACOSX", "Thumbs.db", "desktop.ini"}


@dataclass
class Entry:
    """One document of the upload: its name and bytes, or why it is refused."""

    name: str
    data: bytes = b""
    error: str = ""


def max_archive_bytes() -> int:
    return settings.MAX_UNZIPPED_BYTES


def is_archive(data: bytes) -> bool:
    """A zip that is not a Word document (a DOCX is a zip with word/document.xml)."""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" not in archive.namelist()
    except zipfile.BadZipFile:
        return True  # refused as a damaged archive by `entries`


def entries(uploads: list[tuple[str, bytes]]) -> list[Entry]:
    """The documents of the uploaded files (name, bytes), zips unpacked. Raises DocumentError,
    with a Danish message, when the upload as a whole is refused."""
    found: list[Entry] = []
    for name, data in uploads:
        if is_archive(data):
            found += _zip_entries(name, data)
        elif len(data) > settings.MAX_UPLOAD_BYTES:
            found.append(Entry(name, error=_too_big(len(data))))
        else:
            found.append(Entry(name, data))
        if len(found) > MAX_BATCH_DOCUMENTS:
            raise DocumentError(
                _("Der er for mange dokumenter (højst %(limit)d ad gangen). Del arkivet op.")
                % {"limit": MAX_BATCH_DOCUMENTS}
            )
    total = sum(len(e.data) for e in found)
    if total > settings.MAX_UNZIPPED_BYTES:
        raise DocumentError(
            _("Dokumenterne fylder for meget tilsammen (%(size)s; højst %(limit)s). "
              "Del dem op i flere omgange.")
            % {"size": filesizeformat(total), "limit": filesizeformat(settings.MAX_UNZIPPED_BYTES)}
        )
    if not found:
        raise DocumentError(_("Der er ingen dokumenter i det, du har uploadet."))
    return found


def _too_big(size: int) -> str:
    return _("Filen er for stor (%(size)s). Den må højst fylde %(limit)s.") % {
        "size": filesizeformat(size), "limit": filesizeformat(settings.MAX_UPLOAD_BYTES)}


def _zip_entries(zip_name: str, data: bytes) -> list[Entry]:
    if len(data) > max_archive_bytes():
        raise DocumentError(
            _("Arkivet »%(name)s« er for stort (%(size)s; højst %(limit)s).")
            % {"name": zip_name, "size": filesizeformat(len(data)),
               "limit": filesizeformat(max_archive_bytes())}
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DocumentError(
            _("Arkivet »%(name)s« er beskadiget og kan ikke pakkes ud.") % {"name": zip_name}
        ) from None
    found = []
    with archive:
        try:
            check_zip_limits(archive)  # before anything is unpacked
        except DocumentError as exc:
            raise DocumentError(f"»{zip_name}«: {exc}") from None
        for info in archive.infolist():
            path = PurePosixPath(info.filename.replace("\\", "/"))
            if info.is_dir() or any(part in IGNORED_PARTS or part.startswith(".")
                                    and part not in {".", ".."} for part in path.parts):
                continue
            name = f"{zip_name}/{info.filename}"[:300]
            if path.is_absolute() or ".." in path.parts or ":" in info.filename:
                found.append(Entry(name, error=_("Stien i arkivet er ikke tilladt.")))
            elif info.flag_bits & 0x1:
                found.append(Entry(name, error=_(
                    "Filen er krypteret i arkivet og kan ikke pakkes ud.")))
            elif info.file_size > settings.MAX_UPLOAD_BYTES:
                found.append(Entry(name, error=_too_big(info.file_size)))
            else:
                try:
                    # Never more than the declared size (checked above) comes out.
                    content = archive.read(info)
                except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError):
                    found.append(Entry(name, error=_(
                        "Filen er beskadiget i arkivet og kan ikke pakkes ud.")))
                    continue
                found.append(Entry(name, content))
    return found
