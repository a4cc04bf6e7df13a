"""A batch of synthetic minutes for benchmarks and round-trip tests of the importer.

    generate_batch(200)  -> list[GeneratedDocument]   (deterministic for a given seed)

Two layouts the parser supports: Randers-like ("REFERAT Udsatterådet d. 27-09-2021", "Punkt 17:"
items numbered through the year, KLE or Acadre case numbers, "Forvaltningen indstiller ... 1. at",
"Beslutning", "Sagsfremstilling", a time schedule in the first item, "Bilag") and Aarhus
FirstAgenda-like ("Referat 1. oktober 2025 kl. 15.45", labels with the value on the next line,
"Punkt 1:" with an EMN case number right below, "Beslutninger", "Resume", "Beslutningspunkter" /
"At 1)", "Sagsforløb", closed items). A share of the documents (20 % by default) are real
multi-page PDFs made with typst, with page headers and "Side N af M" footers.

The prose is sampled from the seed documents in data/seeds (paragraphs that could read as a
heading, or that name a person, are left out), or from a built-in list when a folder without
seeds is given. Nothing here needs Django or a database.

Run `python -m udsatteraad.imports.batch FOLDER [--count N]` to write a batch to a folder, for
example to try `manage.py import_minutes FOLDER --council randers --dry-run` on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from udsatteraad.lib.paths import SEEDS_DIR

from . import patterns as p

# 001 lists the members of a council by name: never sampled.
SEED_FILES = ("000_*.txt", "002_*.txt", "003_*.txt", "004_*.txt")

BUILTIN_PARAGRAPHS = [
    "Udsatterådet har siden sidste møde arbejdet videre med de temaer, som rådet prioriterede "
    "på seminaret i foråret. Der er særligt fokus på adgangen til sundhedstilbud for borgere "
    "uden fast bopæl.",
    "Forvaltningen har gennemført en kortlægning af de væresteder, der modtager støtte fra "
    "kommunen. Kortlægningen viser, at åbningstiderne varierer meget, og at flere steder holder "
    "lukket i weekenderne.",
    "Rådet har modtaget en henvendelse fra brugerne af et værested, som oplever, at det er "
    "svært at komme i kontakt med jobcentret. Henvendelsen lægges op til drøftelse.",
    "Planen for udsatteområdet indeholder fire indsatsområder: bolig, sundhed, fællesskab og "
    "beskæftigelse. For hvert område er der opstillet mål, som følges op en gang om året.",
    "Der er i perioden etableret ti nye skæve boliger, og yderligere otte forventes klar til "
    "indflytning inden årets udgang. Ventelisten er dermed reduceret med en tredjedel.",
    "Sundhedsrummet har haft et stigende antal besøg. Sygeplejerskerne oplever især flere "
    "borgere med sår og følger af langvarigt misbrug, og samarbejdet med lægerne er styrket.",
    "Stormødet afholdes i oktober på biblioteket. Programmet består af oplæg, dialog i "
    "grupper og en fælles frokost. Alle borgere er velkomne, og der er gratis adgang.",
    "Rådets medlemmer har deltaget i landspanelets møde, hvor temaet var hjemløshed blandt "
    "unge. Drøftelserne gav inspiration til rådets egen handleplan for det kommende år.",
    "Budgettet for det kommende år giver mulighed for at videreføre natcaféen. Forvaltningen "
    "foreslår, at rådet giver sit bud på, hvordan midlerne bedst anvendes.",
    "Høringssvaret skal være forvaltningen i hænde senest fredag i næste uge. Rådet kan "
    "vælge at afgive et fælles svar eller lade de enkelte organisationer svare hver for sig.",
    "Evalueringen af opsøgende gadeplansarbejde viser gode resultater. Flere borgere er blevet "
    "hjulpet videre til behandling, og kontakten til boligforeningerne er blevet bedre.",
    "Rådet drøftede, hvordan brugerne i højere grad kan inddrages i arbejdet. Et forslag er "
    "at holde et af årets møder på et værested, så flere kan deltage og komme til orde.",
]
TITLES = [
    "Opsamling på dialogmøde med socialudvalget",
    "Status på implementering af plan for udsatteområdet",
    "Aftaler om stormødet i oktober",
    "Indledende drøftelse af valg til rådet for den kommende periode",
    "Opsamling på landspanelsmøde i Rådet for Socialt Udsatte",
    "Høring over budgetforslag for socialområdet",
    "Orientering om skæve boliger og boligsociale indsatser",
    "Drøftelse af handleplan for hjemløshed blandt unge",
    "Evaluering af opsøgende gadeplansarbejde",
    "Sundhedsrummets årsrapport",
    "Temadrøftelse om misbrugsbehandling og ventetider",
    "Forslag fra et medlem om åbningstider på væresteder",
    "Samarbejde med jobcentret om udsatte ledige",
    "Årsberetning for rådets arbejde",
    "Mødeplan for det kommende år",
    "Henvendelse fra brugere af natcaféen",
    "Udpegning af repræsentant til følgegruppe for sociale indsatser",
    "Orientering om midler fra satspuljen",
    "Drøftelse af rådets kommunikation og hjemmeside",
    "Status på indsatsen mod vinterkulde",
    "Opfølgning på tilsynsrapporter fra botilbud",
    "Inddragelse af brugere i rådets arbejde",
    "Økonomisk status for rådets aktivitetspulje",
    "Høring om ny sundhedspolitik",
    "Erfaringer fra Housing First-forløb",
    "Tema om psykisk sårbarhed og fællesskaber",
    "Orientering om værestedernes sommeråbning",
    "Planlægning af temadag om ensomhed",
]
RECOMMENDATIONS = [
    "orienteringen tages til efterretning",
    "rådet drøfter sagen og giver sine input til det videre arbejde",
    "rådet godkender det fremlagte forslag",
    "rådet udpeger en repræsentant til følgegruppen",
    "rådet afgiver høringssvar på baggrund af drøftelsen",
    "dagsorden og tidsplan godkendes",
    "rådet beslutter, hvilke temaer der skal prioriteres",
]
DECISIONS = [
    "Godkendt.",
    "Taget til efterretning.",
    "Rådet drøftede sagen og tiltrådte indstillingen.",
    "Rådet drøftede sagen. Sekretariatet udarbejder et udkast til høringssvar, som sendes "
    "rundt til kommentering.",
    "Udsat til næste møde.",
    "Rådet bakkede op om forslaget og bad forvaltningen om en status på næste møde.",
]
ATTACHMENTS = [
    "Notat om status", "Tidsplan", "Høringsmateriale", "Evalueringsrapport",
    "Oversigt over væresteder", "Budgetoversigt", "Præsentation fra mødet", "Kommissorium",
]
PLACES = [
    "Mødelokale C.3.10, Laksetorvet", "Udvalgsværelse 398", "Værestedet Fristedet, mødesalen",
    "Rådhuset, mødelokale 2", "Sundhedsrummet, Vestergade", "Biblioteket, store sal",
]
COUNCILS = ["Udsatterådet", "Udsatterådet i Testregion", "Rådet for socialt udsatte"]
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]


@dataclass
class GeneratedDocument:
    name: str
    data: bytes
    format: str  # "text" or "pdf"
    layout: str  # "randers" or "aarhus"
    date: dt.date
    numbers: list[int] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    case_numbers: list[str] = field(default_factory=list)


# --- Prose -----------------------------------------------------------------------------------

# Two capitalised words in a row, not at a sentence start: most likely a person's name.
_NAME = re.compile(r"(?<![.!?:»\"]\s)(?<!^)\b[A-ZÆØÅ][a-zæøå]+\s+[A-ZÆØÅ][a-zæøå]+")
_NOT_NAMES = {"Kommune", "Kommunes", "Region", "Regions", "Midtjylland", "Hovedstaden", "Kors",
              "Korshær", "Hær", "Udsatte", "Danmark", "Socialt", "Udsatterådet"}


def _is_plain_prose(par: str) -> bool:
    if "\n" in par or not 80 <= len(par) <= 700 or not par[0].isupper():
        return False
    if "|" in par or "@" in par or par.endswith(":") or re.search(r"\d{8}", par):
        return False
    if (p.section_of(par) or p.recommendation_heading(par) or p.find_case_number(par)
            or p.SECONDARY_HEADINGS.match(par) or p.PROPOSER.match(par)
            or any(rx.match(par) for _, rx in p.ITEM_STYLES) or "indstille" in par):
        return False
    return all(m[0].split()[1] in _NOT_NAMES for m in _NAME.finditer(par))


def load_paragraphs(seeds_dir: Path | None = None) -> list[str]:
    """Prose paragraphs from the seed documents, or the built-in list without them."""
    folder = SEEDS_DIR if seeds_dir is None else seeds_dir
    found: list[str] = []
    if folder.is_dir():
        for pattern in SEED_FILES:
            for path in sorted(folder.glob(pattern)):
                text = path.read_text(encoding="utf-8", errors="replace")
                found.extend(par.strip() for par in re.split(r"\n\s*\n", text))
    prose = [par for par in dict.fromkeys(found) if _is_plain_prose(par)]
    return prose if len(prose) >= 10 else list(BUILTIN_PARAGRAPHS)


# --- Documents -------------------------------------------------------------------------------


def _kle(rng: random.Random, year: int) -> str:
    return (f"{rng.choice([0, 27, 29, 85]):02}.{rng.randint(0, 40):02}.{rng.randint(0, 20):02}"
            f"-{rng.choice('AGKP')}{rng.randint(0, 99):02}-{rng.randint(1, 30)}-{year % 100:02}")


def _acadre(rng: random.Random, year: int) -> str:
    return f"{rng.randint(100, 999)}-{year}-{rng.randint(1000, 99999)}"


def _emn(rng: random.Random, year: int) -> str:
    return f"EMN-{year}-{rng.randint(1, 999999):06}"


def _prose(rng: random.Random, pool: list[str], low: int, high: int) -> list[str]:
    return rng.sample(pool, min(len(pool), rng.randint(low, high)))


def _titles(rng: random.Random, count: int) -> list[str]:
    middle = rng.sample(TITLES, min(count - 2, len(TITLES)))
    while len(middle) < count - 2:  # more items than titles: number the repeats
        middle.append(f"{rng.choice(TITLES)}, del {len(middle) + 1}")
    return ["Godkendelse af dagsorden og tidsplan", *middle, "Eventuelt"][:count]


def _schedule(rng: random.Random, start: dt.datetime, titles: list[str]) -> list[tuple[str, str]]:
    rows, now = [], start + dt.timedelta(minutes=5)
    for title in titles:
        end = now + dt.timedelta(minutes=rng.choice([5, 10, 15, 20, 25]))
        rows.append((title, f"{now:%H.%M}-{end:%H.%M}"))
        now = end
    return rows


def randers_blocks(rng: random.Random, pool: list[str], doc: GeneratedDocument,
                   start: dt.datetime, council: str) -> list[list[str]]:
    """Blocks (paragraphs of lines) of a Randers-like minutes document."""
    d = start.date()
    blocks = [
        [f"REFERAT {council} d. {d:%d-%m-%Y}"],
        [f"Mødedato {WEEKDAYS[d.weekday()].capitalize()} d. {d.day}. {MONTHS[d.month - 1]} "
         f"{d.year} kl. {start:%H:%M}"],
        [f"Mødested {rng.choice(PLACES)}"],
    ]
    for i, (number, title, case) in enumerate(
        zip(doc.numbers, doc.titles, doc.case_numbers, strict=True)
    ):
        blocks += [[f"Punkt {number}: {title}"], [case],
                   ["Forvaltningen indstiller til Udsatterådet"]]
        recs = rng.sample(RECOMMENDATIONS, rng.randint(1, 3))
        blocks.append([f"{n}. at {rec}" for n, rec in enumerate(recs, start=1)])
        blocks += [["Beslutning"], [rng.choice(DECISIONS)], ["Sagsfremstilling"]]
        if i == 0:
            blocks.append(["Dagsorden og tidsplan:"])
            rows = _schedule(rng, start, doc.titles)
            blocks.append(["| Dagsordenspunkt | Tidspunkt |", "|--|--|"]
                          + [f"| {t} | {span} |" for t, span in rows])
        blocks += [[par] for par in _prose(rng, pool, 1, 4)]
        if rng.random() < 0.4:
            blocks += [["Bilag"], [f"- {a}" for a in rng.sample(ATTACHMENTS, rng.randint(1, 3))]]
    return blocks


def aarhus_blocks(rng: random.Random, pool: list[str], doc: GeneratedDocument,
                  start: dt.datetime, council: str) -> list[list[str]]:
    """Blocks of an Aarhus FirstAgenda-like minutes document (HTML converted to text)."""
    d = start.date()
    when = f"{d.day}. {MONTHS[d.month - 1]} {d.year} kl. {start:%H.%M}"
    place = rng.choice(PLACES)
    blocks = [
        [f"Referat {when}"], [f"{council} - {place}"], ["Udvalg:"], [council],
        ["Mødedato:"], [f"{WEEKDAYS[d.weekday()]} den {when}"], ["Mødested:"], [place],
    ]
    for number, title, case in zip(doc.numbers, doc.titles, doc.case_numbers, strict=True):
        closed = number > 2 and rng.random() < 0.08
        blocks.append([f"Punkt {number}: {'Lukket: ' if closed else ''}{title}", case])
        blocks += [["Beslutninger"], [rng.choice(DECISIONS)]]
        if closed:
            continue
        blocks += [[par] for par in _prose(rng, pool, 0, 1)]
        blocks += [["Resume"], *([par] for par in _prose(rng, pool, 1, 2))]
        recs = rng.sample(RECOMMENDATIONS, rng.randint(1, 3))
        blocks += [["Beslutningspunkter"], ["Det indstilles:"]]
        blocks += [[f"At {n}) {rec[0].upper()}{rec[1:]}."] for n, rec in enumerate(recs, 1)]
        if rng.random() < 0.5:
            blocks += [["Sagsforløb"], ["Udvalg: Magistraten"], [f"Dato: {d:%d-%m-%Y}"]]
        blocks += [["Sagsfremstilling"], *([par] for par in _prose(rng, pool, 1, 3))]
        if rng.random() < 0.5:
            blocks += [["Bilag"], [f"- {a}" for a in rng.sample(ATTACHMENTS, rng.randint(1, 3))]]
    return blocks


def as_text(blocks: list[list[str]]) -> str:
    return "\n\n".join("\n".join(lines) for lines in blocks) + "\n"


def _typst_string(text: str) -> str:
    return '#"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def as_pdf(blocks: list[list[str]], header: str) -> bytes:
    """A multi-page A5 PDF; each line is a typst string, so no markup needs escaping."""
    import typst

    src = [
        f'#set page(paper: "a5", margin: 1.6cm, header: [{_typst_string(header)}], '
        "footer: context [Side #counter(page).display() af #counter(page).final().first()])",
        '#set text(size: 9pt, lang: "da")',
        "#set par(justify: false)",
    ]
    for lines in blocks:
        if lines[0].startswith("| "):
            # PDF text extraction splits table cells over lines; a schedule as plain lines
            # stays readable.
            lines = [" ".join(c.strip() for c in row.strip("|").split("|"))
                     for row in lines if not row.startswith("|--")]
        strong = len(lines) <= 2 and lines[0].startswith("Punkt ")
        body = " \\\n".join(_typst_string(line) for line in lines)
        src.append(f"#strong[{body}]" if strong else body)
        src.append("")
    return typst.compile("\n".join(src).encode("utf-8"))


def generate_document(rng: random.Random, index: int, pool: list[str], *,
                      layout: str, pdf: bool) -> GeneratedDocument:
    year = rng.randint(2018, 2025)
    day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    start = dt.datetime.combine(day, dt.time(rng.choice([9, 10, 13, 15, 16, 17]),
                                             rng.choice([0, 0, 15, 30, 45])))
    count = rng.randint(3, 25)
    first = rng.randint(1, 40) if layout == "randers" else 1
    if layout == "randers":
        case = (lambda: _acadre(rng, year)) if rng.random() < 0.3 else (lambda: _kle(rng, year))
    else:
        case = lambda: _emn(rng, year)  # noqa: E731
    doc = GeneratedDocument(
        name=f"{index:04}_{layout}_{day:%Y-%m-%d}.{'pdf' if pdf else 'txt'}", data=b"",
        format="pdf" if pdf else "text", layout=layout, date=day,
        numbers=list(range(first, first + count)), titles=_titles(rng, count),
        case_numbers=[case() for _ in range(count)],
    )
    council = rng.choice(COUNCILS)
    build = randers_blocks if layout == "randers" else aarhus_blocks
    blocks = build(rng, pool, doc, start, council)
    if pdf:
        doc.data = as_pdf(blocks, f"{council} · Referat {day:%d-%m-%Y}")
    else:
        doc.data = as_text(blocks).encode("utf-8")
    return doc


def generate_batch(count: int = 200, *, seed: int = 2021, pdf_share: float = 0.2,
                   seeds_dir: Path | None = None) -> list[GeneratedDocument]:
    """`count` documents, alternating layouts; every 1/pdf_share-th one is a PDF."""
    rng = random.Random(seed)
    pool = load_paragraphs(seeds_dir)
    docs = []
    for i in range(count):
        pdf = int((i + 1) * pdf_share) > int(i * pdf_share)
        layout = "randers" if i % 2 == 0 else "aarhus"
        docs.append(generate_document(rng, i, pool, layout=layout, pdf=pdf))
    return docs


def write_batch(folder: Path, docs: list[GeneratedDocument]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        (folder / doc.name).write_bytes(doc.data)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a batch of synthetic minutes.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--pdf-share", type=float, default=0.2)
    args = parser.parse_args(argv)
    docs = generate_batch(args.count, seed=args.seed, pdf_share=args.pdf_share)
    write_batch(args.folder, docs)
    print(f"{len(docs)} documents written to {args.folder}")


if __name__ == "__main__":
    main()
