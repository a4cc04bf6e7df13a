"""The minutes parser (udsatteraad/imports): the Randers seed field by field, the Aarhus
documents item by item, synthetic layout variations, and real PDF/DOCX/HTML files."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from udsatteraad.imports.parser import parse_text
from udsatteraad.imports.pipeline import import_throughput, parse_bytes, parse_file
from udsatteraad.lib.extract import DocumentError, detect_format
from udsatteraad.lib.paths import MINUTES_DIR, SEEDS_DIR

SEED = SEEDS_DIR / "003_220917d0114e4887.txt"
AARHUS = MINUTES_DIR
DATA = Path(__file__).resolve().parent / "data" / "import"


def between(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


# --- The Randers seed, every field of every item ----------------------------------------------

INTRO = "Forvaltningen indstiller til Udsatterådet"
KLE = "27.15.00-A08-1-21"


def seed_expected(seed: str) -> list[dict]:
    # The two long case presentations are exact slices of the raw seed between literal markers.
    cp19 = between(seed, "Taget til efterretning\n\nSagsfremstilling\n\n", "\n\nBilag\n\nStatus")
    cp21 = between(seed, "Drøftet\n\nSagsfremstilling\n\n", "\n\nBilag\n\nVedtægter")
    schedule = (
        "Dagsorden og tidsplan:\n\n"
        "| Dagsordenspunkt | Tidspunkt |\n"
        "|--|-------------|\n"
        "| Godkendelse af dagsorden og tidsplan | 17.05-17.10 |\n"
        "| Opsamling på dialogmøde med socialudvalget | 17.10-17.25 |\n"
        "| Status på implementering af plan for udsatteområdet | 17.25-17.30 |\n"
        "| Aftaler om Udsatterådets stormøde den 27. oktober 2021 | 17.30-17.45 |\n"
        "| Indledende drøftelse af valg til Udsatterådet for perioden 2022-2025 | 17.45-18.00 |\n"
        "| Opsamling på landspanelsmøde i Rådet for Socialt Udsatte | 18.00-18.10 |\n"
        "| Nyt fra rådsmedlemmer | 18.10-18.20 |\n"
        "| Eventuelt | 18.20-18.25 |"
    )
    base = {"summary": "", "attachments": [], "recommendations_intro": INTRO, "is_public": True}
    return [
        {**base, "number": 17, "title": "Godkendelse af dagsorden og tidsplan",
         "case_number": KLE, "recommendations": ["dagsorden og tidsplan godkendes"],
         "decision": "Godkendt", "case_presentation": schedule,
         "start_time": "17:05", "end_time": "17:10"},
        {**base, "number": 18, "title": "Opsamling på dialogmøde med socialudvalget",
         "case_number": KLE,
         "recommendations": ["rådet drøfter det netop afholdte dialogmøde med socialudvalget."],
         "decision": (
             "Godt med drøftelser i grupper. Dog sad grupperne lidt tæt, så det blev svært af "
             "adskille. En time er i underkanten, når alle spørgsmål skal besvares. En ide til "
             "næste dialogmøde kunne være at fordele spørgsmålene ud på grupperne, så hver gruppe "
             "drøfter forskellige områder. Det er vigtigt, at der er politikere af forskellig "
             "politisk observans i alle grupper."),
         "case_presentation": (
             "Det årlige dialogmøde mellem socialudvalget og Udsatterådet er afholdt den 27. "
             "september 2021. Dagsordenen for mødet er sammensat efter ønske fra socialudvalget "
             "og Udsatterådet.\n\nDialogmødet havde følgende punkt på dagsorden:\n\nStatus på "
             "implementering af plan for udsatteområdet med særligt fokus på indsatsområdet "
             "\"Randers for alle\", herunder om der er områder, hvor der kan gøres en endnu bedre "
             "indsats for at skabe adgang til fællesskabet for udsatte borgere.\n\nEfter "
             "dialogmødet samler Udsatterådet op mødet."),
         "start_time": "17:10", "end_time": "17:25"},
        {**base, "number": 19, "title": "Status på implementering af plan for udsatteområdet",
         "case_number": "00.00.00-P20-4-18",
         "summary": (
             "Byrådet vedtog den 12. november 2018 en plan for udsatteområdet i Randers Kommune. "
             "Planen sætter retningen for udviklingen af udsatteområdet i perioden 2018-2021. "
             "Forvaltningen fremlægger hermed den årlige status på arbejdet med implementering af "
             "planen til udsatterådet. I status indgår ligeledes afrapportering på "
             "Rusmiddelplanen, der er en underordnet udviklingsplan i plan for udsatteområdet."),
         "recommendations_intro": "Forvaltningen indstiller til udsatterådet",
         "recommendations": [
             "orientering om status på implementering af plan for udsatteområdet tages til "
             "efterretning."],
         "decision": "Taget til efterretning", "case_presentation": cp19,
         "attachments": ["Status på mål vedrørende implementering af plan for udsatteområdet"],
         "start_time": "17:25", "end_time": "17:30"},
        {**base, "number": 20, "title": "Aftaler om stormødet den 27. oktober 2021",
         "case_number": KLE,
         "recommendations": ["rådet drøfter afvikling af stormødet, herunder rollefordelingen."],
         "decision": (
             "Næstformanden og sekretæren i rådet har en opgave på stormødet med at håndtere "
             "spørgsmål fra tilhørerne."),
         "case_presentation": (
             "Udsatterådet har besluttet at temaet for stormødet 2021 er kommunalvalget i "
             "november 2021. Stormødet afholdes således som et valg- og debatmøde med "
             "udsatteområdet i fokus.\n\nPå møde den 11. august 2021 nedsatte Udsatterådet en "
             "arbejdsgruppe, der har planlagt stormødet. Invitation og program for stormødet og "
             "information til de deltagende byråds kandidater er vedhæftet sagsfremstillingen. "
             "Udsatterådet drøfter afviklingen af stormødet herunder rollefordeling."),
         "attachments": ["Udsatterådet_2021 Invitation og program",
                         "Information om valgmødet til deltagerne 2021"],
         "start_time": "17:30", "end_time": "17:45"},
        {**base, "number": 21,
         "title": "Indledende drøftelse af valg til Udsatterådet for perioden 2022-2025",
         "case_number": KLE,
         "recommendations": [
             "rådet tager en indledende drøftelse af valg til Udsatterådet for perioden "
             "2022-2025"],
         "decision": "Drøftet", "case_presentation": cp21,
         "attachments": ["Vedtægter og forretningsorden UR010118"],
         "start_time": "17:45", "end_time": "18:00"},
        {**base, "number": 22,
         "title": "Opsamling på landspanelsmøde i Rådet for Socialt Udsatte",
         "case_number": KLE,
         "recommendations": [
             "møde i landspanelet i Rådet for Socialt Udsatte drøftes med henblik på om ideer "
             "fra mødet kan anvendes i Udsatterådets arbejde i Randers Kommune"],
         "decision": (
             "Temaet for landspanelsmødet var kommunalvalg og udsatte grupper. På mødet kom der "
             "blandt andet input i form af følgende:\n\n"
             "- oplysning om muligheden for at brevstemme\n"
             "- mulighed for valg på væresteder\n"
             "- udsatterådene kan oplyse om valget på værestederne\n"
             "- informationer til udsatte borgere på infeskærme i byerne\n"
             "- Samarbejde med foreninger"),
         "case_presentation": (
             "Den 17. september 2021 deltog to medlemmer fra Udsatterådet i Randers Kommune i "
             "møde i landspanelet i Rådet for Socialt Udsatte. Programmet for mødet i "
             "landspanelet er vedhæftet sagsfremstillingen. De deltagende rådsmedlemmer giver en "
             "orientering fra mødet i landspanelet. Herefter drøfter Udsatterådet om input fra "
             "landspanelsmødet kan anvendes i Randers."),
         "attachments": ["OPDT 21.08.26 Program for landspanelsmøde"],
         "start_time": "18:00", "end_time": "18:10"},
        {**base, "number": 23, "title": "Nyt fra rådsmedlemmerne", "case_number": KLE,
         "summary": "Nyt fra rådsmedlemmerne", "recommendations_intro": "",
         "recommendations": [], "decision": "", "case_presentation": "Nyt fra rådsmedlemmerne",
         "start_time": "18:10", "end_time": "18:20"},
        {**base, "number": 24, "title": "Eventuelt", "case_number": KLE,
         "summary": "Eventuelt", "recommendations_intro": "", "recommendations": [],
         "decision": "", "case_presentation": "Eventuelt",
         "start_time": "18:20", "end_time": "18:25"},
    ]


def test_randers_seed_every_field():
    seed = SEED.read_text(encoding="utf-8")
    document = parse_file(SEED)
    data = document.as_json()
    assert data["meeting"] == {
        "title": "REFERAT Udsatterådet d. 27-09-2021",
        "date": "2021-09-27",
        "start_time": "17:00",
        "location": "Mødelokale C.3.10, Laksetorvet",
    }
    expected = seed_expected(seed)
    assert [item["number"] for item in data["items"]] == list(range(17, 25))
    for got, want in zip(data["items"], expected, strict=True):
        assert got == want, f"Punkt {want['number']}"
    # The slices really are the long texts, not an empty match.
    assert expected[2]["case_presentation"].startswith("Byrådet vedtog den 12. november 2018")
    assert expected[2]["case_presentation"].endswith("aktører på udsatteområdet.")
    assert expected[4]["case_presentation"].endswith("byrådsperiode 2022-2025.")
    assert document.warnings == []
    assert document.missing_fields() == {
        "recommendations": ["Punkt 23", "Punkt 24"], "decision": ["Punkt 23", "Punkt 24"],
    }


# --- Aarhus (FirstAgenda) documents -----------------------------------------------------------

AARHUS_AGENDA = """\
1 | Godkendelse af dagsorden | EMN-2023-009832
2 | Forslag til budget 2026-2029 | EMN-2025-008308
3 | Materiale til Magistratens 1. tekniske behandling af budget 2026 | EMN-2025-008308
4 | Materiale til Magistratens 2. tekniske behandling af budget 2026 | EMN-2025-008308
5 | Budgetforslag Ældre og sundhed | EMN-2025-008294
6 | Budgetforslag Social- og beskæftigelsesområdet | EMN-2025-008294
7 | Budgetforslag Miljø, byudvikling, infrastruktur og kollektiv trafik | EMN-2025-008294
8 | Budgetforslag Sport, fritid og kultur | EMN-2025-008294
9 | Budgetforslag Børn og Unge | EMN-2025-008294
10 | Budgetforslag Økonomi og andet | EMN-2025-008294
11 | Svar på forslag fra S, SF, RV, M og ALT om vindmøller på Aarhus Havn | EMN-2025-000502
12 | Svar på forslag fra Børne- og ungebyrådet om flere lejrskoler og udflugter i grundskolen | EMN-2025-006138
13 | Svar på forslag fra Børne- og ungebyrådet om to-voksentimer og bredere information om eksisterende trivselsinitiativer | EMN-2025-006131
14 | Svar på forslag fra RV om Aarhus City Metro | EMN-2025-006822
15 | Udpegning til sundhedsråd | EMN-2025-009824
16 | Anbefalinger fra §17, stk. 4-udvalget Nyt Byråd | EMN-2025-010585
17 | Dispensation fra 'Grøn handleplan for kunstgræsbaner' | EMN-2025-009516
18 | Ændring af et godkendelseskriterie for private daginstitutioner | EMN-2025-010190
19 | Beredskabsplaner - negativ social kontrol, æresrelaterede konflikter og ekstremisme | EMN-2025-009868
20 | Økonomiteknisk justering af cykelmidler | EMN-2025-010281
21 | Lokalplan 1246 Åbyhøj Idrætscenter – Endelig | EMN-2025-010236
22 | Udviklingsplan Aarhus Ø - endelig vedtagelse | EMN-2025-009242
23 | Lokalplan 1204, Trige Syd - Endelig | EMN-2025-009097
24 | Byggemodning af område til boliger i Trige, lokalplan 1204 | EMN-2025-008076
25 | Forslag fra S, KF, SF, V og RV om mærkningsordning for genbrug af storskrald | EMN-2025-010627
26 | Forslag fra ALT om at Aarhus Kommune skal udtræde af Kattegatkomitéen | EMN-2025-010689
27 | Forslag fra V, LA, DD, KF, RV, M og ALT om tilskud til hjemmepasning | EMN-2025-010711
28 | Forslag fra KF om at adoptere en rundkørsel – skab kunst i det offentlige rum | EMN-2025-010748
29 | Forslag fra SF om Børnenes Plads | EMN-2025-010715
30 | Forslag fra V om bedre rammer for erhvervslivet - giv os Aarhus tilbage | EMN-2025-010825
31 | Forslag fra VL om offentlig undskyldning til kommunal ansat | EMN-2025-010828
32 | Forslag fra VL om undersøgelse af kommunens håndtering som bygherre i asbesthåndtering på rådhuset | EMN-2025-010830
33 | Forslag fra V, KF, LA og DD om afledte konsekvenser af lukning af Vesterbro Torv | EMN-2025-010810
"""  # noqa: E501

# PDF text: titles wrap over two lines; "2030-" + "fremskrivning" is one word again.
AARHUS_COUNCIL_MINUTES = """\
1 | Godkendelse af dagsorden | EMN-2023-009832
2 | Svar på forslag fra DD om principbeslutning om at sikre Havnens Perles fremtid på Aarhus Ø | EMN-2025-003383
3 | Svar på forslag fra KF og M om at halvere prisen på parkering i kommunale P-huse | EMN-2025-003928
4 | Svar på forslag fra V om at farten skal ned på Grenåvej i Løgten & Skødstrup | EMN-2025-004084
5 | Revisionspåtegning og endelig godkendelse af regnskab 2024 | EMN-2025-008579
6 | Svar på forslag fra RV om politik og handlingsplan mod diskrimination i Aarhus | EMN-2025-000517
7 | Afrapportering på klimaregnskab samt orientering om ny 2030-fremskrivning | EMN-2025-008528
8 | Afsluttede anlægsregnskaber for Teknik og Miljø 2024 | EMN-2025-005495
9 | Bro mellem Dokk1 og Balticagade | EMN-2025-006675
10 | Lokalplan 1221 (tillæg 2 til lokalplan 411) – Erhvervsområde ved Kattrup, Hasselager-Kolt, med tillæg 1 - Endelig | EMN-2025-008468
11 | Anlægsbevilling til Kongeruten i Kongelunden | EMN-2025-007373
12 | Anlægsbevilling til nyt idrætsanlæg i Lisbjerg | EMN-2025-007459
13 | Mulighed for skoleskift til Ravnbakkeskolen | EMN-2025-007142
14 | Justering af ramme for kvalitetsopfølgning og tilsyn i Børn og Unge | EMN-2025-008370
15 | Forslag fra M om styrket implementering af relationel velfærd | EMN-2025-008774
16 | Forslag fra M om International Aarhus 2.0 | EMN-2025-008892
17 | Forslag fra DD og LA om Aarhus som testkommune for selvkørende biler | EMN-2025-008893
18 | Forslag fra EL og Viggo Jonasen, UFP, om særskilt budgettering af specialundervisning | EMN-2025-008908
19 | Forslag fra EL og Viggo Jonasen, UFP, om tabt arbejdsfortjeneste ved skolevægring og lignende | EMN-2025-008910
20 | Forslag fra SF og ALT om Østjysk Marin Naturnationalpark | EMN-2025-008912
21 | Køb af landbrugsejendom | EMN-2025-007940
"""  # noqa: E501

AARHUS_COMMITTEE_MINUTES = """\
1 | Referat fra sidste udvalgsmøde | EMN-2025-010561
2 | Udviklingsplan Aarhus Ø - endelig vedtagelse | EMN-2025-009242
3 | Lokalplan 1221 (tillæg 2 til lokalplan 411) – Erhvervsområde ved Kattrup, Hasselager-Kolt, med tillæg 1 - Endelig | EMN-2025-008468
4 | Forvaltningen orienterer | EMN-2025-010561
5 | Eventuelt | None
6 | Måltal for busfremkommelighed, jf. budgetforlig 2023 | EMN-2024-035156
"""  # noqa: E501


def table(text: str) -> list[tuple]:
    rows = []
    for line in text.strip().splitlines():
        number, title, case = line.split(" | ")
        rows.append((int(number), title, None if case == "None" else case))
    return rows


@pytest.mark.parametrize(
    "name, expected, meeting",
    [
        ("agenda_aarhus-byraad_2025-10-08.txt", AARHUS_AGENDA,
         ("Dagsorden 8. oktober 2025 kl. 16.00", "2025-10-08", "16:00", "Byrådssalen")),
        ("minutes_aarhus-byraad_2025-08-27.txt", AARHUS_COUNCIL_MINUTES,
         ("REFERAT Aarhus Byråd d. 27-08-2025", "2025-08-27", "16:00", "Byrådssalen")),
        ("minutes_aarhus-teknisk-udvalg_2025-10-01.txt", AARHUS_COMMITTEE_MINUTES,
         ("Referat 1. oktober 2025 kl. 15.45", "2025-10-01", "15:45", "Udvalgsværelse 398")),
    ],
)
def test_aarhus_items(name, expected, meeting):
    data = parse_file(AARHUS / name).as_json()
    got = [(i["number"], i["title"], i["case_number"]) for i in data["items"]]
    assert got == table(expected)
    assert tuple(data["meeting"].values()) == meeting


def test_aarhus_sections():
    items = {i["number"]: i for i in parse_file(
        AARHUS / "minutes_aarhus-byraad_2025-08-27.txt").as_json()["items"]}
    # "Det indstilles: At 1) ..." with the PDF's wrapped lines joined again.
    assert items[3]["recommendations_intro"] == "Det indstilles"
    assert items[3]["recommendations"] == [
        "forslaget om halvering af prisen på parkering i kommunale p-huse indgår i proces "
        "omkring oplæg til en ny grøn parkeringspolitik i 2026.",
        "Teknik og Miljø indleder dialog med de private parkeringshuse omkring oplæg til ny grøn "
        "parkeringspolitik.",
        "Redegørelse for implementering af Wayfinding tages til efterretning.",
    ]
    assert items[4]["recommendations"] == [
        "forslaget indgår i det fremadrettede arbejde på tværs af kommunen med "
        "hastighedsdæmpning."
    ]
    assert items[1]["decision"] == "Godkendt."
    assert items[5]["attachments"] == [
        "Indstilling",
        "Bilag 1: Revisionsberetning nr. 3 fra den 13. juni 2025 vedrørende årsregnskabet 2024",
        "Bilag 2: MBSs bemærkninger til afsluttende revisionsberetning for 2024",
        "Bilag 3: Revisionspåtegning af årsregnskabet 2024",
    ]
    assert items[5]["summary"].startswith("Borgmesterens Afdeling har modtaget beretning")
    assert items[5]["case_presentation"].startswith("Sagsforløb\nUdvalg: Magistraten")
    # Closed items: "Lukket: " leaves the title and makes the item non-public.
    assert items[21]["is_public"] is False and items[20]["is_public"] is True

    committee = parse_file(AARHUS / "minutes_aarhus-teknisk-udvalg_2025-10-01.txt").as_json()
    first = committee["items"][0]
    assert first["decision"] == "Ingen bemærkninger."
    assert first["attachments"] == ["Referat fra møde den 22. september 2025"]
    # "Det indstilles, at" followed by an unmarked paragraph.
    assert committee["items"][2]["recommendations"] == [
        "Forslag til lokalplan 1221, tillæg 2 til lokalplan nr. 411 – Erhvervsområde ved Kattrup "
        "i Hasselager-Kolt, med tillæg 1, vedtages endeligt."
    ]


# --- Synthetic layout variations -------------------------------------------------------------


def test_nr_style_kle_page_furniture_toc_and_any_order():
    document = parse_file(DATA / "nr_kle_pages.txt")
    data = document.as_json()
    assert data["meeting"] == {
        "title": "Referat Udsatterådet i Testregion", "date": "2024-03-03",
        "start_time": "16:30", "location": "Café Test, Storegade 4",
    }
    first, second, third = data["items"]
    assert (first["number"], first["title"], first["case_number"]) == (
        1, "Godkendelse af dagsorden", "27.15.00-A08-1-21")
    assert first["recommendations_intro"] == "Direktøren indstiller"
    assert first["recommendations"] == ["dagsordenen godkendes."]
    assert first["decision"] == "Godkendt uden bemærkninger."
    # Sections in another order: attachments first, the recommendation after the case.
    assert second["case_number"] == "27.15.00-A08-2-24"
    assert second["attachments"] == ["Høringsbrev fra forvaltningen", "Budgetoversigt 2024"]
    assert second["case_presentation"] == (
        "Regionen har sendt budgettet for herbergerne i høring.\n"
        "Rådet kan afgive høringssvar inden den 1. april."
    )
    assert second["recommendations_intro"] == "Direktøren indstiller"
    assert second["recommendations"] == ["rådet afgiver høringssvar."]
    assert second["decision"] == "Rådet afgiver høringssvar. Formanden skriver udkastet."
    assert (third["number"], third["title"], third["decision"]) == (3, "Eventuelt", "Intet.")
    # Page headers, "Side N af M" and the table of contents are gone from every field.
    dump = repr(data)
    assert "Side 2" not in dump and "– referat" not in dump and "...." not in dump


def test_sag_nr_style_short_case_numbers_and_referat_heading():
    data = parse_file(DATA / "sag_nr_numbers.txt").as_json()
    assert data["meeting"] == {
        "title": "BESLUTNINGSPROTOKOL Udsatterådet i Testregion", "date": "2023-05-12",
        "start_time": "15:00", "location": "Mødelokale 2, Rådhuset",
    }
    four, five = data["items"]
    assert (four["number"], four["title"], four["case_number"]) == (
        4, "Orientering om værestedernes åbningstider", "21/874")
    assert four["recommendations"] == [
        "orienteringen tages til efterretning,",
        "sekretariatet følger op på sagen i efteråret.",
    ]
    assert four["decision"] == "Taget til efterretning."
    assert (five["number"], five["title"], five["case_number"]) == (
        5, "Valg af næstformand", "330-2021-45767")
    assert five["summary"] == "Rådet skal vælge en ny næstformand."
    assert five["recommendations"] == [
        "rådet vælger en næstformand", "valget gælder resten af perioden"]
    assert five["decision"] == "Mads Påhitsen blev valgt."
    assert "2 / 2" not in repr(data) and "1 / 2" not in repr(data)


def test_dotted_style_is_not_fooled_by_numbered_lists():
    data = parse_file(DATA / "dotted_emn.txt").as_json()
    got = [(i["number"], i["title"], i["case_number"]) for i in data["items"]]
    assert got == [
        (1, "Godkendelse af referat", "EMN-2023-009832"),
        (2, "Handleplan for hjemløse og socialt udsatte", "EMN-2025-009242"),
        (3, "Eventuelt", "EMN-2023-009833"),
    ]
    plan = data["items"][1]
    assert plan["case_presentation"] == (
        "Handleplanen har tre spor:\n\n1. Flere boliger\n2. Bedre støtte\n3. Tidlig indsats")
    assert plan["recommendations"] == ["handleplanen drøftes.", "rådet afgiver en udtalelse."]
    assert plan["decision"] == "Drøftet. Udtalelse sendes."
    assert data["meeting"]["start_time"] == "17:00"


def test_items_without_numbers():
    document = parse_file(DATA / "unnumbered.txt")
    data = document.as_json()
    assert [(i["number"], i["title"], i["case_number"]) for i in data["items"]] == [
        (None, "Godkendelse af dagsorden", "330-2024-11111"),
        (None, "Nyt fra sekretariatet", "330-2024-22222"),
    ]
    assert data["items"][0]["recommendations_intro"] == "Forvaltningen indstiller"
    assert data["items"][0]["recommendations"] == ["dagsordenen godkendes."]
    assert data["meeting"]["date"] == "2024-06-20"
    assert "Punktet »Nyt fra sekretariatet« har intet nummer." in document.warnings


@pytest.mark.parametrize(
    "line, expected",
    [
        ("1. at dagsorden og tidsplan godkendes", "dagsorden og tidsplan godkendes"),
        ("At 1) rådet drøfter sagen", "rådet drøfter sagen"),
        ("2) at planen vedtages.", "planen vedtages."),
        ("- at rådet afgiver høringssvar", "rådet afgiver høringssvar"),
        ("at forslaget indgår", "forslaget indgår"),
        ("At 3) Byrådet godkender", "Byrådet godkender"),
    ],
)
def test_recommendation_markers_are_dropped(line, expected):
    text = (
        "Referat\nMødedato: 1. maj 2024\n\nPunkt 1: Sag\n27.15.00-A08-1-21\n\n"
        f"Indstilling\n{line}\n\nBeslutning\nGodkendt\n"
    )
    assert parse_text(text).items[0].recommendations == [expected]


@pytest.mark.parametrize(
    "heading, intro",
    [
        ("Forvaltningen indstiller til Udsatterådet", "Forvaltningen indstiller til Udsatterådet"),
        ("Direktøren indstiller,", "Direktøren indstiller"),
        ("Det indstilles:", "Det indstilles"),
        ("Indstilling", ""),
    ],
)
@pytest.mark.parametrize(
    "decision_heading",
    ["Beslutning", "Beslutninger", "Beslutning i Socialudvalget den 3. marts 2024", "Referat"],
)
def test_heading_variants(heading, intro, decision_heading):
    text = (
        "Dagsorden\nMødedato: 1. maj 2024 kl. 9.00\nMødested: Rådhuset\n\n"
        "Punkt 1: Godkendelse\nSagsnr.: 21/874\n\n"
        f"{decision_heading}\nGodkendt.\n\n{heading}\n1. at punktet godkendes\n\n"
        "Sagsfremstilling\nTekst.\n"
    )
    item = parse_text(text).items[0]
    assert (item.recommendations_intro, item.recommendations) == (intro, ["punktet godkendes"])
    assert (item.decision, item.case_presentation, item.case_number) == (
        "Godkendt.", "Tekst.", "21/874")


def test_toc_listing_the_item_headings_themselves():
    text = (
        "Referat\nMødedato: 2. maj 2024\n\nIndholdsfortegnelse\n\nPunkt 1: Godkendelse\n"
        "Punkt 2: Eventuelt\n\nPunkt 1: Godkendelse\n21/874\n\nBeslutning\nGodkendt.\n\n"
        "Punkt 2: Eventuelt\n21/875\n\nBeslutning\nIntet.\n"
    )
    items = parse_text(text).items
    assert [(i.number, i.title, i.case_number, i.decision) for i in items] == [
        (1, "Godkendelse", "21/874", "Godkendt."), (2, "Eventuelt", "21/875", "Intet.")]


def test_case_number_on_a_line_with_sagsbehandler():
    text = (
        "Referat 2. maj 2024\n\nPunkt 3: Høring\n"
        "00.01.00-G01-12-24 Sagsbehandler: Karla Eksempelsen\n\nBeslutning\nOK\n"
    )
    item = parse_text(text).items[0]
    assert item.case_number == "00.01.00-G01-12-24"
    assert "Sagsbehandler" not in item.summary + item.case_presentation


def test_not_a_minutes_document_and_empty():
    # Nothing is rejected for a missing part: a letter with a date has no items, and minutes
    # without a date keep their items; both with a warning for the review.
    letter = parse_file(DATA / "not_minutes.txt")
    assert letter.items == [] and letter.meeting.date == dt.date(2024, 3, 3)
    assert any("ikke fundet nogen dagsordenspunkter" in w for w in letter.warnings)
    with pytest.raises(DocumentError, match="Dokumentet er tomt"):
        parse_file(DATA / "empty.txt")
    undated = parse_text(
        "Referat\n\nPunkt 1: Godkendelse\n27.15.00-A08-1-21\n\nBeslutning\nOK\n")
    assert undated.meeting.date is None and [i.title for i in undated.items] == ["Godkendelse"]
    assert any("Mødets dato blev ikke fundet" in w for w in undated.warnings)
    with pytest.raises(DocumentError, match="ligner ikke en dagsorden eller et referat"):
        parse_bytes(b"Indkaldelse til sommerfest\n\nVi ses i haven kl. 15.")


# --- Real files: PDF (typst), DOCX (python-docx), HTML ----------------------------------------


def paragraphs(text: str) -> list[str]:
    return [p for p in text.strip().split("\n\n") if p.strip()]


def build_pdf(text: str) -> bytes:
    import typst

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace('"', '\\"')

    src = [
        '#set page(paper: "a5", header: [Testregion · Udsatterådet], footer: context '
        "[Side #counter(page).display() af #counter(page).final().first()])",
        "#set text(size: 9pt)",
    ]
    for par in paragraphs(text):
        if par.startswith("Punkt 2"):
            src.append("#pagebreak()")
        if par.startswith("|"):
            cells = [c.strip() for row in par.splitlines() for c in row.strip("|").split("|")]
            columns = par.splitlines()[0].strip("|").count("|") + 1
            src.append(f"#table(columns: {columns}, "
                       + ", ".join(f'[#"{esc(c)}"]' for c in cells) + ")")
        else:
            src.append(" \\\n".join(f'#"{esc(line)}"' for line in par.splitlines()))
        src.append("")
    return typst.compile("\n".join(src).encode())


def build_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Testregion · Udsatterådet"
    for par in paragraphs(text):
        if par.startswith("|"):
            rows = [[c.strip() for c in r.strip("|").split("|")] for r in par.splitlines()]
            table = document.add_table(rows=len(rows), cols=max(map(len, rows)))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        else:
            for line in par.splitlines():
                document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_html(text: str) -> bytes:
    from html import escape

    body = []
    for par in paragraphs(text):
        if par.startswith("|"):
            rows = [[c.strip() for c in r.strip("|").split("|")] for r in par.splitlines()]
            body.append("<table>" + "".join(
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows
            ) + "</table>")
        elif par.startswith("Punkt"):
            body.append(f"<h2>{escape(par)}</h2>")
        else:
            body.append("".join(f"<p>{escape(line)}</p>" for line in par.splitlines()))
    page = (
        "<!DOCTYPE html><html lang='da'><head><title>Referat</title>"
        "<style>p{margin:0}</style></head><body><main>"
        + "\n".join(body) + "</main><script>var x = 'Punkt 9: nej';</script></body></html>"
    )
    return page.encode("utf-8")


def flat(data: dict) -> dict:
    """The JSON with whitespace and table rules collapsed: PDF text has no blank lines between
    paragraphs, and a PDF table has no "|" between its cells."""
    if isinstance(data, dict):
        return {k: flat(v) for k, v in data.items()}
    if isinstance(data, list):
        return [flat(v) for v in data]
    return " ".join(data.replace("|", " ").split()) if isinstance(data, str) else data


@pytest.fixture(scope="module")
def formats_text() -> str:
    return (DATA / "formats.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def formats_expected(formats_text) -> dict:
    return parse_text(formats_text).as_json()


def test_formats_text_baseline(formats_expected):
    items = formats_expected["items"]
    assert formats_expected["meeting"] == {
        "title": "REFERAT Udsatterådet d. 14-02-2024", "date": "2024-02-14",
        "start_time": "16:00", "location": "Café Test, Storegade 4",
    }
    assert [(i["number"], i["start_time"], i["end_time"]) for i in items] == [
        (1, "16:00", "16:10"), (2, "16:10", "16:40"), (3, "16:40", "16:50")]
    assert items[1]["recommendations"] == ["status tages til efterretning",
                                           "rådet besøger et værested"]
    assert items[1]["attachments"] == ["Oversigt over væresteder"]


@pytest.mark.parametrize("kind, builder", [
    ("pdf", build_pdf), ("docx", build_docx), ("html", build_html)])
def test_real_formats_parse_like_text(kind, builder, formats_text, formats_expected):
    data = builder(formats_text)
    assert detect_format(data) == kind
    document = parse_bytes(data)
    assert document.format == kind
    assert flat(document.as_json()) == flat(formats_expected)
    if kind == "pdf":
        assert document.pages == 2  # and its header and "Side N af 2" footer are gone


def test_encrypted_and_broken_pdf(formats_text):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(build_pdf(formats_text))))
    writer.encrypt(user_password="hemmelig", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(DocumentError, match="krypteret eller beskyttet med adgangskode"):
        parse_bytes(out.getvalue())
    with pytest.raises(DocumentError, match="PDF-filen er beskadiget"):
        parse_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage\n%%EOF")
    blank = PdfWriter()
    blank.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    blank.write(out)
    with pytest.raises(DocumentError, match="ingen tekst"):
        parse_bytes(out.getvalue())
    with pytest.raises(DocumentError, match="Filformatet kendes ikke"):
        parse_bytes(b"\x00\x01\x02binary\x00")


def test_import_throughput_api(formats_text):
    stats = import_throughput([formats_text.encode(), SEED, b"", DATA / "dotted_emn.txt"])
    assert (stats["documents"], stats["failed"], stats["items"]) == (4, 1, 3 + 8 + 3)
    assert stats["pages"] == 3 and stats["documents_per_second"] > 0


def test_meeting_date_formats():
    from udsatteraad.imports.header import parse_date, parse_time

    assert parse_date("Mandag d. 27. september 2021 kl. 17:00") == dt.date(2021, 9, 27)
    assert parse_date("27-09-2021") == dt.date(2021, 9, 27)
    assert parse_date("2021-09-27") == dt.date(2021, 9, 27)
    assert parse_date("3. okt. 2022") == dt.date(2022, 10, 3)
    assert parse_time("onsdag den 1. oktober 2025 kl. 15.45") == dt.time(15, 45)
    assert parse_time("Dato: 12.05.2023", bare=True) is None
