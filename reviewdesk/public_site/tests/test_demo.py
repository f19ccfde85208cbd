"""The demo's requests: one for a report on request and one for a published one, once."""

from types import SimpleNamespace

from reviewdesk.public_site import demo
from reviewdesk.publication.models import Publication, ReportRequest

State = Publication.State


def test_the_demo_asks_for_reports_once(publications: dict[str, Publication]) -> None:
    command = SimpleNamespace()
    demo.load(command)
    demo.load(command)
    assert sorted(r.publication.state for r in ReportRequest.objects.all()) == [
        State.ON_REQUEST, State.PUBLISHED]


def test_with_no_public_report_the_demo_makes_nothing(db: None) -> None:
    demo.load(SimpleNamespace())
    assert not ReportRequest.objects.exists()
