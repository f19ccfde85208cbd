"""The family and the publication date: where a family member asked to be told it, the date being
published must be recorded as shared with them; otherwise a warning the business manager may go
past with a recorded reason."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.accounts.testing import reauthenticated
from reviewdesk.audit.models import AuditEvent
from reviewdesk.family.actions import record_report_offer
from reviewdesk.family.models import FamilyMember
from reviewdesk.family.tests.helpers import add
from reviewdesk.publication import actions, checks
from reviewdesk.publication.models import Publication
from reviewdesk.publication.tests.conftest import publish_now
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.tests.test_access_matrix import day
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db


def wants_the_date(review: Review, by: User) -> FamilyMember:
    grandmother = review.identities.get(pseudonym="Grandmother")
    member = add(review, by, grandmother)
    return record_report_offer(member, by=by, offered_draft_on=review.stage_since,
                               wants_to_see_draft=True, wants_publication_date=True)


def family_row(review: Review, on: object) -> checks.Check:
    return next(c for c in checks.run(review, on) if c.key == "family")  # type: ignore[arg-type]


def test_no_one_asked_so_the_check_is_met(ready: Review) -> None:
    row = family_row(ready, timezone.localdate())
    assert row.met and row.overridable


def test_the_date_told_is_the_date_checked(ready: Review, business_manager: User) -> None:
    member = wants_the_date(ready, business_manager)
    today = timezone.localdate()
    later = today + timedelta(days=14)
    row = family_row(ready, later)
    assert not row.met and "Grandmother asked to be told" in row.detail
    actions.record_date_shared(member, by=business_manager, publication_on=later,
                               told_on=today, how="By phone")
    assert family_row(ready, later).met
    assert not family_row(ready, later + timedelta(days=1)).met
    event = AuditEvent.objects.get(event_type="publication.date_shared")
    assert event.data["effective_on"] == today.isoformat()
    # Kept off the timeline, as the family's involvement is.
    assert not ready.timeline.filter(title__icontains="told").exists()


def test_publishing_is_refused_until_told_or_gone_past_with_a_reason(
        ready: Review, business_manager: User) -> None:
    wants_the_date(ready, business_manager)
    with pytest.raises(ValidationError) as refused:
        publish_now(ready, business_manager)
    assert any("The family told the publication date" in m and "Grandmother" in m
               for m in refused.value.messages)
    assert not Publication.objects.exists()
    published = publish_now(ready, business_manager,
                            family_override_reason="She asked not to be contacted again.")
    assert published.state == Publication.State.PUBLISHED
    assert published.family_override_reason == "She asked not to be contacted again."
    event = AuditEvent.objects.get(event_type="publication.published")
    assert event.data["overridden"] == ["family"]


def test_a_reason_is_not_kept_when_the_family_were_told(ready: Review,
                                                        business_manager: User) -> None:
    member = wants_the_date(ready, business_manager)
    today = timezone.localdate()
    actions.record_date_shared(member, by=business_manager, publication_on=today, told_on=today)
    published = publish_now(ready, business_manager, family_override_reason="Not needed.")
    assert published.family_override_reason == ""


def test_bad_input_is_refused_with_the_field_named(ready: Review, business_manager: User) -> None:
    member = wants_the_date(ready, business_manager)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        actions.record_date_shared(member, by=business_manager, publication_on=today,
                                   told_on=today + timedelta(days=1))
    assert set(refused.value.message_dict) == {"told_on", "publication_on"}
    sister = ready.identities.get(pseudonym="Sibling 1", kind=IdentityEntry.Kind.FAMILY)
    not_asking = add(ready, business_manager, sister, relationship="sister")
    with pytest.raises(ValidationError) as refused:
        actions.record_date_shared(not_asking, by=business_manager, publication_on=today)
    assert "did not ask" in refused.value.message_dict["member"][0]


def test_the_page_records_it_and_the_publish_form_warns_first(
        client_for: ClientFor, ready: Review, business_manager: User) -> None:
    member = wants_the_date(ready, business_manager)
    client = reauthenticated(client_for(business_manager))
    form = client.get(reverse("publication:publish", args=[ready.uuid])).content.decode()
    assert "has not been told" in form and "give your reason below" in form
    today = timezone.localdate()
    response = client.post(reverse("publication:date_shared", args=[ready.uuid]), {
        "member": member.pk, **day("publication_on", today), **day("told_on", today),
        "how": "By letter"})
    assert response.status_code == 302
    page = client.get(reverse("publication:page", args=[ready.uuid])).content.decode()
    assert "told on" in page and "By letter" in page
