"""The import pipeline as one call: bytes -> text -> normalised lines -> items -> fields.

    parse_bytes(data)           -> ParsedDocument (raises DocumentError)
    read_bytes(data)            -> (source text, ParsedDocument), for the review screens
    parse_file(path)            -> ParsedDocument
    unsaved_reasons(document)   -> what a document lacks before it can be saved as a meeting
    import_throughput(docs)     -> documents and pages per second (for `make bench`)

Nothing here touches the database; `actions.import_document` writes a parsed document.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from django.utils.translation import gettext as _

from udsatteraad.lib.extract import DocumentError, extract_text

from .parser import ParsedDocument, parse_text

DOCUMENT_SUFFIXES = {".pdf", ".docx", ".html", ".htm", ".txt", ".text", ""}


def parse_bytes(data: bytes) -> ParsedDocument:
    return read_bytes(data)[1]


def read_bytes(data: bytes) -> tuple[str, ParsedDocument]:
    """The extracted text and the document parsed from it.

    A document missing a part (no date, no recognised items) is returned with warnings, so
    what was read reaches the review. Refused (DocumentError) is only what is not a document:
    empty, binary, encrypted or unreadable, or a text with neither a date nor a single item.
    """
    text, kind, pages = extract_text(data)
    document = parse_text(text)
    if document.meeting.date is None and not document.items:
        raise DocumentError(
            _("Dokumentet ligner ikke en dagsorden eller et referat: der blev hverken fundet "
              "en mødedato eller nogen dagsordenspunkter.")
        )
    document.format, document.pages = kind, pages
    return text, document


def unsaved_reasons(document: ParsedDocument) -> list[str]:
    """Why `document` cannot become a meeting without a person's review (empty: it can)."""
    reasons = []
    if document.meeting.date is None:
        reasons.append(_("Mødets dato mangler."))
    if not document.items:
        reasons.append(_("Der er ingen dagsordenspunkter."))
    return reasons


def parse_file(path: str | Path) -> ParsedDocument:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DocumentError(f"Filen kunne ikke læses: {exc.strerror or exc}") from None
    return parse_bytes(data)


def document_paths(path: Path) -> tuple[list[Path], list[Path]]:
    """(documents, skipped) for a file or a folder. A named file is always read; in a folder,
    files with another extension are read only when their content is a PDF or DOCX."""
    if path.is_file():
        return [path], []
    documents, skipped = [], []
    for child in sorted(path.iterdir()):
        if not child.is_file() or child.name.startswith("."):
            continue
        if child.suffix.lower() in DOCUMENT_SUFFIXES or _has_document_magic(child):
            documents.append(child)
        else:
            skipped.append(child)
    return documents, skipped


def _has_document_magic(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    return head.startswith((b"%PDF-", b"PK\x03\x04"))


def import_throughput(documents: Iterable[bytes | str | Path]) -> dict:
    """Parse every document (bytes, or a path) and time it.

    Returns {"documents", "failed", "pages", "items", "seconds", "documents_per_second",
    "pages_per_second"}. Failed documents count as read but add no pages.
    """
    count = failed = pages = items = 0
    started = time.perf_counter()
    for document in documents:
        count += 1
        try:
            if isinstance(document, bytes):
                parsed = parse_bytes(document)
            else:
                parsed = parse_file(document)
        except DocumentError:
            failed += 1
            continue
        pages += parsed.pages
        items += len(parsed.items)
    seconds = time.perf_counter() - started
    return {
        "documents": count,
        "failed": failed,
        "pages": pages,
        "items": items,
        "seconds": seconds,
        "documents_per_second": count / seconds if seconds else 0.0,
        "pages_per_second": pages / seconds if seconds else 0.0,
    }
