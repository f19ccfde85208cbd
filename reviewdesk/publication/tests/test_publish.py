"""Scheduling and publishing: refused with each unmet check (naming it), allowed when every one is
met; the time on the website fixed at publication; what the public reads checked for names; the
page asks the business manager to confirm it's them."""

import hashlib
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.accounts.testing import reauthenticated
from reviewdesk.audit.models import AuditEvent
from reviewdesk.final_report.actions import current
from reviewdesk.final_report.testing import small_pdf
from reviewdesk.publication import actions
from reviewdesk.publication.models import Publication
from reviewdesk.publication.testing import at_publication, make_publication
from reviewdesk.publication.tests.conftest import advance_copy_sent, assess_everyone, publish_now
from reviewdesk.reports.actions import upload_version
from reviewdesk.reports.models import DraftFinding, PublicationIntent
from reviewdesk.reviews.models import Review, ReviewKind
from reviewdesk.reviews.tests.test_access_matrix import day
from reviewdesk.signoff.testing import clean_report
from reviewdesk.testing import ClientFor

pytestmark = pytest.mark.django_db


def refusal(review: Review, by: User, **more: object) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        publish_now(review, by, **more)
    assert not Publication.objects.filter(review=review).exists()
    return refused.value.messages


def test_published_when_every_check_is_met(ready: Review, business_manager: User) -> None:
    ready.partnership.website_months = 12
    ready.partnership.save()
    today = timezone.localdate()
    published = publish_now(ready, business_manager, actions_document=small_pdf("Actions"),
                            actions_document_name="actions.pdf", publish_actions=True)
    assert published.state == Publication.State.PUBLISHED
    assert published.published_on == today
    assert published.months_on_website == 12
    assert published.ends_on == today + relativedelta(months=12)
    assert published.slug == f"child-a-{today.year}"
    final = current(ready)
    assert final is not None and published.final_report == final
    assert published.document_sha256 == final.pdf_sha256 == hashlib.sha256(
        published.document.read()).hexdigest()
    assert published.actions_published
    assert ready.timeline.filter(title="Report published on the partnership's website").exists()
    event = AuditEvent.objects.get(event_type="publication.published")
    assert event.data["effective_on"] == today.isoformat()
    # A later change of the setting affects later publications only.
    ready.partnership.website_months = 6
    ready.partnership.save()
    published.refresh_from_db()
    assert published.ends_on == today + relativedelta(months=12)


def test_refused_without_the_harm_assessment(review: Review, business_manager: User) -> None:
    at_publication(review, by=business_manager)
    advance_copy_sent(review, business_manager)
    messages = refusal(review, business_manager)
    assert len(messages) == 1
    assert messages[0].startswith("Harm from publication assessed: not met. No assessment")


def test_refused_when_the_approvals_were_withdrawn_by_a_new_version(
        ready: Review, business_manager: User) -> None:
    upload_version(ready, by=business_manager, data=clean_report("Version two"),
                   filename="report.docx")
    messages = refusal(ready, business_manager)
    assert any(m.startswith("The report approved, and its final report made: not met. The "
                            "report is not approved") for m in messages)


def test_refused_with_an_identifying_finding_open(ready: Review, business_manager: User) -> None:
    final = current(ready)
    assert final is not None and final.version.draft_check is not None
    DraftFinding.objects.create(
        draft_check=final.version.draft_check, start=0, end=5, text="Kayden", normalised="kayden",
        part="body", paragraph_start=0, paragraph_end=10, category="person",
        reason="A child's name", source=DraftFinding.Source.REGISTER)
    messages = refusal(ready, business_manager)
    assert any("1 identifying finding is still open" in m for m in messages)


def test_a_learning_reviews_decision_is_asked_for_and_followed(
        review: Review, business_manager: User) -> None:
    at_publication(review, by=business_manager, kind=ReviewKind.LEARNING_REVIEW)
    advance_copy_sent(review, business_manager)
    assess_everyone(review, business_manager)
    review.refresh_from_db()
    messages = refusal(review, business_manager)
    assert any(m.startswith("The subgroup's decision on publishing a learning review: not met")
               for m in messages)
    PublicationIntent.objects.create(review=review, will_publish=False, decided_on=review.stage_since,
                                     reasons="The family would be known.",
                                     recorded_by=business_manager)
    with pytest.raises(ValidationError) as refused:
        publish_now(review, business_manager)
    assert "only a learning summary may be published" in refused.value.message_dict["content"][0]
    summary = publish_now(review, business_manager, content="learning_summary",
                          learning_summary=small_pdf("Learning summary"),
                          learning_summary_name="summary.pdf")
    assert summary.content == Publication.Content.LEARNING_SUMMARY
    assert summary.final_report is None
    assert summary.document.read().startswith(b"%PDF")


def test_refused_before_the_publication_stage(review: Review, business_manager: User) -> None:
    messages = refusal(review, business_manager)
    assert messages == ["The review is not at the publication stage yet: the report is published "
                        "once the review has moved to publication."]


def test_one_publication_at_a_time(ready: Review, business_manager: User) -> None:
    make_publication(ready, by=business_manager, state=Publication.State.SCHEDULED,
                     published_on=timezone.localdate() + timedelta(days=10))
    with pytest.raises(ValidationError) as refused:
        publish_now(ready, business_manager)
    assert "already scheduled for" in refused.value.messages[0]


@pytest.mark.parametrize(("field", "values", "says"), [
    ("publication_on", {"on": "past"}, "a date in the past cannot be used"),
    ("slug", {"slug": "Child A!"}, "only lower-case letters, numbers and single hyphens"),
    ("summary", {"summary": "Kayden was hurt at home."}, "names someone in the identity register"),
    ("title", {"title": "Kayden Moorcroft"}, "names someone in the identity register"),
    ("slug", {"slug": "kayden-moorcroft-2027"}, "names someone in the identity register"),
    ("content", {"content": "everything"}, "Choose what is published"),
    ("learning_summary", {"content": "learning_summary", "learning_summary": b"Not a PDF",
                          "learning_summary_name": "summary.docx"}, "must be a PDF"),
    ("learning_summary", {"content": "learning_summary"}, "Select the PDF"),
    ("actions_document", {"publish_actions": True}, "Select the PDF of the actions taken"),
    ("actions_document", {"actions_document": small_pdf("Kayden Moorcroft"),
                          "actions_document_name": "actions.pdf"}, "names someone"),
])
def test_bad_input_is_refused_naming_the_field(ready: Review, business_manager: User, field: str,
                                               values: dict, says: str) -> None:
    if values.get("on") == "past":
        values = {"on": timezone.localdate() - timedelta(days=1)}
    with pytest.raises(ValidationError) as refused:
        publish_now(ready, business_manager, **values)
    assert says in " ".join(refused.value.message_dict[field])
    assert not Publication.objects.exists()


def test_a_slug_taken_is_refused_and_the_default_skips_it(ready: Review,
                                                          business_manager: User) -> None:
    other = make_publication(ready, by=business_manager, state=Publication.State.CANCELLED,
                             slug=f"child-a-{timezone.localdate().year}")
    with pytest.raises(ValidationError) as refused:
        publish_now(ready, business_manager, slug=other.slug)
    assert "already used" in refused.value.message_dict["slug"][0]
    assert publish_now(ready, business_manager).slug == f"{other.slug}-2"


def test_scheduled_for_a_later_day_and_cancelled_with_a_reason(
        ready: Review, business_manager: User) -> None:
    later = timezone.localdate() + timedelta(days=10)
    scheduled = actions.schedule(ready, by=business_manager, on=later, title="Child A",
                                 summary="In brief.")
    assert scheduled.state == Publication.State.SCHEDULED and scheduled.scheduled_for == later
    assert scheduled.published_on is None and scheduled.ends_on is None
    with pytest.raises(ValidationError):
        actions.schedule(ready, by=business_manager, on=timezone.localdate(), title="Child A",
                         summary="In brief.")
    cancelled = actions.cancel_schedule(scheduled, by=business_manager, reason="An inquest.")
    assert cancelled.state == Publication.State.CANCELLED
    assert ready.timeline.filter(title__startswith="Scheduled publication cancelled").exists()
    assert publish_now(ready, business_manager).state == Publication.State.PUBLISHED


def test_the_page_asks_to_confirm_its_you_before_the_form_and_before_publishing(
        client_for: ClientFor, ready: Review, business_manager: User) -> None:
    url = reverse("publication:publish", args=[ready.uuid])
    client = client_for(business_manager)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:confirm_identity"))
    confirm = client.get(response["Location"]).content.decode()
    assert "Publishing puts the report on the partnership&#x27;s website" in confirm or \
        "Publishing puts the report on the partnership&#39;s website" in confirm
    today = timezone.localdate()
    body = {"title": "Child A", "slug": "", "summary": "In brief.", "content": "report",
            "publish_actions": "no", **day("publication_on", today),
            "family_override_reason": ""}
    response = client.post(url, body)
    assert response.status_code == 302 and not Publication.objects.exists()
    reauthenticated(client)
    form = client.get(url).content.decode()
    assert 'value="Child A"' in form and f"child-a-{today.year}" in form
    response = client.post(url, body)
    assert response.status_code == 302
    assert Publication.objects.get().state == Publication.State.PUBLISHED
    page = client.get(reverse("publication:page", args=[ready.uuid])).content.decode()
    assert "Planned end of its time on the website" in page


def test_the_form_shows_a_refusal_with_every_unmet_check(
        client_for: ClientFor, review: Review, business_manager: User) -> None:
    at_publication(review, by=business_manager)
    client = reauthenticated(client_for(business_manager))
    later = timezone.localdate() + timedelta(days=3)
    response = client.post(reverse("publication:publish", args=[review.uuid]), {
        "title": "Child A", "summary": "In brief.", "content": "learning_summary",
        "learning_summary": SimpleUploadedFile("summary.pdf", small_pdf("Summary")),
        "publish_actions": "no", **day("publication_on", later)})
    assert response.status_code == 200
    text = response.content.decode()
    assert "govuk-error-summary" in text
    assert "Harm from publication assessed: not met" in text
    assert f"The final check for {later:%-d %B %Y}" in text
    assert not Publication.objects.exists()
