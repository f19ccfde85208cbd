"""The demo's time on the website: review 15's report available on request, a request answered
and one open; review 16's withdrawn early with the three partners' agreement. Run twice, the
second adds nothing."""

from types import SimpleNamespace

from reviewdesk.accounts.models import PartnerFor
from reviewdesk.audit.context import as_system
from reviewdesk.on_request import demo
from reviewdesk.publication.models import Publication, ReportRequest


def test_one_on_request_with_its_requests_and_one_withdrawn(make_review, at_publication,
                                                            business_manager, partners):
    other = make_review(child_name="Quinn Other")
    command = SimpleNamespace(reviews={15: at_publication, 16: other}, people={
        "business.manager": business_manager, "la.partner": partners[PartnerFor.LOCAL_AUTHORITY],
        "health.partner": partners[PartnerFor.HEALTH]})
    with as_system("the demo's test"):
        for _ in range(2):
            demo.load(command)
    ended = Publication.objects.get(review=at_publication)
    assert ended.state == Publication.State.ON_REQUEST
    assert sorted(ended.requests.values_list("response", flat=True)) == [
        "", ReportRequest.Response.SENT]
    withdrawn = Publication.objects.get(review=other)
    assert withdrawn.state == Publication.State.WITHDRAWN
    assert withdrawn.withdrawal_agreements.count() == 3
