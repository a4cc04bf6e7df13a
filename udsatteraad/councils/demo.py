"""Demo: rules about who sits that the seed councils' own documents state but their council
files do not hold yet (load_demo runs this after loading them). Each value is quoted from the
document in the council's file (TermsOfReference.text); nothing is invented, so a rule no
seed states (substitutes, quorum, ...) is not shown by the demo.

- Randers, "Vedtægter og forretningsorden": "Kandidater til rådet skal være bosiddende eller
  have virke i Randers Kommune"; "De 4 brugerrepræsentanter vælges blandt brugere af
  væresteder i Randers Kommune".
- Region Midtjylland, kommissorium: "Region Midtjyllands Udsatteråd består af 14 medlemmer,
  der udpeges af regionsrådet".

Safe to run again: it only sets values.
"""

from __future__ import annotations

from .models import Council, SeatGroup, TermsOfReference


def load() -> None:
    randers = Council.objects.filter(slug="randers").first()
    tor = randers.current_terms() if randers else None
    if tor is not None:
        TermsOfReference.objects.filter(pk=tor.pk).update(
            eligibility_area=TermsOfReference.AreaRule.RESIDENCE_OR_WORK,
            eligibility_area_name="Randers Kommune",
        )
        tor.seat_groups.filter(kind=SeatGroup.Kind.USER).update(
            eligibility_service_user=True, appointed_by=SeatGroup.AppointedBy.ELECTION)
        tor.seat_groups.filter(kind=SeatGroup.Kind.ORGANISATION).update(
            appointed_by=SeatGroup.AppointedBy.ORGANISATION)
    midt = Council.objects.filter(slug="region-midtjylland").first()
    tor = midt.current_terms() if midt else None
    if tor is not None:
        tor.seat_groups.update(appointed_by=SeatGroup.AppointedBy.ASSEMBLY,
                               appointed_by_name="Regionsrådet")
