"""The review page's history: the finished stages' work is loaded when it is opened (or from its
own page without JavaScript), not worked out with the rest of the page (docs/decisions/0069)."""

import html
from typing import Any

from django.urls import reverse

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.commissioning.testing import walk
from reviewdesk.reviews.models import Review, Stage
from reviewdesk.testing import ClientFor

DECISION = "The partners' decision"  # the decision stage's section heading


def text_of(response: Any) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_review_page_links_its_finished_stages_and_leaves_their_work_out(
        review: Review, business_manager: User, client_for: ClientFor) -> None:
    review = walk(review, business_manager, Stage.CHRONOLOGY)
    page = text_of(client_for(business_manager).get(reverse("reviews:review",
                                                            args=[review.uuid])))
    url = reverse("reviews:finished_stages", args=[review.uuid])
    history = page[page.index("Finished stages:"):]
    assert history.startswith("Finished stages: notification, rapid review, partners' decision")
    # Opening it loads the sections (htmx); without JavaScript the link is there instead.
    assert f'hx-get="{url}" hx-trigger="toggle once"' in page
    assert f'href="{url}">What was done at the finished stages</a>' in page
    assert DECISION not in page


def test_the_finished_stages_page_and_the_part_loaded_into_the_history(
        review: Review, business_manager: User, client_for: ClientFor) -> None:
    review = walk(review, business_manager, Stage.CHRONOLOGY)
    client = client_for(business_manager)
    url = reverse("reviews:finished_stages", args=[review.uuid])
    page = text_of(client.get(url))
    assert "What was done at the finished stages" in page and DECISION in page
    assert "<html" in page
    part = text_of(client.get(url, headers={"HX-Request": "true"}))
    assert DECISION in part and "<html" not in part
    # The current stage's own section stays on the review page, not here.
    assert "Each agency's chronology" not in part
    assert AuditEvent.objects.filter(event_type="review.viewed", review_id=review.pk,
                                     actor=business_manager).count() == 2


def test_a_review_at_its_first_stage_has_no_finished_stages(
        review: Review, business_manager: User, client_for: ClientFor) -> None:
    page = text_of(client_for(business_manager).get(reverse("reviews:review",
                                                            args=[review.uuid])))
    assert "Finished stages:" not in page
    part = text_of(client_for(business_manager).get(
        reverse("reviews:finished_stages", args=[review.uuid]), headers={"HX-Request": "true"}))
    assert "Nothing more is recorded for the finished stages" in part


def test_practitioners_see_their_own_part_only(
        review: Review, business_manager: User, practitioner: User,
        client_for: ClientFor) -> None:
    review = walk(review, business_manager, Stage.CHRONOLOGY)
    response = client_for(practitioner).get(reverse("reviews:finished_stages",
                                                    args=[review.uuid]))
    assert response.status_code == 403


def test_no_fold_when_no_section_belongs_to_the_finished_stages(
        review: Review, business_manager: User, client_for: ClientFor) -> None:
    # At the decision the rapid review's section is still current (it shows the sign-offs).
    review = walk(review, business_manager, Stage.DECISION)
    page = text_of(client_for(business_manager).get(reverse("reviews:review",
                                                            args=[review.uuid])))
    assert "Rapid review" in page and "Finished stages:" not in page
