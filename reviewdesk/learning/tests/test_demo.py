"""The demo's history: two years of reviews with findings, themes and actions in every state, so
the learning dashboard shows a pattern; indexed for similar reviews; a second run adds nothing."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone

from reviewdesk.accounts.models import Partnership, User
from reviewdesk.action_plan.models import Action, DueDateRevision
from reviewdesk.learning import demo, search, selectors
from reviewdesk.learning.models import SearchDocument
from reviewdesk.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_years_of_learning_once() -> None:
    call_command("load_demo", stdout=io.StringIO())
    kv = Partnership.objects.get(code="KV")
    history = Review.objects.filter(incidents__summary__startswith=demo.MARK)
    assert history.count() == len(demo.HISTORY)
    partner = User.objects.get(email__startswith="la.partner@")
    today = timezone.localdate()
    board = selectors.dashboard(partner, today)
    by_name = {row.theme.name: row for row in board.themes}
    # Information sharing comes back in both past years.
    sharing = by_name[demo.SHARING].by_year
    assert sharing[-3] >= 2 and sharing[-2] >= 3
    assert board.overdue >= 2
    statuses = set(Action.objects.filter(review__in=history).values_list("status", flat=True))
    assert statuses >= {Action.Status.IMPACT_SHOWN, Action.Status.COMPLETED,
                        Action.Status.CLOSED, Action.Status.IN_PROGRESS,
                        Action.Status.NOT_STARTED}
    assert DueDateRevision.objects.filter(action__review__in=history).exists()
    figures = {f.label: f.value for f in selectors.yearly_figures(partner, today.year - 1).figures}
    assert figures["Reviews completed"] >= 1 and figures["Reviews started"] >= 1
    # Similar reviews finds the history, in pseudonyms.
    results, _, _ = search.similar(partner, text="bruising on a baby")
    assert results and all("Lindqvist" not in d.text for r in results for d in r.matches)
    rows = SearchDocument.objects.count()

    bm = User.objects.get(email__startswith="business.manager@")
    demo.load(SimpleNamespace(kv=kv, bm=bm, reviews={}, people={}, agencies=[]))
    assert history.count() == len(demo.HISTORY) and SearchDocument.objects.count() == rows
