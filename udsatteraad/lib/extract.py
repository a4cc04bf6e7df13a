"""Text from documents: bytes in, plain text out. The first step of the import pipeline
(udsatteraad/imports) and the searchable text of meeting attachments (meetings/attachments.py).

The format is detected from the content (magic bytes, markup), not from the file name, because
municipal archives are full of ``.txt`` files that are really PDFs and ``.doc`` files that are
really HTML. PDF pages are separated by a form feed so that the normaliser can find page headers
and footers.
"""

from __future__ import annotations

import io
import threading
import zipfile
from html.parser import HTMLParser

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PAGE_BREAK = "\f"


class DocumentError(Exception):
    """A document that cannot be imported; the message is Danish and shown to the user."""


def check_zip_limits(archive: zipfile.ZipFile) -> None:
    """Refuse a zip container (DOCX, XLSX, ODT) with too many members or too much content
    once unpacked, before anything decompresses it. Only the central directory is read here;
    zipfile never returns more bytes for a member than its declared size, so the declared
    sizes bound what any later reader unpacks (a 400 KB "DOCX" that expands to 400 MB)."""
    members = archive.infolist()
    if len(members) > settings.MAX_ZIP_MEMBERS:
        raise DocumentError(
            _("Filen indeholder for mange dele (%(n)d; højst %(limit)d) og kan ikke bruges.")
            % {"n": len(members), "limit": settings.MAX_ZIP_MEMBERS}
        )
    total = sum(info.file_size for info in members)
    if total > settings.MAX_UNZIPPED_BYTES:
        raise DocumentError(
            _("Filen fylder for meget, når den pakkes ud (%(size)s; højst %(limit)s). "
              "Gem dokumentet igen uden store indlejrede filer, eller brug PDF.")
            % {"size": filesizeformat(total), "limit": filesizeformat(settings.MAX_UNZIPPED_BYTES)}
        )


def detect_format(data: bytes) -> str:
    """Return "pdf", "docx", "html" or "text"; raise DocumentError for anything else."""
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                check_zip_limits(archive)
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            raise DocumentError(_("Filen er et beskadiget zip-arkiv og kan ikke læses.")) from None
        raise DocumentError(_("Filen er et zip-arkiv, men ikke et Word-dokument (DOCX)."))
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(
            _("Filformatet kendes ikke. Brug PDF, Word (DOCX), HTML eller almindelig tekst.")
        )
    sniff = decode_text(head).lstrip().lower()
    if sniff.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in sniff:
        return "html"
    if sniff.startswith("<") and ("<p" in sniff or "<div" in sniff or "<h1" in sniff):
        return "html"
    return "text"


def decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Danish Windows exports: cp1252 covers æøå and the typographic quotes.
        return data.decode("cp1252", errors="replace")


def extract_text(data: bytes) -> tuple[str, str, int]:
    """Return (text, format, pages). Raise DocumentError with a Danish message."""
    if not data.strip():
        raise DocumentError(_("Dokumentet er tomt."))
    kind = detect_format(data)
    if kind == "pdf":
        text, pages = pdf_text(data)
    elif kind == "docx":
        text, pages = docx_text(data), 1
    elif kind == "html":
        text, pages = html_text(decode_text(data)), 1
    else:
        text, pages = decode_text(data), 1
    if not text.strip():
        if kind == "pdf":
            raise DocumentError(
                _("PDF-filen indeholder ingen tekst (måske er den scannet som billeder).")
            )
        raise DocumentError(_("Dokumentet er tomt."))
    return text, kind, pages


def pdf_text(data: bytes) -> tuple[str, int]:
    """Return (text, pages): the pages' text joined by PAGE_BREAK.

    PDFium (pypdfium2) rather than pypdf: the same text on our documents, several times faster
    (`.ci/bench_pdf_text.py`). pypdf stays where a PDF is checked or written, not read for text."""
    import pypdfium2 as pdfium

    # PDFium is not thread-safe and gunicorn runs threaded workers: one extraction at a time
    # per process. It still beats pypdf, which holds the GIL for all of its (slower) work.
    with _PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
                # An empty user password (permission-only protection) opens without asking;
                # this one needs a password we do not have.
                raise DocumentError(
                    _("PDF-filen er krypteret eller beskyttet med adgangskode og kan ikke læses.")
                ) from None
            raise DocumentError(_("PDF-filen er beskadiget og kan ikke læses.")) from None
        try:
            pages = [_page_text(page) for page in document]
        except Exception:  # a page PDFium cannot load or read
            raise DocumentError(_("PDF-filen er beskadiget og kan ikke læses.")) from None
        finally:
            document.close()
    if not pages:
        raise DocumentError(_("PDF-filen er beskadiget og kan ikke læses."))
    return PAGE_BREAK.join(pages), len(pages)


_PDFIUM_LOCK = threading.Lock()

# PDFium's text differs from pypdf's in its control characters only; they are mapped here, in
# one place, so the normaliser and the search see what pypdf gave them: lines end in "\r\n";
# a hyphen PDFium takes for a word break at the end of a line becomes "\x02" (U+FFFE in older
# builds) and the line break after it is dropped, so "Social-" / "og Sundhed" would run
# together as "Social\x02og Sundhed". We keep the hyphen and the line as printed, as pypdf
# does, because the importer's line-based parsing depends on the lines. A form feed inside a
# page would be taken for a page break, NUL cannot be stored in PostgreSQL.
_PDFIUM_CONTROLS = str.maketrans({
    "\x02": "-\n", "\ufffe": "-\n", "\r": "\n", PAGE_BREAK: "\n", "\x00": None,
})


def _page_text(page) -> str:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_bounded()
    finally:
        textpage.close()
        page.close()
    return text.replace("\r\n", "\n").translate(_PDFIUM_CONTROLS)


def docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:
        raise DocumentError(_("Word-dokumentet er beskadiget og kan ikke læses.")) from None
    lines: list[str] = []
    # Walk the body in document order so that tables (the time schedule) stay where they were.
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
            lines.append("")
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = [cell.text.replace("\n", " ").strip() for cell in row.cells]
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    return "\n".join(lines)


BLOCK_TAGS = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr",
    "section", "article", "header", "footer", "dt", "dd", "blockquote", "pre", "hr",
}
SKIP_TAGS = {"script", "style", "head", "title", "noscript", "template"}


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        self.current = []
        if text:
            self.lines.extend([text, ""])

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skip += 1
        elif tag == "tr":
            self.flush()
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag in BLOCK_TAGS and self.cell is None:
            self.flush()
            if tag == "li":
                self.current.append("- ")

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if any(self.row):
                self.lines.append("| " + " | ".join(self.row) + " |")
            self.row = None
        elif tag == "table":
            self.lines.append("")
        elif tag in BLOCK_TAGS and self.cell is None:
            self.flush()

    def handle_data(self, data):
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.current.append(data)


def html_text(markup: str) -> str:
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    parser.flush()
    return "\n".join(parser.lines)
