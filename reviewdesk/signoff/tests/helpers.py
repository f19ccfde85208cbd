"""Helpers shared by the sign-off tests."""

from datetime import date

from reviewdesk.accounts.models import PartnerFor, User
from reviewdesk.reports.models import ReportVersion
from reviewdesk.signoff import actions

PARTNERS = [PartnerFor.LOCAL_AUTHORITY, PartnerFor.HEALTH, PartnerFor.POLICE]


def approve_all(version: ReportVersion, bm: User, on: date, *, publish: bool = True,
                partners: list[str] | None = None) -> None:
    """The subgroup, the Executive Group (and its decision) and the partners, in order, recorded
    by the business manager on one day."""
    actions.record_subgroup_sign_off(version, by=bm, decided_on=on)
    actions.sign_off_for_executive(version, by=bm, decided_on=on)
    actions.decide_publication(version, by=bm, decided_on=on, agrees=publish,
                               reasons="" if publish else "Too identifying in a small town.")
    for partner_for in PARTNERS if partners is None else partners:
        actions.approve_as_partner(version, by=bm, decided_on=on, partner_for=partner_for)
