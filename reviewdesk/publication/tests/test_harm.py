"""Harm from publication: an assessment covering every child, vulnerable adult and family member
in the register, each with its likely impact; the check unmet until it does."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.family.tests.helpers import GRANDMOTHER, register_family
from reviewdesk.publication import actions, checks, selectors
from reviewdesk.publication.models import HarmAssessment
from reviewdesk.publication.tests.conftest import assess_everyone
from reviewdesk.reviews.actions import save_identity
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.reviews.tests.test_access_matrix import day
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db


def harm_row(review: Review) -> checks.Check:
    return next(c for c in checks.run(review, review.stage_since) if c.key == "harm")


def test_the_assessment_covers_every_child_and_family_member_and_no_professional(
        review: Review, business_manager: User) -> None:
    family = register_family(review, business_manager)
    save_identity(review, by=business_manager, kind=IdentityEntry.Kind.PROFESSIONAL,
                  real_name="Dr Stone", pseudonym="GP 1")
    people = selectors.people_at_risk(review)
    assert [p.kind for p in people] == ["child", "family", "family"]
    assert {family["grandmother"], family["sister"]} <= set(people)
    assert not harm_row(review).met
    assessment = assess_everyone(review, business_manager)
    assert assessment.lines.count() == 3
    row = harm_row(review)
    assert row.met and "covering all 3 people" in row.detail
    event = AuditEvent.objects.get(event_type="publication.harm_assessed")
    assert event.data["effective_on"] == assessment.assessed_on.isoformat()


def test_someone_added_to_the_register_since_unmeets_the_check(
        review: Review, business_manager: User) -> None:
    register_family(review, business_manager)
    assess_everyone(review, business_manager)
    save_identity(review, by=business_manager, kind=IdentityEntry.Kind.OTHER_PERSON,
                  real_name="Ray Lodger", pseudonym="Mother's partner")
    row = harm_row(review)
    assert not row.met
    assert "does not cover 1 person" in row.detail and "Mother's partner" in row.detail


def test_every_person_needs_a_likely_impact_and_nothing_is_kept_otherwise(
        review: Review, business_manager: User) -> None:
    register_family(review, business_manager)
    people = selectors.people_at_risk(review)
    with pytest.raises(ValidationError) as refused:
        actions.assess_harm(review, by=business_manager, assessed_by="", assessed_on=None,
                            conclusion="", lines={people[0].pk: ("Some.", "")})
    errors = refused.value.message_dict
    assert set(errors) == {"assessed_by", "conclusion", f"impact_{people[1].pk}",
                           f"impact_{people[2].pk}"}
    assert not HarmAssessment.objects.exists()


def test_the_form_shows_names_to_the_business_manager_and_the_page_redacts_for_a_partner(
        client_for: ClientFor, review: Review, business_manager: User, partner: User) -> None:
    family = register_family(review, business_manager)
    url = reverse("publication:harm", args=[review.uuid])
    client = client_for(business_manager)
    assert f"Likely impact on {GRANDMOTHER}" in client.get(url).content.decode()
    body = {"assessed_by": "The chair of the CSPR subgroup", **day("assessed_on", review.stage_since),
            "conclusion": f"Publish; {GRANDMOTHER} agrees.", "mitigations": "After the trial."}
    response = client.post(url, body)
    assert response.status_code == 200  # each person's line is missing
    assert "Say what publication&#39;s likely impact is on" in response.content.decode()
    for person in selectors.people_at_risk(review):
        body[f"impact_{person.pk}"] = "Local press interest."
    response = client.post(url, body)
    assert response.status_code == 302
    page = client_for(partner).get(reverse("publication:page", args=[review.uuid]))
    # A partner reads the publication page, with the names typed replaced by pseudonyms.
    text = page.content.decode()
    assert GRANDMOTHER not in text and "Grandmother agrees" in text
    assert family["grandmother"].pseudonym in text


def test_a_date_in_the_future_is_refused(review: Review, business_manager: User) -> None:
    register_family(review, business_manager)
    with pytest.raises(ValidationError) as refused:
        actions.assess_harm(review, by=business_manager, assessed_by="Chair",
                            assessed_on=timezone.localdate() + timedelta(days=1),
                            conclusion="Publish.",
                            lines={p.pk: ("None.", "") for p in selectors.people_at_risk(review)})
    assert "cannot be in the future" in refused.value.message_dict["assessed_on"][0]
