"""The demo's time on the website (called by ``manage.py load_demo`` after the publication app's
demo, which publishes reviews 14, 15 and 16):

* review 15's report, whose six months on the website have ended, is moved to available on
  request by the same action the daily job runs; a request for it answered (the report sent) and
  one open;
* review 16's report is withdrawn early: the business manager starts it with the reason, the
  local authority and health partners agree in their own names, the police partner's agreement
  is recorded on their behalf, then it is withdrawn.

Where a review has no publication yet (the publication app's demo not there), one is made
directly, published long enough ago. A second run adds nothing.
"""

from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from reviewdesk.accounts.models import PartnerFor
from reviewdesk.on_request import actions, selectors
from reviewdesk.publication.models import Publication, ReportRequest
from reviewdesk.publication.testing import make_publication
from reviewdesk.reviews.models import Review

ON_REQUEST, WITHDRAWN = 15, 16


def _publication(command: Any, index: int, *, title: str, published_on: date) -> Publication:
    review = Review.objects.get(pk=command.reviews[index].pk)
    found = selectors.publication_of(review)
    if found is not None:
        return found
    return make_publication(review, by=command.people["business.manager"],
                            published_on=published_on, title=title,
                            slug=f"kirkvale-{title.lower().replace(' ', '-')}")


def load(command: Any) -> None:
    today = timezone.localdate()
    ended = _publication(command, ON_REQUEST, title="Child P",
                         published_on=today - relativedelta(months=8))
    actions.end_website_period(ended, today=today)
    requests_for(command, ended)
    withdrawn = _publication(command, WITHDRAWN, title="Child Q",
                             published_on=today - relativedelta(months=3))
    withdraw_early(command, withdrawn,
                   reason="The family told the partnership that the child's new school had "
                          "recognised the case from the report.")


def requests_for(command: Any, publication: Publication) -> None:
    """A request answered (the report sent) and one open."""
    if publication.requests.exists():
        return
    bm, today = command.people["business.manager"], timezone.localdate()
    partnership = publication.review.partnership
    received = today - timedelta(days=30)
    sent = ReportRequest.objects.create(
        publication=publication, name="Morgan Hale", email="morgan.hale@example.invalid",
        reason="I train health visitors and would like to use the learning.",
        received_on=received, due_on=selectors.due_on_for(partnership, received),
        client_hash="demo")
    actions.send_report(sent, by=bm, responded_on=received + timedelta(days=6))
    received = today - timedelta(days=2)
    ReportRequest.objects.create(
        publication=publication, name="Jo Reyes", email="jo.reyes@example.invalid", reason="",
        received_on=received, due_on=selectors.due_on_for(partnership, received),
        client_hash="demo")


def withdraw_early(command: Any, publication: Publication, *, reason: str) -> Publication:
    """A published report withdrawn early, with the three partners' agreement (today)."""
    publication.refresh_from_db()
    if publication.state not in selectors.WITHDRAWABLE:
        return publication
    bm, today = command.people["business.manager"], timezone.localdate()
    if not publication.withdrawal_reason:
        actions.start_withdrawal(publication, by=bm, reason=reason)
    done = set(publication.withdrawal_agreements.values_list("partner_for", flat=True))
    for key, partner_for in (("la.partner", PartnerFor.LOCAL_AUTHORITY),
                             ("health.partner", PartnerFor.HEALTH)):
        if partner_for not in done:
            actions.agree_withdrawal(publication, by=command.people[key], agreed_on=today)
    if PartnerFor.POLICE not in done:
        actions.agree_withdrawal(publication, by=bm, agreed_on=today,
                                 partner_for=PartnerFor.POLICE, note="Agreed by telephone.")
    return actions.withdraw(publication, by=bm, withdrawn_on=today)
