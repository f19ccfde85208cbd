"""The demo's support: services, the senior contact, offers in each state, a request answered, one
escalated, a manager's team session; and only the settings where the review has no
practitioners (the staff demo not loaded)."""

import io
from types import SimpleNamespace

import pytest

from reviewdesk.audit.context import as_system
from reviewdesk.staff.models import (
    SupportEscalationContact,
    SupportOffer,
    SupportRequest,
    SupportService,
    TeamSupportSession,
)
from reviewdesk.support import demo
from reviewdesk.support.tests.helpers import add_manager, practitioner_record

pytestmark = pytest.mark.django_db


def command(review, business_manager, executive, partnership, agencies):
    police = agencies["police"]
    police.staff_support = "Police Wellbeing Service, 0300 000 1111, wellbeing.demo.invalid"
    police.save()
    return SimpleNamespace(bm=business_manager, kv=partnership, agencies=list(agencies.values()),
                           people={"executive": executive}, reviews={demo.CHRONOLOGY: review},
                           stdout=io.StringIO())


def test_the_demo_shows_every_state(review, business_manager, executive, partnership, agencies,
                                    practitioner, agency_author):
    manager = add_manager(review, business_manager, partnership)
    practitioner_record(review, practitioner, business_manager, manager=manager)
    agency_author.agency = agencies["police"]
    practitioner_record(review, agency_author, business_manager)
    with as_system("test load_demo"):
        demo.load(command(review, business_manager, executive, partnership, agencies))
    service = SupportService.objects.get()
    assert (service.name, service.how_to_reach) == ("Police Wellbeing Service",
                                                    "0300 000 1111, wellbeing.demo.invalid")
    assert SupportEscalationContact.objects.get().person == executive
    assert set(SupportOffer.objects.values_list("status", flat=True)) == {"offered", "taken_up"}
    requests = SupportRequest.objects.order_by("pk")
    assert [r.answered_on is not None for r in requests] == [True, False]
    assert requests[1].escalated_to == executive
    assert TeamSupportSession.objects.get().manager == manager


def test_without_practitioners_only_the_settings(review, business_manager, executive,
                                                partnership, agencies):
    with as_system("test load_demo"):
        demo.load(command(review, business_manager, executive, partnership, agencies))
    assert SupportEscalationContact.objects.exists() and SupportService.objects.exists()
    assert not SupportOffer.objects.exists() and not SupportRequest.objects.exists()
