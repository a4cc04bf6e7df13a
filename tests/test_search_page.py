"""The public search page /soeg/ (issue 4): the form and its filters, results with highlighted
snippets, pagination that keeps the filters, and that the public never finds closed items.

Most tests use the real index (reindex_meeting after building public meetings); the tests of
the form alone replace engine.search with a recorder, to see exactly what the page asks for.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.utils.safestring import mark_safe

from udsatteraad.search import engine

# Helpers -------------------------------------------------------------------------------


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def meeting(council, *, year=2021, month=3, kind="ordinary", status="agenda_published",
            title="Ordinært møde"):
    from udsatteraad.meetings.models import Meeting

    return Meeting.objects.create(
        council=council, title=title, kind=kind, status=status,
        start=dt.datetime(year, month, 10, 16, 0, tzinfo=dt.UTC),
    )


def item(m, number, title, *, is_public=True, **fields):
    from udsatteraad.meetings.models import AgendaItem

    return AgendaItem.objects.create(meeting=m, number=number, position=number, title=title,
                                     is_public=is_public, **fields)


def reindex(*meetings):
    from udsatteraad.search.indexing import reindex_meeting

    for m in meetings:
        reindex_meeting(meeting=m)


def result_titles(page: str) -> list[str]:
    return [unescape(t) for t in re.findall(r'<h3><a href="[^"]*">([^<]*)</a></h3>', page)]


@pytest.fixture
def vocab(db):
    from udsatteraad.councils.models import FocusArea, TargetGroup

    return {
        "homeless": TargetGroup.objects.create(name="Hjemløse", slug="hjemloese"),
        "addiction": TargetGroup.objects.create(name="Borgere med misbrug", slug="misbrug"),
        "housing": FocusArea.objects.create(name="Bolig", slug="bolig"),
    }


@pytest.fixture
def archive(world, vocab):
    """Two public meetings of the test council (2021 and 2023) and one of the other council,
    indexed. The 2021 meeting has an item on shelters, a closed item and a case number."""
    m2021 = meeting(world.council, year=2021)
    shelter = item(m2021, 1, "Varmestuer om vinteren", case_number="21/874",
                   summary="Varmestuerne for hjemløse borgere er fulde fra december.")
    shelter.target_groups.add(vocab["homeless"])
    shelter.focus_areas.add(vocab["housing"])
    item(m2021, 2, "Sag om en enkelt borger", is_public=False,
         summary="Fortrolig hemmelighedsfuldkrammerhuse om en borger.")
    m2023 = meeting(world.council, year=2023, kind="dialogue", title="Dialogmøde")
    item(m2023, 1, "Boliger til hjemløse", summary="Flere billige boliger til hjemløse.")
    other = meeting(world.other_council, year=2022)
    item(other, 1, "Hjemløshed i kommunen", summary="Status på hjemløshed.")
    reindex(m2021, m2023, other)
    return {"m2021": m2021, "m2023": m2023, "other": other}


@pytest.fixture
def many(world):
    """45 open items that all mention "gadeteam": three pages of results."""
    m = meeting(world.council, year=2024)
    for n in range(1, 46):
        item(m, n, f"Gadeteamets arbejde del {n}", summary=f"Gadeteam rapport nummer {n}.")
    reindex(m)
    return m


class Recorder:
    """Stands in for engine.search: records the calls and returns `total` fake hits."""

    def __init__(self, world, total=0, some_words=False):
        self.calls: list[tuple[str, dict]] = []
        self.world = world
        self.total = total
        self.some_words = some_words

    def __call__(self, query, *, page=1, per_page=20, **filters):
        from udsatteraad.meetings.models import Meeting
        from udsatteraad.search.models import SearchDocument

        self.calls.append((query, {**filters, "page": page}))
        pages = -(-self.total // per_page)
        page = min(max(page, 1), max(pages, 1))
        m = Meeting(pk=7, council=self.world.council, kind="extraordinary",
                    title="Møde", start=dt.datetime(2021, 3, 10, tzinfo=dt.UTC))
        count = max(0, min(per_page, self.total - (page - 1) * per_page))
        hits = []
        for n in range(count):
            doc = SearchDocument(
                kind="attachment" if n == 1 else "item", meeting=m, council=self.world.council,
                meeting_kind="extraordinary", date=dt.date(2021, 3, 10), item_number=4,
                title=f"Fund {n}", case_number="21/874" if n == 0 else "",
            )
            hits.append(engine.Hit(
                document=doc, score=1.0, url=f"/raad/testraad/moeder/7/#punkt-{n}",
                snippet=mark_safe(f"om <mark>hjemløse</mark> &amp; boliger {n}"),
                case_number_match=n == 0,
            ))
        return engine.SearchResults(query=query, hits=hits, total=self.total, page=page,
                                    pages=pages, per_page=per_page,
                                    some_words=self.some_words)


@pytest.fixture
def recorder(world, monkeypatch):
    rec = Recorder(world)
    monkeypatch.setattr(engine, "search", rec)
    return rec


# The form --------------------------------------------------------------------------------

def test_empty_page_shows_form_and_help(anon, world, recorder):
    page = html(anon.get("/soeg/"))
    assert page.count("<h1") == 1
    assert '<label for="id_q">Søg efter</label>' in page
    assert 'type="search" name="q"' in page
    for name, label in [("raad", "Råd"), ("aar", "År"), ("type", "Mødetype"),
                        ("maalgruppe", "Målgruppe"), ("indsats", "Indsatsområde")]:
        assert f'<label for="id_{name}">{label}</label>' in page
        assert f'<select name="{name}" id="id_{name}"' in page
    assert "21/874" in page  # the help mentions case numbers
    assert "Hvad kan du søge i?" in page
    assert 'name="robots"' not in page
    assert recorder.calls == []  # nothing to search for


def test_filter_choices_are_what_is_published(anon, world, archive, vocab):
    from udsatteraad.meetings.models import Meeting

    meeting(world.council, year=2030, status="planned")  # not public: no year 2030
    page = html(anon.get("/soeg/"))
    council_select = page.split('name="raad"')[1].split("</select>")[0]
    assert '<option value="andetraad">Udsatterådet i Testkommune</option>' in council_select
    assert '<option value="testraad">Udsatterådet i Testregion</option>' in council_select
    year_select = page.split('name="aar"')[1].split("</select>")[0]
    assert re.findall(r'<option value="(\d+)"', year_select) == ["2023", "2022", "2021"]
    kind_select = page.split('name="type"')[1].split("</select>")[0]
    assert len(re.findall(r'<option value="\w+"', kind_select)) == len(Meeting.Kind.choices)
    assert '<option value="dialogue">Dialogmøde med udvalg</option>' in kind_select
    assert '<option value="misbrug">Borgere med misbrug</option>' in page
    assert '<option value="bolig">Bolig</option>' in page


def test_council_without_public_meetings_is_not_a_choice(anon, world, recorder):
    meeting(world.other_council, status="planned")
    page = html(anon.get("/soeg/"))
    assert 'value="andetraad"' not in page


def test_filters_are_mapped_to_ids(anon, world, archive, vocab, recorder):
    page = html(anon.get("/soeg/?q=hjemløse&raad=testraad&aar=2021&type=ordinary"
                         "&maalgruppe=hjemloese&indsats=bolig"))
    assert recorder.calls == [("hjemløse", {
        "council": world.council.pk, "year": 2021, "meeting_kind": "ordinary",
        "target_group": vocab["homeless"].pk, "focus_area": vocab["housing"].pk, "page": 1,
    })]
    assert '<option value="testraad" selected>' in page
    assert '<option value="2021" selected>' in page
    assert '<option value="hjemloese" selected>' in page


def test_unknown_filters_get_a_message_and_the_rest_is_kept(anon, world, archive, recorder):
    page = html(anon.get("/soeg/?q=hjemløse&raad=findes-ikke&aar=1999&type=fest"
                         "&maalgruppe=ukendt&indsats=%3Cb%3E&side=1"))
    assert "Vi kender ikke det råd. Der er søgt i alle råd." in page
    assert "Der er ingen offentlige møder i det år. Der er søgt i alle år." in page
    assert "Vi kender ikke den mødetype." in page
    assert "Vi kender ikke den målgruppe." in page
    assert "Vi kender ikke det indsatsområde." in page
    # Next to its field, and linked from the summary at the top.
    assert re.search(r'id="id_raad_error"><li>Vi kender ikke det råd', page)
    assert '<a href="#id_raad">' in page
    assert 'value="hjemløse"' in page  # the query is kept
    assert recorder.calls == [("hjemløse", {"page": 1})]  # searched without the bad filters


def test_a_bad_filter_does_not_drop_the_good_ones(anon, world, archive, recorder):
    html(anon.get("/soeg/?q=bolig&raad=testraad&aar=abc"))
    assert recorder.calls == [("bolig", {"council": world.council.pk, "page": 1})]


def test_too_long_query_is_refused(anon, world, recorder):
    page = html(anon.get("/soeg/?q=" + "ord " * 60))
    assert "Søgningen er for lang. Den må højst være 200 tegn" in page
    assert 'id="id_q_error"' in page
    assert recorder.calls == []
    assert "Hvad kan du søge i?" in page


def test_only_filters_asks_for_words(anon, world, archive, recorder):
    page = html(anon.get("/soeg/?q=&raad=testraad"))
    assert "Skriv et eller flere ord i søgefeltet." in page
    assert recorder.calls == []


def test_post_is_not_allowed(anon, world):
    assert anon.post("/soeg/", {"q": "x"}).status_code == 405


# Results --------------------------------------------------------------------------------

def test_results_show_title_link_facts_and_marked_snippet(anon, world, archive):
    page = html(anon.get("/soeg/?q=varmestuerne"))
    assert "1 resultat for »varmestuerne«" in page
    assert result_titles(page) == ["Varmestuer om vinteren"]
    m = archive["m2021"]
    assert f'<a href="/raad/testraad/moeder/{m.pk}/#punkt-1">Varmestuer om vinteren</a>' in page
    assert "<mark>" in page and "</mark>" in page  # the snippet is rendered as HTML
    assert "&lt;mark&gt;" not in page
    assert "Dagsordenspunkt 1" in page
    assert "Udsatterådet i Testregion" in page
    assert '<time datetime="2021-03-10">10. marts 2021</time>, ordinært møde' in page
    assert "Sagsnummer 21/874" in page
    assert '<ol class="result-list" start="1">' in page


def test_plural_and_stemming(anon, world, archive):
    page = html(anon.get("/soeg/?q=hjemløse"))
    # "hjemløse" finds "hjemløshed" in the other council's item too.
    assert "3 resultater for »hjemløse«" in page
    assert set(result_titles(page)) == {"Varmestuer om vinteren", "Boliger til hjemløse",
                                        "Hjemløshed i kommunen"}


def test_filters_narrow_the_results(anon, world, archive):
    page = html(anon.get("/soeg/?q=hjemløse&raad=testraad"))
    assert set(result_titles(page)) == {"Varmestuer om vinteren", "Boliger til hjemløse"}
    page = html(anon.get("/soeg/?q=hjemløse&aar=2023"))
    assert result_titles(page) == ["Boliger til hjemløse"]
    page = html(anon.get("/soeg/?q=hjemløse&type=dialogue"))
    assert result_titles(page) == ["Boliger til hjemløse"]
    page = html(anon.get("/soeg/?q=hjemløse&maalgruppe=hjemloese"))
    assert result_titles(page) == ["Varmestuer om vinteren"]
    page = html(anon.get("/soeg/?q=hjemløse&indsats=bolig"))
    assert result_titles(page) == ["Varmestuer om vinteren"]


def test_snippet_shows_text_not_the_case_presentations_html(anon, world):
    m = meeting(world.council)
    item(m, 1, "Boliger", case_presentation="<p>Der er <strong>42</strong> varmestuer.</p>"
                                            "<ul><li>Venteliste: 17</li></ul>")
    reindex(m)
    page = html(anon.get("/soeg/?q=varmestuer"))
    snippet = page.split('<p class="snippet">', 1)[1].split("</p>", 1)[0]
    assert "<mark>varmestuer</mark>" in snippet
    assert "&lt;" not in snippet and "strong" not in snippet


def test_case_number_search(anon, world, archive):
    page = html(anon.get("/soeg/?q=21/874"))
    assert result_titles(page) == ["Varmestuer om vinteren"]
    assert "(fundet på sagsnummeret)" in page


def test_some_words_note(anon, world, archive):
    page = html(anon.get("/soeg/?q=varmestuerne+trampolin"))
    assert result_titles(page) == ["Varmestuer om vinteren"]
    assert "Ingen resultater indeholder alle de ord, du søgte efter." in page
    page = html(anon.get("/soeg/?q=varmestuerne"))
    assert "Ingen resultater indeholder alle de ord" not in page


def test_no_hits_gives_advice_and_a_link_without_filters(anon, world, archive):
    page = html(anon.get("/soeg/?q=trampolin&raad=testraad&aar=2021"))
    assert "0 resultater for »trampolin«" in page
    assert "tjekke, at ordene er stavet rigtigt" in page
    assert '<a href="?q=trampolin">søge igen uden filtrene</a>' in page
    page = html(anon.get("/soeg/?q=trampolin"))
    assert "søge igen uden filtrene" not in page  # no filters to remove


def test_title_has_the_query_and_result_pages_are_not_indexed(anon, world, archive):
    page = html(anon.get("/soeg/?q=%3Cscript%3Ehjeml%C3%B8se"))
    assert "<title>Søgning efter »&lt;script&gt;hjemløse«" in page
    assert "<script>hjemløse" not in page  # escaped everywhere
    assert '<meta name="robots" content="noindex">' in page


def test_closed_items_are_never_found(anon, member_client, secretary_client, world, archive):
    from udsatteraad.meetings.models import Attachment

    m = archive["m2021"]
    shelter = m.items.get(number=1)
    Attachment.objects.create(item=shelter, title="Fortroligt bilag", is_public=False,
                              text="Navneliste hemmelighedsfuldkrammerhuse.")
    Attachment.objects.create(item=shelter, title="Åbent bilag om varmestuer",
                              text="Åben tekst om snebolde.")
    reindex(m)
    for client in (anon, member_client, secretary_client):
        page = html(client.get("/soeg/?q=hemmelighedsfuldkrammerhuse"))
        assert "0 resultater for »hemmelighedsfuldkrammerhuse«" in page
        assert "Sag om en enkelt borger" not in page
        assert "Fortroligt bilag" not in page
    # The open attachment on the same item is found, and says what it is.
    page = html(anon.get("/soeg/?q=snebolde"))
    assert result_titles(page) == ["Åbent bilag om varmestuer"]
    assert "Bilag til punkt 1" in page


def test_planned_meeting_is_not_found(anon, world, archive):
    m = meeting(world.council, year=2030, status="planned")
    item(m, 1, "Hemmeligt budgetforslag", summary="Budgetforslagsudkastet.")
    reindex(m)
    assert "0 resultater" in html(anon.get("/soeg/?q=budgetforslagsudkastet"))


# Pagination ----------------------------------------------------------------------------

def test_pagination_keeps_query_and_filters(anon, world, many):
    page = html(anon.get("/soeg/?q=gadeteam&raad=testraad&aar=2024&side=2"))
    assert "45 resultater for »gadeteam«" in page
    assert "Side 2 af 3" in page
    assert "<title>Søgning efter »gadeteam« – side 2 af 3" in page
    assert '<ol class="result-list" start="21">' in page
    assert len(result_titles(page)) == 20
    base = "?q=gadeteam&amp;raad=testraad&amp;aar=2024"
    assert f'<a href="{base}" rel="prev">Forrige side</a>' in page
    assert f'<a href="{base}&amp;side=3" rel="next">Næste side</a>' in page
    assert (f'<a href="{base}&amp;side=2" aria-current="page">'
            '<span class="visually-hidden">Side </span>2</a>') in page
    assert page.count('aria-current="page"') == 1


def test_pages_together_hold_every_hit_once(anon, world, many):
    # All 45 items score the same: the pages must still split them without repeats.
    seen = set()
    for n in (1, 2, 3):
        seen.update(result_titles(html(anon.get(f"/soeg/?q=gadeteam&side={n}"))))
    assert len(seen) == 45


@pytest.mark.parametrize(("side", "shown"), [("abc", 1), ("0", 1), ("-4", 1), ("", 1),
                                             ("3", 3), ("99", 3), ("1e9", 1),
                                             ("99999999999999999999999", 3)])
def test_bad_page_numbers_give_first_or_last_page(anon, world, many, side, shown):
    page = html(anon.get(f"/soeg/?q=gadeteam&side={side}"))
    assert f"Side {shown} af 3" in page
    assert f'start="{(shown - 1) * 20 + 1}"' in page
    assert len(result_titles(page)) == (5 if shown == 3 else 20)


def test_numbered_links_with_gaps(anon, world, recorder):
    recorder.total = 20 * 12
    page = html(anon.get("/soeg/?q=hjemløse&side=6"))
    numbers = re.findall(r'<span class="visually-hidden">Side </span>(\d+)</a>', page)
    assert numbers == ["1", "4", "5", "6", "7", "8", "12"]
    assert page.count('<li class="gap" aria-hidden="true">…</li>') == 2
    assert "Side 6 af 12" in page


def test_one_page_has_no_pager(anon, world, recorder):
    recorder.total = 3
    page = html(anon.get("/soeg/?q=hjemløse"))
    assert "Sider med resultater" not in page
    assert "Side 1 af 1" not in page
    assert "3 resultater for »hjemløse«" in page


def test_fake_hits_render_kind_and_case_match(anon, world, recorder):
    recorder.total = 2
    recorder.some_words = True
    page = html(anon.get("/soeg/?q=hjemløse"))
    assert "om <mark>hjemløse</mark> &amp; boliger 0" in page
    assert "Bilag til punkt 4" in page and "Dagsordenspunkt 4" in page
    assert "ekstraordinært møde" in page
    assert "(fundet på sagsnummeret)" in page
    assert "Ingen resultater indeholder alle de ord" in page


def test_results_page_uses_few_queries(anon, world, many, django_assert_max_num_queries):
    anon.get("/soeg/?q=gadeteam")  # warm up (session, caches)
    with django_assert_max_num_queries(12):
        page = html(anon.get("/soeg/?q=gadeteam&raad=testraad&side=2"))
    assert len(result_titles(page)) == 20


# Navigation and language -----------------------------------------------------------------

def test_search_is_in_the_navigation_and_on_the_home_page(anon, world):
    page = html(anon.get("/"))
    assert '<a href="/soeg/">Søg</a>' in page
    assert '<form method="get" action="/soeg/" role="search"' in page
    assert '<label for="home-q">' in page and 'id="home-q"' in page


def test_english_interface(anon, world, archive):
    anon.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = html(anon.get("/soeg/?q=hjemløse"))
    assert '<html lang="en">' in page
    assert '<option value="ordinary">Ordinary meeting</option>' in page


def test_every_text_of_the_page_is_translatable(anon, world, archive, recorder, monkeypatch):
    """Pseudo-translation: every gettext call wraps its text in ⟦…⟧; what is left outside the
    brackets in <main> must be data (titles, names, numbers), never interface text."""
    from django.utils import translation

    trans = translation._trans
    real_gettext, real_ngettext = trans.gettext, trans.ngettext
    monkeypatch.setattr(trans, "gettext", lambda s: f"⟦{real_gettext(s)}⟧")
    monkeypatch.setattr(trans, "ngettext",
                        lambda s, p, n: f"⟦{real_ngettext(s, p, n)}⟧")
    recorder.total = 45
    pages = [
        html(anon.get("/soeg/")),
        html(anon.get("/soeg/?q=hjemløse&side=2&raad=findes-ikke")),
        html(anon.get("/soeg/?q=" + "x" * 201)),
    ]
    recorder.total = 0
    pages.append(html(anon.get("/soeg/?q=hjemløse&raad=testraad")))
    data = ["Udsatterådet i Testregion", "Udsatterådet i Testkommune", "Hjemløse", "Bolig",
            "Borgere med misbrug", "hjemløse", "21/874", "x" * 201, "findes-ikke"]
    for page in pages:
        main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
        main = re.sub(r"<(script|style)\b.*?</\1>", "", main, flags=re.S)
        text = unescape(re.sub(r"<[^>]+>", " ", main.split(">", 1)[1]))
        text = re.sub(r"⟦[^⟧]*⟧", " ", text)
        text = re.sub(r"Fund \d+|om\s+hjemløse\s+&\s+boliger \d+", " ", text)
        for value in data:
            text = text.replace(value, " ")
        leftover = re.sub(r"[\d\s»«–…,.()/:]+", " ", text).strip()
        assert leftover == "", leftover[:200]
        for attr in re.findall(r'(?:aria-label|title|placeholder)="([^"]*)"', main):
            assert attr.startswith("⟦"), attr
