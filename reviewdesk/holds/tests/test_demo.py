"""The demo holds review 9's publication for its inquest (the Panel and the Secretary of State
told), and a second run adds nothing."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from reviewdesk.accounts.models import User
from reviewdesk.holds import demo
from reviewdesk.notices.models import Notice
from reviewdesk.parallel.models import ProcessKind
from reviewdesk.publication.models import AdvanceCopy, Hold
from reviewdesk.reviews.models import Review

pytestmark = pytest.mark.django_db


def test_the_demo_holds_review_9_for_its_inquest_once() -> None:
    call_command("load_demo", stdout=io.StringIO())
    held = list(Review.objects.order_by("pk"))[9]
    hold = Hold.objects.get()
    assert hold.review == held and hold.in_force
    assert hold.process is not None and hold.process.kind == ProcessKind.INQUEST
    assert Notice.objects.filter(review=held, purpose="a hold on publication").count() == 2
    copies = AdvanceCopy.objects.count()

    # This app's part again, on the same reviews (load_demo itself skips a loaded demo).
    reviews = list(Review.objects.order_by("pk"))
    bm = User.objects.get(email__startswith="business.manager@")
    partner = User.objects.get(email__startswith="la.partner@")
    demo.load(SimpleNamespace(reviews=dict(enumerate(reviews)), bm=bm,
                              people={"la.partner": partner, "business.manager": bm}))
    assert Hold.objects.count() == 1
    assert AdvanceCopy.objects.count() == copies
    assert Notice.objects.filter(purpose="a hold on publication").count() == 2
