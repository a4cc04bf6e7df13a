"""Where the repository keeps the documents its tests, benchmarks and the synthetic archive read.

Everything lives inside the repository (`data/`, provenance in data/SOURCES.md), so a bare
`git clone` with nothing beside it has all it needs. No Django import: the import batch
generator uses this without settings.
"""

from __future__ import annotations

from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_DIR / "data"
# The seed documents 000, 002, 003 and 004 (001 names real members and is not copied).
SEEDS_DIR = DATA_DIR / "seeds"
OPARL_SCHEMA_DIR = DATA_DIR / "oparl" / "schema"
OPARL_EXAMPLES_DIR = DATA_DIR / "oparl" / "examples"
# Real agendas and minutes of Aarhus Kommune, in another layout than the Randers seed.
MINUTES_DIR = DATA_DIR / "testdata" / "minutes"
