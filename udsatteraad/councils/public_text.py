"""What the rules say, in plain Danish sentences for the public council page.

Only what a rule says: a rule left empty gives no sentence (never "0 til 12 møder"). Short
sentences and common words, so the page stays easy to read (LIX; tests check it)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import SeatGroup, TermsOfReference
from .procedure import RulesOfProcedure
from .rules import appointed_by_text, share_words


def _assembly(tor: TermsOfReference) -> str:
    return tor.council.authority.assembly_name


def meeting_sentences(tor: TermsOfReference | None) -> list[str]:
    if tor is None:
        return []
    low, high = tor.meetings_min, tor.meetings_max
    out: list[str] = []
    if low is not None and high is not None and low == high:
        out.append(ngettext("Rådet holder %(n)d ordinært møde om året.",
                            "Rådet holder %(n)d ordinære møder om året.", high) % {"n": high})
    elif low is not None and high is not None:
        out.append(_("Rådet holder %(low)d til %(high)d ordinære møder om året.")
                   % {"low": low, "high": high})
    elif low:
        out.append(ngettext("Rådet holder mindst %(n)d ordinært møde om året.",
                            "Rådet holder mindst %(n)d ordinære møder om året.", low)
                   % {"n": low})
    elif high:
        out.append(ngettext("Rådet holder højst %(n)d ordinært møde om året.",
                            "Rådet holder højst %(n)d ordinære møder om året.", high)
                   % {"n": high})
    if tor.after_working_hours:
        out.append(_("Møderne ligger efter arbejdstid."))
    n = tor.extraordinary_request_members
    if tor.chair_convenes_extraordinary and n:
        out.append(_("Formanden kan kalde til et ekstraordinært møde. Det skal også ske, hvis "
                     "%(n)s medlemmer beder om det.") % {"n": n})
    elif tor.chair_convenes_extraordinary and tor.chair_rule not in (
            TermsOfReference.ChairRule.NONE, TermsOfReference.ChairRule.ROTATING):
        out.append(_("Formanden kan kalde til et ekstraordinært møde."))
    elif n:
        out.append(_("Der holdes et ekstraordinært møde, hvis %(n)s medlemmer beder om det.")
                   % {"n": n})
    return out


def chair_sentence(tor: TermsOfReference | None) -> str:
    if tor is None:
        return ""
    rule = TermsOfReference.ChairRule
    assembly = _assembly(tor) if tor.council_id else ""
    sentences: dict[str, str] = {
        rule.NONE: _("Rådet har ingen formand."),
        rule.ROTATING: _("Rådet har ingen fast formand. Rådet vælger en mødeleder til hvert "
                         "møde."),
        rule.ELECTED_BY_COUNCIL: _("Rådet vælger selv sin formand."),
        rule.ASSEMBLY_APPOINTS: _("Det er %(assembly)s, der udpeger formanden blandt rådets "
                                  "medlemmer.") % {"assembly": assembly},
        rule.ASSEMBLY_APPOINTS_AMONG_ASSEMBLY: _(
            "Det er %(assembly)s, der udpeger formanden blandt sine egne medlemmer i rådet.")
        % {"assembly": assembly},
    }
    return sentences.get(tor.chair_rule, "")


def has_fixed_chair(tor: TermsOfReference | None) -> bool:
    return tor is None or tor.chair_rule not in (TermsOfReference.ChairRule.NONE,
                                                 TermsOfReference.ChairRule.ROTATING)


def membership_sentences(tor: TermsOfReference | None) -> list[str]:
    """Terms, shares and eligibility: who can sit, and for how long."""
    if tor is None:
        return []
    out: list[str] = []
    chair = chair_sentence(tor)
    if chair:
        out.append(chair)
    if tor.min_share_kind and tor.min_share_numerator and tor.min_share_denominator:
        kind = dict(SeatGroup.Kind.choices).get(tor.min_share_kind, "").lower()
        words = share_words(tor.min_share_numerator, tor.min_share_denominator,
                            strict=tor.min_share_strict)
        out.append(_("Af alle pladser i rådet skal %(share)s være af typen »%(kind)s«.")
                   % {"share": words, "kind": kind})
    if tor.term_basis == TermsOfReference.TermBasis.FIXED_YEARS and tor.term_years:
        out.append(ngettext("Medlemmerne sidder i %(n)d år ad gangen.",
                            "Medlemmerne sidder i %(n)d år ad gangen.", tor.term_years)
                   % {"n": tor.term_years})
    elif tor.term_basis == TermsOfReference.TermBasis.ELECTION_PERIOD:
        out.append(_("Medlemmerne sidder i den samme periode som %(assembly)s.")
                   % {"assembly": _assembly(tor)})
    if tor.serve_until_successor:
        out.append(_("Et medlem bliver siddende, til der er valgt en ny."))
    if tor.max_consecutive_terms:
        out.append(ngettext("Man kan højst sidde %(n)d periode i træk.",
                            "Man kan højst sidde %(n)d perioder i træk.",
                            tor.max_consecutive_terms) % {"n": tor.max_consecutive_terms})
    needs: list[str] = []
    if tor.eligibility_min_age:
        needs.append(_("være fyldt %(n)d år") % {"n": tor.eligibility_min_age})
    if tor.eligibility_area and tor.eligibility_area_name:
        verbs: dict[str, str] = {
            TermsOfReference.AreaRule.RESIDENCE: _("bo i %(area)s"),
            TermsOfReference.AreaRule.WORK: _("arbejde i %(area)s"),
        }
        verb = verbs.get(tor.eligibility_area, _("bo eller arbejde i %(area)s"))
        needs.append(verb % {"area": tor.eligibility_area_name})
    if needs:
        joined = needs[0] if len(needs) == 1 else _("%(a)s og %(b)s") % {
            "a": ", ".join(needs[:-1]), "b": needs[-1]}
        out.append(_("For at blive medlem skal man %(needs)s.") % {"needs": joined})
    return out


def seat_group_line(group: SeatGroup) -> str:
    """"3 til 5 pladser · Udpeges af Handicaprådet"."""
    if group.seats_min and group.seats_min < group.seats:
        seats = _("%(low)d til %(high)d pladser") % {"low": group.seats_min, "high": group.seats}
    else:
        seats = ngettext("%(n)d plads", "%(n)d pladser", group.seats) % {"n": group.seats}
    who = appointed_by_text(group)
    return f"{seats} · {_('Udpeges af %(who)s') % {'who': who}}" if who else seats


def procedure_sentences(rules: RulesOfProcedure | None, tor: TermsOfReference | None
                        ) -> list[str]:
    """"Sådan arbejder rådet": quorum, decisions, the minutes, openness, the press. Only from
    rules of procedure the council has saved (the defaults are not the council's words)."""
    if rules is None or rules.pk is None:
        return []
    out: list[str] = []
    R = RulesOfProcedure
    if rules.quorum_numerator and rules.quorum_denominator:
        words = share_words(rules.quorum_numerator, rules.quorum_denominator,
                            strict=rules.quorum_strict)
        sentence = _("Rådet kan kun beslutte noget, når %(share)s af alle i rådet er med.") \
            % {"share": words}
        out.append(sentence)
        if rules.quorum_includes_chair:
            out.append(_("Formanden eller næstformanden skal være med."))
    decisions: dict[str, str] = {
        R.DecisionRule.CONSENSUS: _("Rådet prøver at blive enige om alle beslutninger."),
        R.DecisionRule.MAJORITY: _("Rådet stemmer om sagen, og de fleste bestemmer."),
        R.DecisionRule.CONSENSUS_THEN_MAJORITY: _(
            "Rådet prøver først at blive enige. Hvis det ikke går, stemmer rådet, og de fleste "
            "bestemmer."),
    }
    if rules.decision_rule in decisions:
        out.append(decisions[rules.decision_rule])
    if rules.chair_casting_vote:
        out.append(_("Hvis der er lige mange for og imod, er det formanden, der bestemmer."))
    if rules.dissent_recorded:
        out.append(_("Et medlem, der er uenig, kan få sin mening skrevet i referatet."))
    minutes: dict[str, str] = {
        R.MinutesApproval.CHAIR: _("Det er formanden, der siger ja til referatet."),
        R.MinutesApproval.CHAIRMANSHIP: _(
            "Det er formanden eller næstformanden, der siger ja til referatet."),
        R.MinutesApproval.SECRETARIAT: _("Det er sekretariatet, der siger ja til referatet."),
        R.MinutesApproval.END_OF_MEETING: _("Rådet siger ja til referatet, når mødet slutter."),
        R.MinutesApproval.NEXT_MEETING: _("Rådet siger ja til referatet på det næste møde."),
    }
    if "minutes_approval" not in rules.stated:
        pass  # the default, not the council's rule: say nothing
    elif rules.minutes_approval == R.MinutesApproval.WRITTEN and rules.minutes_written_days:
        days = rules.minutes_written_days
        out.append(ngettext(
            "Alle får referatet. Siger ingen imod inden for %(n)d dag, er det godkendt.",
            "Alle får referatet. Siger ingen imod inden for %(n)d dage, er det godkendt.",
            days) % {"n": days})
    elif rules.minutes_approval in minutes:
        out.append(minutes[rules.minutes_approval])
    openness: dict[str, str] = {
        R.Openness.CLOSED: _("Kun rådet er med til møderne."),
        R.Openness.CLOSED_WITH_GUESTS: _(
            "Kun rådet er med til møderne, men det kan invitere gæster."),
        R.Openness.PUBLIC: _("Alle kan komme og høre på, når rådet holder møde."),
    }
    if rules.openness in openness:
        out.append(openness[rules.openness])
    press: dict[str, str] = {
        R.Spokesperson.CHAIR: _("Det er formanden, der taler med aviser, radio og tv for rådet."),
        R.Spokesperson.CHAIRMANSHIP: _(
            "Det er formanden og næstformanden, der taler med aviser, radio og tv for rådet."),
        R.Spokesperson.ANY_MEMBER: _("Alle i rådet kan tale med aviser, radio og tv for rådet."),
        R.Spokesperson.NOBODY: _("Rådet taler kun samlet, fx i et høringssvar."),
    }
    if rules.spokesperson in press:
        out.append(press[rules.spokesperson])
    if tor is not None and tor.hearings_only_when_asked:
        out.append(_("Rådet svarer kun på en høring, når det bliver spurgt."))
    return out
