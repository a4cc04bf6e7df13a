"""The synthetic minutes generator (udsatteraad/imports/batch.py) round-trips through the
importer: every document parses back to the items it was generated with."""

from __future__ import annotations

from udsatteraad.imports.batch import BUILTIN_PARAGRAPHS, generate_batch, load_paragraphs
from udsatteraad.imports.pipeline import import_throughput, parse_bytes


def test_small_batch_parses_back_exactly():
    docs = generate_batch(10, seed=7)
    assert {d.layout for d in docs} == {"randers", "aarhus"}
    assert [d.format for d in docs].count("pdf") == 2
    for doc in docs:
        parsed = parse_bytes(doc.data)
        assert parsed.format == doc.format
        assert 3 <= len(doc.numbers) <= 25
        assert [i.number for i in parsed.items] == doc.numbers, doc.name
        assert [i.case_number for i in parsed.items] == doc.case_numbers, doc.name
        assert [i.title for i in parsed.items] == doc.titles, doc.name
        assert parsed.meeting.date == doc.date
        if doc.format == "pdf":
            assert doc.data.startswith(b"%PDF-")
            assert parsed.pages > 1
    # Randers-like numbering runs through the year; Aarhus-like starts at 1.
    assert all(d.numbers[0] == 1 for d in docs if d.layout == "aarhus")


def test_batch_is_deterministic_and_varied():
    first = generate_batch(6, seed=3, pdf_share=0)
    again = generate_batch(6, seed=3, pdf_share=0)
    assert [d.data for d in first] == [d.data for d in again]
    assert len({len(d.numbers) for d in first}) > 1
    assert any(not n.startswith("EMN-") for d in first for n in d.case_numbers)
    assert any(n.startswith("EMN-") for d in first for n in d.case_numbers)


def test_works_without_the_seed_files(tmp_path):
    assert load_paragraphs(tmp_path) == BUILTIN_PARAGRAPHS
    docs = generate_batch(4, seed=1, pdf_share=0, seeds_dir=tmp_path)
    result = import_throughput(d.data for d in docs)
    assert result["documents"] == 4 and result["failed"] == 0
    assert result["items"] == sum(len(d.numbers) for d in docs)
    assert result["documents_per_second"] > 0


def test_seed_prose_leaves_out_headings_and_names():
    for par in load_paragraphs():
        assert "\n" not in par
        assert not par.startswith(("Punkt ", "Beslutning", "Forvaltningen indstiller"))
