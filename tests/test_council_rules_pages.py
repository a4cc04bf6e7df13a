"""Council rules as data (issue #12), the screens and the public page: the secretariat edits
every rule of the terms of reference and the rules of procedure (fieldsets, history of
changes), and the public council page says only what the rules say, in easy sentences.
The rules about who sits are tested in test_council_rules_members.py."""

from __future__ import annotations

from django import forms
from django.urls import reverse


def url(name: str, *args) -> str:
    return reverse(name, args=["testraad", *args])


def post_data(form, **changes) -> dict:
    """What a browser posts for an unbound form as shown, with `changes`."""
    data: dict = {}
    for bf in form:
        value = bf.value()
        widget = bf.field.widget
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bf.name] = "on"
        elif isinstance(widget, forms.NullBooleanSelect):
            data[bf.name] = {True: "true", False: "false"}.get(value, "unknown")
        elif isinstance(value, (list, tuple)):
            data[bf.name] = [str(v) for v in value]
        else:
            data[bf.name] = "" if value is None else str(value)
    data.update(changes)
    return data


def tor_post(world, **changes) -> dict:
    from udsatteraad.councils.forms import TermsForm

    return post_data(TermsForm(instance=world.tor), **changes)


def set_tor(world, **values) -> None:
    from udsatteraad.councils.models import TermsOfReference

    TermsOfReference.objects.filter(pk=world.tor.pk).update(**values)
    world.tor.refresh_from_db()


# The terms of reference and rules of procedure on the screens -----------------------------------


def test_terms_form_groups_every_rule_in_fieldsets(secretary_client, world):
    from udsatteraad.councils.forms import TermsForm
    from udsatteraad.councils.models import TermsOfReference

    page = secretary_client.get(url("councils:terms-edit", 1)).text
    for legend in ("Sammensætning", "Periode", "Valgbarhed", "Møder", "Forpligtelser",
                   "Økonomi"):
        assert f"<legend>{legend}</legend>" in page
    # Every rule of the model is on the form (only bookkeeping fields are not).
    editable = {f.name for f in TermsOfReference._meta.get_fields()
                if getattr(f, "editable", False) and not f.auto_created}
    assert editable - set(TermsForm.base_fields) == {"council", "version"}
    response = secretary_client.post(url("councils:terms-edit", 1), tor_post(
        world, term_basis="fixed_years", term_years="3", serve_until_successor="true",
        max_consecutive_terms="2", eligibility_min_age="18", eligibility_area="residence",
        eligibility_area_name="Ishøj Kommune", hearings_only_when_asked="false",
        status_report_every_years="1", status_report_to="Byrådet", yearly_budget="25000.50",
        per_diem_rule="non_assembly", travel_allowance_rule="all",
        chair_rule="assembly_appoints"))
    assert response.status_code == 302
    tor = TermsOfReference.objects.get(pk=world.tor.pk)
    assert (tor.term_years, tor.serve_until_successor, tor.max_consecutive_terms,
            tor.eligibility_area_name, tor.hearings_only_when_asked, str(tor.yearly_budget),
            tor.chair_rule) == (3, True, 2, "Ishøj Kommune", False, "25000.50",
                                "assembly_appoints")
    page = secretary_client.get(url("councils:terms-edit", 1)).text
    assert "Ændringer" in page and "Sekretær Sigrid Prøvesen" in page
    assert "periodens længde (år)" in page  # the changed fields are named


def test_terms_form_errors_on_eligibility_and_evaluation(secretary_client, world):
    response = secretary_client.post(url("councils:terms-edit", 1), tor_post(
        world, eligibility_area="work", evaluation_when="after_years"))
    errors = response.context["form"].errors
    assert errors["eligibility_area_name"] == ["Angiv området, fx »Ishøj Kommune«."]
    assert errors["evaluation_after_years"] == ["Angiv, efter hvor mange år rådet evalueres."]


def rules_post(council, **changes) -> dict:
    from udsatteraad.councils.views_procedure import RulesForm

    return post_data(RulesForm(instance=council.rules()), **changes)


def test_rules_of_procedure_form_edits_every_rule_with_history(secretary_client, world):
    from udsatteraad.councils.procedure import RulesOfProcedure
    from udsatteraad.councils.views_procedure import RulesForm

    target = url("meetings:rules-of-procedure")
    page = secretary_client.get(target).text
    for legend in ("Frister", "Møderne", "Beslutninger", "Referat", "Høringer",
                   "Presse og fortrolighed"):
        assert f"<legend>{legend}</legend>" in page
    editable = {f.name for f in RulesOfProcedure._meta.get_fields()
                if getattr(f, "editable", False) and not f.auto_created}
    # "stated" is set by the view: every rule saved on the screen is the council's own.
    assert editable - set(RulesForm.base_fields) == {"council", "stated"}
    response = secretary_client.post(target, rules_post(
        world.council, quorum_numerator="1", quorum_denominator="2", quorum_strict="on",
        decision_rule="consensus_then_majority", chair_casting_vote="true",
        dissent_recorded="true", minutes_approval="written", minutes_written_days="5",
        openness="closed_with_guests", spokesperson="chair", urgent_items="chair",
        notice_enforcement="refuse"))
    assert response.status_code == 302
    rules = RulesOfProcedure.objects.get(council=world.council)
    assert (rules.quorum_numerator, rules.quorum_denominator, rules.quorum_strict,
            rules.minutes_written_days, rules.chair_casting_vote, rules.notice_enforcement) \
        == (1, 2, True, 5, True, "refuse")
    secretary_client.post(target, rules_post(world.council, agenda_notice_days="10"))
    page = secretary_client.get(target).text
    assert "Ændringer" in page and "Sekretær Sigrid Prøvesen" in page
    history = page.split('id="h-history"')[1]
    assert "dagsorden udsendes (dage før mødet)" in history and "oprettet" in history


def test_rules_of_procedure_errors_keep_input(secretary_client, world):
    response = secretary_client.post(url("meetings:rules-of-procedure"), rules_post(
        world.council, quorum_numerator="3", quorum_denominator="2",
        minutes_approval="written", minutes_written_days="", text="Teksten huskes"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["quorum_numerator"] == ["Andelen kan højst være hele rådet."]
    assert errors["minutes_written_days"] == ["Angiv fristen for indsigelser i dage."]
    assert "Teksten huskes" in response.text


def test_rules_of_procedure_form_refused_to_members(member_client, world):
    assert member_client.get(url("meetings:rules-of-procedure")).status_code in (302, 403, 404)


# The public council page -------------------------------------------------------------------------


def test_public_page_says_nothing_for_empty_rules(anon, world):
    set_tor(world, meetings_min=None, meetings_max=None, extraordinary_request_members=None,
            chair_convenes_extraordinary=False, term_basis="", chair_rule="")
    html = anon.get(world.council.get_absolute_url()).text
    assert "ordinære møder" not in html and "ordinært møde" not in html
    assert "None" not in html and " 0 til" not in html
    assert "Sådan arbejder rådet" not in html  # no rules of procedure saved
    set_tor(world, meetings_min=4, meetings_max=None)
    html = anon.get(world.council.get_absolute_url()).text
    assert "Rådet holder mindst 4 ordinære møder om året." in html


def test_public_page_explains_how_the_council_works(anon, world):
    from udsatteraad.councils.procedure import RulesOfProcedure

    RulesOfProcedure.objects.create(
        council=world.council, quorum_numerator=1, quorum_denominator=2, quorum_strict=True,
        decision_rule="consensus_then_majority", minutes_approval="written",
        minutes_written_days=7, openness="closed", dissent_recorded=True,
        stated=["minutes_approval"])
    set_tor(world, min_share_kind="user", min_share_numerator=1, min_share_denominator=3,
            min_share_strict=True, eligibility_min_age=18, eligibility_area="residence_or_work",
            eligibility_area_name="Ishøj Kommune", max_consecutive_terms=2)
    html = anon.get(world.council.get_absolute_url()).text
    assert "Sådan arbejder rådet" in html
    for sentence in (
        "Rådet kan kun beslutte noget, når mere end halvdelen af alle i rådet er med.",
        "Rådet prøver først at blive enige. Hvis det ikke går, stemmer rådet, og de fleste "
        "bestemmer.",
        "Et medlem, der er uenig, kan få sin mening skrevet i referatet.",
        "Alle får referatet. Siger ingen imod inden for 7 dage, er det godkendt.",
        "Kun rådet er med til møderne.",
        "Af alle pladser i rådet skal mere end en tredjedel være af typen »brugerrepræsentant«.",
        "For at blive medlem skal man være fyldt 18 år og bo eller arbejde i Ishøj Kommune.",
        "Man kan højst sidde 2 perioder i træk.",
    ):
        assert sentence in html


def test_public_sentences_are_easy_to_read(world):
    """Every sentence the rules can give, together, has a LIX of 30 or below (issue 19)."""
    from udsatteraad.councils import public_text
    from udsatteraad.councils.procedure import RulesOfProcedure
    from udsatteraad.easyread.lix import analyse

    set_tor(world, min_share_kind="user", min_share_numerator=1, min_share_denominator=3,
            eligibility_min_age=18, eligibility_area="residence_or_work",
            eligibility_area_name="Ishøj Kommune", max_consecutive_terms=2,
            serve_until_successor=True, term_basis="fixed_years", term_years=4,
            hearings_only_when_asked=True, chair_rule="rotating")
    texts = public_text.membership_sentences(world.tor) + public_text.meeting_sentences(world.tor)
    for decision in RulesOfProcedure.DecisionRule.values:
        for approval in RulesOfProcedure.MinutesApproval.values:
            rules = RulesOfProcedure(
                pk=1, council=world.council, quorum_numerator=1, quorum_denominator=2,
                quorum_includes_chair=True, decision_rule=decision, chair_casting_vote=True,
                dissent_recorded=True, minutes_approval=approval, minutes_written_days=5,
                openness="closed_with_guests", spokesperson="chairmanship",
                stated=["minutes_approval"])
            texts += public_text.procedure_sentences(rules, world.tor)
    texts = list(dict.fromkeys(texts))  # each sentence once
    assert len(texts) > 20
    result = analyse(" ".join(texts))
    assert result.rounded is not None and result.rounded <= 30, result.distinct_long_words


def test_new_version_of_the_terms_keeps_the_seat_groups_rules(secretary_client, world):
    from udsatteraad.councils.models import SeatGroup

    SeatGroup.objects.filter(pk=world.user_group.pk).update(
        seats_min=1, seats=3, appointed_by="election", appointed_by_name="Brugerne på caféen",
        substitutes="roster", substitutes_max=2, eligibility_service_user=True)
    response = secretary_client.post(url("councils:terms-new"), {"adopted_on": "2026-06-01"})
    assert response.status_code == 302
    copy = SeatGroup.objects.get(terms_of_reference__version=2, name=world.user_group.name)
    assert (copy.seats_min, copy.seats, copy.appointed_by, copy.appointed_by_name,
            copy.substitutes, copy.substitutes_max, copy.eligibility_service_user) == (
        1, 3, "election", "Brugerne på caféen", "roster", 2, True)
