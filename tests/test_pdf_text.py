"""PDF text comes from PDFium (pypdfium2) with pypdf's line layout: one "\\n" per line, a
hyphen at the end of a line kept with its line break, pages joined by a form feed, and a clean
DocumentError for what cannot be read. (Its speed: `.ci/bench_pdf_text.py`, not a test.)"""

from __future__ import annotations

import io
import threading

import pytest

from udsatteraad.imports.batch import generate_batch
from udsatteraad.lib.extract import PAGE_BREAK, DocumentError, extract_text, pdf_text


def make_pdf(*pages: list[str]) -> bytes:
    import typst

    def line(text: str) -> str:
        return '#"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    src = ['#set page(paper: "a5")']
    for n, page in enumerate(pages):
        if n:
            src.append("#pagebreak()")
        src.append(" \\\n".join(line(text) for text in page))
    return typst.compile("\n".join(src).encode())


def test_lines_and_pages_as_printed():
    data = make_pdf(["Punkt 1: Godkendelse", "rådgive byrådet og Social-", "og Sundhedsudvalget"],
                    ["Punkt 2: Eventuelt", "Intet."])
    text, pages = pdf_text(data)
    assert pages == 2
    assert not {"\r", "\x02", "\ufffe", "\x00"} & set(text)
    first, second = text.split(PAGE_BREAK)
    # PDFium reads the hyphen as a word break and joins the lines; the printed lines stay.
    assert [line.strip() for line in first.splitlines()] == [
        "Punkt 1: Godkendelse", "rådgive byrådet og Social-", "og Sundhedsudvalget"]
    assert [line.strip() for line in second.splitlines()] == ["Punkt 2: Eventuelt", "Intet."]
    assert extract_text(data) == (text, "pdf", 2)


def test_same_lines_as_pypdf_on_generated_minutes():
    from pypdf import PdfReader

    def lines(text: str) -> list[str]:
        out = [" ".join(line.split()) for line in text.replace("\f", "\n\f\n").splitlines()]
        return [line for line in out if line]

    docs = generate_batch(3, seed=5, pdf_share=1.0)
    for doc in docs:
        reader = PdfReader(io.BytesIO(doc.data))
        before = "\f".join(page.extract_text() for page in reader.pages)
        text, pages = pdf_text(doc.data)
        assert pages == len(reader.pages) > 1
        assert lines(text) == lines(before), doc.name


def test_permission_only_protection_is_read_and_a_password_is_refused():
    from pypdf import PdfReader, PdfWriter

    base = make_pdf(["Hemmelig tekst om Testby."])

    def protected(user: str) -> bytes:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base)))
        writer.encrypt(user_password=user, owner_password="ejer", algorithm="RC4-128")
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    assert "Hemmelig tekst om Testby." in pdf_text(protected(""))[0]
    with pytest.raises(DocumentError, match="krypteret eller beskyttet med adgangskode"):
        pdf_text(protected("hemmeligt"))


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\n%%EOF",
    b"%PDF-1.7\n" + bytes(range(256)) * 8,
    b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",
])
def test_broken_pdf_is_a_document_error(data):
    with pytest.raises(DocumentError, match="PDF-filen er beskadiget"):
        pdf_text(data)


def test_truncated_pdf_is_a_document_error_or_its_text():
    data = make_pdf(["Første side."], ["Anden side."])
    for cut in (len(data) // 2, len(data) - 40):
        try:
            text, pages = pdf_text(data[:cut])
        except DocumentError as exc:
            assert "PDF-filen er beskadiget" in str(exc)
        else:  # PDFium repairs what it can; then the text is the document's
            assert "side." in text and pages >= 1


def test_threads_extract_side_by_side():
    # PDFium is not thread-safe; gunicorn's threaded workers may extract at the same time.
    data = make_pdf(["Punkt 1: Godkendelse"], ["Punkt 2: Eventuelt"])
    expected = pdf_text(data)
    results: list[tuple[str, int]] = []

    def work():
        for _ in range(5):
            results.append(pdf_text(data))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 20
