"""Who an event says acted, and from where, comes from the audit context; without one, an event
with no actor is refused rather than written as nobody's."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from reviewdesk.audit import context, events
from reviewdesk.audit.context import MissingAuditContext, acting_as, as_system, for_request
from reviewdesk.audit.events import UnregisteredEventType
from reviewdesk.audit.models import AuditEvent
from reviewdesk.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def system_context() -> None:
    """Unlike the other chain tests, these start with no context at all."""
    return None


def test_an_event_with_no_actor_outside_any_context_is_refused_and_nothing_is_written():
    with pytest.raises(MissingAuditContext, match="test.event' has no actor and no audit context"):
        record("test.event", summary="Who did this?")
    assert not AuditEvent.objects.exists()


def test_an_action_that_names_its_actor_needs_no_context(business_manager):
    event = record("test.event", actor=business_manager, summary="Did something")
    assert (event.actor, event.ip_address) == (business_manager, None)


def test_the_systems_own_work_says_so_and_records_no_actor():
    with as_system("a background check"):
        event = record("test.event", summary="A check finished")
    assert event.actor is None


def test_a_command_acting_as_someone_records_them(partner):
    with acting_as(partner, source="command load_demo"):
        event = record("test.event", summary="Recorded a decision")
    assert event.actor == partner


def test_a_request_gives_its_person_and_address_as_it_is_when_the_event_is_recorded(
        business_manager, partner):
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.7")
    request.user = AnonymousUser()
    with for_request(request):
        failed = record("test.event", summary="Someone tried to sign in")
        request.user = business_manager  # signed in during the request
        signed_in = record("test.event", summary="Signed in")
        with context.on_behalf_of(partner):
            for_partner = record("test.event", summary="Recorded a partner's decision")
        after = record("test.event", summary="Did something for themselves")
    assert (failed.actor, failed.ip_address) == (None, "192.0.2.7")
    assert (signed_in.actor, signed_in.ip_address) == (business_manager, "192.0.2.7")
    assert (for_partner.actor, for_partner.on_behalf_of) == (business_manager, partner)
    assert after.on_behalf_of is None


def test_a_named_actor_and_on_behalf_of_win_over_the_contexts(business_manager, partner):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")
    request.user = business_manager
    with for_request(request):
        event = record("test.event", actor=partner, on_behalf_of=business_manager, summary="x")
    assert (event.actor, event.on_behalf_of, event.ip_address) == (partner, business_manager,
                                                                    "192.0.2.7")


def test_a_background_job_inside_a_request_does_not_take_the_requests_person(business_manager):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")
    request.user = business_manager
    with for_request(request):
        with as_system("a check run at once"):
            event = record("test.event", summary="A check finished")
        assert context.current().actor == business_manager  # the outer context is back
    assert (event.actor, event.ip_address) == (None, None)
    assert context.current() is None


def test_on_behalf_of_needs_a_context_to_add_to(partner):
    with pytest.raises(MissingAuditContext), context.on_behalf_of(partner):
        pass


def test_every_request_has_a_context_and_leaves_none_behind(client, business_manager):
    client.force_login(business_manager)
    client.get(reverse("reviews:audit"), REMOTE_ADDR="192.0.2.9")
    event = AuditEvent.objects.get(event_type="audit.viewed")
    assert (event.actor, event.ip_address) == (business_manager, "192.0.2.9")
    assert context.current() is None


def test_an_unregistered_event_type_is_refused_and_nothing_is_written(business_manager):
    with pytest.raises(UnregisteredEventType, match="add it, with a description"):
        record("review.vewed", actor=business_manager, summary="A typo")
    assert not AuditEvent.objects.exists()


def test_an_event_types_code_cannot_be_given_another_meaning():
    with pytest.raises(ValueError, match="already means"):
        events.register("review.viewed", "Something else")
    assert events.event_type("review.viewed").description == "A review's page was read"


def test_every_event_type_has_a_code_it_is_filed_under_and_a_description():
    for code, event_type in events.EVENT_TYPES.items():
        assert event_type.code == code
        assert code.count(".") == 1 and code == code.lower()
        assert event_type.description.strip()
