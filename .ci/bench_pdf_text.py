"""PDF text extraction (issue 18): pypdf, the extractor before, against PDFium (pypdfium2),
the one `udsatteraad.lib.extract.pdf_text` uses now, on the PDFs the import batch generator
makes (udsatteraad/imports/batch.py: typst-compiled A5 minutes, several pages each).

The two run interleaved, round by round over the same documents (the order alternating), so a
noisy shared machine slows both alike; each round's pages/s is kept and the medians and their
ratio are printed, with the slowest and fastest rounds. PDFium is timed through the project's
own `pdf_text` (its lock and the normalisation of PDFium's control characters included); pypdf
as the project called it before: `PdfReader(...).pages[i].extract_text()`. The script also
checks that both give the same lines on every document, since speed with other text would be
no gain.

    .venv/bin/python .ci/bench_pdf_text.py [--docs N] [--rounds R] [--seed S]

Not a test (nothing here is timed against a limit); nothing is written.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "udsatteraad.settings")
    import django

    django.setup()


def pypdf_text(data: bytes) -> tuple[str, int]:
    from pypdf import PdfReader

    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    return "\f".join(pages), len(pages)


def lines(text: str) -> list[str]:
    """The text as the importer's normaliser sees it: whitespace collapsed, blanks dropped."""
    out = [" ".join(line.split()) for line in text.replace("\f", "\n\f\n").splitlines()]
    return [line for line in out if line]


def timed(extract, documents: list[bytes]) -> tuple[float, int]:
    pages = 0
    start = time.perf_counter()
    for data in documents:
        pages += extract(data)[1]
    return time.perf_counter() - start, pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20, help="PDFs to generate (default 20)")
    parser.add_argument("--rounds", type=int, default=7, help="rounds per extractor (default 7)")
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args(argv)

    setup_django()
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    import pypdf
    import pypdfium2

    from udsatteraad.imports.batch import generate_batch
    from udsatteraad.lib.extract import pdf_text

    batch = generate_batch(args.docs, seed=args.seed, pdf_share=1.0)
    documents = [doc.data for doc in batch if doc.format == "pdf"]
    if not documents:
        print("no PDFs generated", file=sys.stderr)
        return 1

    differing = [
        doc.name for doc in batch
        if doc.format == "pdf" and lines(pypdf_text(doc.data)[0]) != lines(pdf_text(doc.data)[0])
    ]

    extractors = {"pypdf": pypdf_text, "pypdfium2": pdf_text}
    rates: dict[str, list[float]] = {name: [] for name in extractors}
    pages = 0
    for round_no in range(args.rounds):
        order = list(extractors) if round_no % 2 == 0 else list(reversed(extractors))
        for name in order:
            seconds, pages = timed(extractors[name], documents)
            rates[name].append(pages / seconds)

    size = sum(map(len, documents))
    print(f"PDF text extraction: {len(documents)} PDFs, {pages} pages, {size / 1e6:.1f} MB, "
          f"{args.rounds} interleaved rounds (seed {args.seed})")
    print(f"pypdf {pypdf.__version__}, pypdfium2 {pypdfium2.version.PYPDFIUM_INFO} "
          f"(PDFium {pypdfium2.version.PDFIUM_INFO})")
    print(f"{'extractor':<12}{'pages/s p50':>14}{'min':>10}{'max':>10}")
    for name, values in rates.items():
        print(f"{name:<12}{statistics.median(values):>14.1f}{min(values):>10.1f}"
              f"{max(values):>10.1f}")
    ratio = statistics.median(rates["pypdfium2"]) / statistics.median(rates["pypdf"])
    per_round = [b / a for a, b in zip(rates["pypdf"], rates["pypdfium2"], strict=True)]
    print(f"ratio pypdfium2 / pypdf: {ratio:.1f}x (per round {min(per_round):.1f}x"
          f"-{max(per_round):.1f}x)")
    if differing:
        print(f"text differs on {len(differing)} of {len(documents)} PDFs: "
              + ", ".join(differing[:5]))
        return 1
    print(f"same lines from both on all {len(documents)} PDFs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
