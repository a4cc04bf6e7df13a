"""The words of the synthetic archive (synthetic.py): the public authorities, the topics of
agenda items with their titles, target groups and focus areas, and the organisations and
places that template sentences name. Real public authorities and organisations; no persons."""

# Municipalities by region ("X" is "X Kommune" unless the name has a space).
REGIONS = {region: names.split("|") for region, names in {
    "Region Hovedstaden": "Albertslund|Allerød|Ballerup|Bornholms Regionskommune|Brøndby|Dragør|"
    "Egedal|Fredensborg|Frederiksberg|Frederikssund|Furesø|Gentofte|Gladsaxe|Glostrup|Gribskov|"
    "Halsnæs|Helsingør|Herlev|Hillerød|Hvidovre|Høje-Taastrup|Hørsholm|Ishøj|Københavns Kommune|"
    "Lyngby-Taarbæk|Rødovre|Rudersdal|Tårnby|Vallensbæk",
    "Region Sjælland": "Faxe|Greve|Guldborgsund|Holbæk|Kalundborg|Køge|Lejre|Lolland|Næstved|"
    "Odsherred|Ringsted|Roskilde|Slagelse|Solrød|Sorø|Stevns|Vordingborg",
    "Region Syddanmark": "Assens|Billund|Esbjerg|Fanø|Fredericia|Faaborg-Midtfyn|Haderslev|"
    "Kerteminde|Kolding|Langeland|Middelfart|Nordfyns Kommune|Nyborg|Odense|Svendborg|Sønderborg|"
    "Tønder|Varde|Vejen|Vejle|Ærø|Aabenraa",
    "Region Midtjylland": "Favrskov|Hedensted|Herning|Holstebro|Horsens|Ikast-Brande|Lemvig|"
    "Norddjurs|Odder|Randers|Ringkøbing-Skjern|Samsø|Silkeborg|Skanderborg|Skive|Struer|Syddjurs|"
    "Viborg|Aarhus",
    "Region Nordjylland": "Brønderslev|Frederikshavn|Hjørring|Jammerbugt|Læsø|Mariagerfjord|"
    "Morsø|Rebild|Thisted|Vesthimmerlands Kommune|Aalborg",
}.items()}
SHORT = {"Bornholms Regionskommune": "Bornholm", "Københavns Kommune": "København",
         "Nordfyns Kommune": "Nordfyn", "Vesthimmerlands Kommune": "Vesthimmerland"}
LARGE = {"København", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Vejle", "Randers", "Frederiksberg"}

TARGET_GROUPS = ["Hjemløse", "Misbrugere", "Psykisk sårbare", "Voldsramte",
                 "Borgere i prostitution", "Fattige og marginaliserede børn og unge",
                 "Udsatte grønlændere", "Senfølger af seksuelle overgreb"]
FOCUS_AREAS = ["Hjemløshed", "Misbrug", "Psykiatri", "Fattigdom", "Sundhed", "Vold", "Bolig",
               "Beskæftigelse", "Fællesskab og civilsamfund",
               "Integration og inklusion af socialt udsatte grupper"]

# topic: (sentence affinity, target groups, focus areas, KLE main group, noun, titles)
TOPICS: dict[str, tuple[str, list[str], list[str], str, str, list[str]]] = {
    name: (affinity, groups, areas, kle, noun, titles.split("|"))
    for name, affinity, groups, areas, kle, noun, titles in [
        ("hjemløshed", r"hjemløs|bolig|[Hh]ousing", ["Hjemløse"], ["Hjemløshed", "Bolig"], "27",
         "hjemløshed", "Status på hjemløsestrategien {Y}|Orientering om skæve boliger i {B}|"
         "Erfaringer fra Housing First-forløb|Hjemløsetællingen {Y}|Natcaféens åbningstider|"
         "Drøftelse af handleplan for hjemløshed blandt unge|Boligsociale indsatser i {B}|"
         "Status på indsatsen mod vinterkulde|Udslusning fra forsorgshjem til egen bolig"),
        ("misbrug", r"misbrug|rusmiddel|alkohol|stof", ["Misbrugere"], ["Misbrug"], "27",
         "misbrugsbehandling", "Status på rusmiddelplanen|Ventetider i alkoholbehandlingen|"
         "Temadrøftelse om misbrugsbehandling og ventetider|Stofindtagelsesrum i {B}|"
         "Rusmiddelcenterets årsrapport {Y}|Tidlig opsporing af rusmiddelproblemer hos unge"),
        ("psykiatri", r"psykiat|sindslid|psykisk", ["Psykisk sårbare"], ["Psykiatri"], "27",
         "psykiatrien", "Tema om psykisk sårbarhed og fællesskaber|Psykiatriplan for {K} {Y}|"
         "Samarbejdet med regionspsykiatrien|Opfølgning på tilsynsrapporter fra botilbud|"
         "Dobbeltdiagnoser: status på den sammenhængende indsats"),
        ("sundhed", r"sundhed|diabetes|tandpleje|sygepleje|behandling", ["Misbrugere"],
         ["Sundhed"], "29", "lighed i sundhed", "Lighed i sundhed for socialt udsatte|"
         "Sundhedsrummets årsrapport|Høring om ny sundhedspolitik|Gadesygeplejen i {B}|"
         "Tandpleje for de mest udsatte|Sundhedsaftalen {Y}-{Y2}"),
        ("beskæftigelse", r"job|uddannelse|ledig|beskæftigelse|kontanthjælp", [],
         ["Beskæftigelse"], "15", "beskæftigelse", "Samarbejde med jobcentret om udsatte ledige|"
         "Projekt Flere skal med i {B}|Socialøkonomiske virksomheder og beskæftigelse|"
         "Udsatte unge og uddannelse"),
        ("unge", r"\bunge\b|børn|famili", ["Fattige og marginaliserede børn og unge"],
         ["Fattigdom"], "27", "udsatte unge", "Tidlig indsats for unge på kanten|"
         "Børn i familier med misbrug|Unge hjemløse i {B}|Ungeindsatsen {Y}"),
        ("vold", r"vold|overgreb|prostitution", ["Voldsramte", "Borgere i prostitution",
                                                  "Senfølger af seksuelle overgreb"], ["Vold"],
         "27", "vold i nære relationer", "Indsatsen mod vold i nære relationer|"
         "Borgere i prostitution: exitprogrammer|Krisecentre og udslusning|"
         "Senfølger af seksuelle overgreb"),
        ("fællesskab", r"civilsamfund|forening|frivillig|fællesskab|samskab", [],
         ["Fællesskab og civilsamfund"], "27", "frivillige fællesskaber",
         "{B} for alle: fællesskaber for udsatte|Samarbejde med frivillige foreninger|"
         "Værestedernes sommeråbning|Planlægning af temadag om ensomhed|"
         "Juleaften for socialt udsatte {Y}"),
        ("grønlændere", r"grønland", ["Udsatte grønlændere"],
         ["Integration og inklusion af socialt udsatte grupper"], "27", "udsatte grønlændere",
         "Indsats for udsatte grønlændere|Samarbejde med Det Grønlandske Hus"),
        ("økonomi", r"økonomi|budget|midler|finansier|kr\.", [], ["Fattigdom"], "00",
         "budgettet", "Høring over budgetforslag {Y} for socialområdet|Orientering om "
         "satspuljemidler|Økonomisk status for rådets pulje|Ansøgninger til rådets pulje {Y}"),
        ("rådet", r"[Rr]ådet|medlem|formand|valg|møde", [], [], "00", "rådets arbejde",
         "Opsamling på dialogmøde med socialudvalget|Aftaler om stormødet {Y}|Årsberetning {Y}|"
         "Indledende drøftelse af valg til Udsatterådet for perioden {Y2}-{Y5}|Mødeplan for {Y2}|"
         "Opsamling på landspanelsmøde i Rådet for Socialt Udsatte|Rådets kommunikation|"
         "Inddragelse af brugere i rådets arbejde|Henvendelse fra brugere af værestederne|"
         "Udpegning af repræsentant til følgegruppe|Høringssvar om udsattepolitikken"),
    ]
}
RECOMMENDATIONS = [
    "orienteringen om {n} tages til efterretning", "rådet drøfter sagen og giver input til "
    "det videre arbejde med {n}", "rådet afgiver høringssvar om {n} på baggrund af drøftelsen",
    "rådet godkender det fremlagte forslag", "rådet udpeger en repræsentant til følgegruppen",
    "rådet beslutter, hvilke temaer om {n} der skal prioriteres i {Y2}",
    "sekretariatet udarbejder et udkast til høringssvar, som sendes rundt til rådets medlemmer",
    "status på implementering af planen tages til efterretning",
    "rådet drøfter afvikling af stormødet, herunder rollefordelingen",
    "forvaltningen vender tilbage med en status på et kommende møde",
]
VERDICTS = ["Godkendt.", "Taget til efterretning.", "Drøftet.", "Indstillingen blev tiltrådt.",
            "Rådet drøftede sagen og tiltrådte indstillingen.", "Udsat til næste møde.",
            "Rådet bakkede op om forslaget og bad forvaltningen om en status på næste møde."]
ORGANISATIONS = [
    "Kirkens Korshær", "Blå Kors", "Røde Kors", "SAND", "KFUMs Sociale Arbejde", "Reden",
    "WeShelter", "Projekt Udenfor", "Mændenes Hjem", "Hus Forbi", "Lænken", "SIND",
    "Bedre Psykiatri", "Den Sociale Retshjælp", "Gadejuristen", "Frelsens Hær",
    "Dansk Folkehjælp", "Børns Vilkår", "Socialsygeplejerskerne", "LOS",
    "Landsforeningen af VæreSteder", "Rådet for Socialt Udsatte", "Foreningen Social Sundhed",
    "Center for Seksuelt Misbrugte", "Ungdommens Røde Kors", "Livtagerne", "Settlementet",
    "Kompetencecenter for Dobbeltdiagnoser", "Det Grønlandske Hus", "Headspace"]
PLACES = ["Perron 4", "Cafe Rusfri", "Slotsgården", "Hjørnestenen", "Kløverengen",
          "Syrenskuret", "café Vildtbanehus", "Psykiatriens Hus", "værestedet", "varmestuen",
          "natcaféen", "sundhedsrummet", "biblioteket", "medborgerhuset", "rådhuset",
          "forsorgshjemmet", "herberget", "jobcentret", "botilbuddet", "misbrugscentret"]
EVENTS = ["en temadag", "et dialogmøde", "en workshop", "et fyraftensmøde", "en konference",
          "et borgermøde", "et stormøde", "en studietur", "et åbent hus-arrangement"]
TEMPLATES = [
    "{O} har i {M} {Y} afholdt {E} på {P} med {N} deltagere.",
    "Rådet har modtaget en henvendelse fra {O} om {n} i {B}.",
    "Forvaltningen har sammen med {O} kortlagt tilbuddene til borgerne på {P}.",
    "På {P} i {B} er der i {Y} registreret {N} besøg, hvilket er flere end året før.",
    "{O} foreslår, at {n} tages op på rådets møde i {M}.",
    "Der er afsat {N}.000 kr. til {n} i {K} i {Y}.",
    "Et medlem orienterede om erfaringerne fra {E} hos {O}.",
    "Rådet besøgte {P} i {M} og drøftede {n} med brugerne.",
    "Samarbejdet mellem {P} og {O} om {n} fortsætter i {Y2}.",
    "Ventetiden på {P} er i gennemsnit {N} dage.",
]
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]
KINDS = [("ordinary", 86), ("extraordinary", 3), ("dialogue", 4), ("user_groups", 2),
         ("joint", 2), ("open_assembly", 2), ("theme_day", 1)]
KIND_TITLES = {"extraordinary": "Ekstraordinært møde i Udsatterådet",
               "dialogue": "Dialogmøde med socialudvalget", "user_groups": "Møde med brugergrupper",
               "joint": "Fællesmøde med Handicaprådet", "open_assembly": "Stormøde {Y}",
               "theme_day": "Temadag om {n}"}
ROOMS = ["Rådhuset, mødelokale {N}", "Udvalgsværelse {N}", "Værestedet, mødesalen",
         "Sundhedshuset, lokale {N}", "Biblioteket, store sal", "Medborgerhuset, sal {N}"]
