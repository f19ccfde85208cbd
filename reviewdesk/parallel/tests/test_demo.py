"""The demo tells the parallel processes' story: review 7's police investigation is open (the
senior investigating officer recorded on the police partner's behalf); review 9's concluded
(before the family were approached) and its inquest is listed for a date."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from reviewdesk.parallel.models import ParallelProcess, ProcessKind, ProcessState
from reviewdesk.parallel.selectors import open_processes
from reviewdesk.reviews.models import Review
from reviewdesk.testing import TodayIs

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_open_investigation_and_a_concluded_one_with_an_inquest_listed(
        today_is: TodayIs) -> None:
    today = today_is(date(2026, 6, 15))
    call_command("load_demo", stdout=io.StringIO())
    reviews = list(Review.objects.order_by("pk"))
    active, concluded = reviews[7], reviews[9]
    [open_now] = open_processes(active)
    assert (open_now.kind, open_now.state, open_now.lead_name) == (
        ProcessKind.POLICE_INVESTIGATION, ProcessState.OPENED, "Morag Keddie")
    assert open_now.on_behalf_of is not None and open_now.on_behalf_of.email.startswith(
        "police.partner@")
    investigation = ParallelProcess.objects.get(review=concluded,
                                                kind=ProcessKind.POLICE_INVESTIGATION)
    assert investigation.state == ProcessState.CONCLUDED
    last = investigation.statuses.order_by("-pk").first()
    assert last is not None and last.outcome.startswith("No charges")
    [inquest] = open_processes(concluded)
    assert (inquest.kind, inquest.state, getattr(inquest, "listed_for")) == (  # noqa: B009
        ProcessKind.INQUEST, ProcessState.LISTED, today + timedelta(days=42))
    # Nowhere else.
    assert ParallelProcess.objects.exclude(review__in=[active, concluded]).count() == 0
