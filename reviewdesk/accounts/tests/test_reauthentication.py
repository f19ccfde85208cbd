"""Confirm it's you: the password (and the two-factor code, where set up) again before a bulk
export of real identities. Wrong passwords count towards the sign-in lockout."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from time_machine import TimeMachineFixture

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reviews.models import IdentityEntry, Review
from reviewdesk.testing import ClientFor

PASSWORD = "correct horse battery staple"
CONFIRM = "/account/confirm/"


@pytest.fixture
def manager(business_manager: User) -> User:
    business_manager.set_password(PASSWORD)
    business_manager.save()
    return business_manager


def export_url(review: Review) -> str:
    return f"/reviews/{review.uuid}/register/export/"


def test_the_register_file_asks_to_confirm_it_is_you_first(review, manager, client_for):
    client = client_for(manager)
    response = client.get(export_url(review))
    assert response.status_code == 302
    assert response["Location"] == f"{CONFIRM}?next={quote(export_url(review), safe='')}"
    assert not AuditEvent.objects.filter(event_type="register.exported").exists()
    page = client.get(response["Location"])
    assert "Confirm it&#39;s you" in page.content.decode() or "Confirm it's you" in \
        page.content.decode()
    confirmed = client.post(CONFIRM, {"password": PASSWORD, "next": export_url(review)})
    assert confirmed.status_code == 302 and confirmed["Location"] == export_url(review)
    assert AuditEvent.objects.filter(event_type="person.reauthenticated", actor=manager).exists()
    download = client.get(export_url(review))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")


def test_the_confirmation_lasts_ten_minutes(review: Review, manager: User, client_for: ClientFor,
                                            time_machine: TimeMachineFixture) -> None:
    from django.utils import timezone

    client = client_for(manager)
    client.post(CONFIRM, {"password": PASSWORD, "next": export_url(review)})
    time_machine.move_to(timezone.now() + timedelta(minutes=9), tick=False)
    assert client.get(export_url(review)).status_code == 200
    time_machine.move_to(timezone.now() + timedelta(minutes=2), tick=False)
    assert client.get(export_url(review)).status_code == 302


def test_a_wrong_password_is_refused_audited_and_counts_towards_the_lockout(
        review, manager, client_for):
    client = client_for(manager)
    response = client.post(CONFIRM, {"password": "wrong", "next": export_url(review)})
    assert response.status_code == 200
    assert "Your password is not right." in response.content.decode()
    assert AuditEvent.objects.filter(event_type="person.reauthentication_failed").exists()
    assert client.get(export_url(review)).status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(CONFIRM, {"password": "wrong", "next": export_url(review)})
    # Locked out, as at sign-in: even the right password is refused now.
    locked = client.post(CONFIRM, {"password": PASSWORD, "next": export_url(review)})
    assert locked.status_code == 429
    assert client.get(export_url(review)).status_code == 302


def test_someone_with_two_factor_needs_the_code_too(review: Review, manager: User, client_for: ClientFor,
                                                   time_machine: TimeMachineFixture) -> None:
    from django.utils import timezone

    device = TOTPDevice.objects.create(user=manager, name="App", confirmed=True)
    client = client_for(manager)
    session = client.session
    # Signed in with the code (django-otp's session key), as the middleware requires.
    session["otp_device_id"] = device.persistent_id
    session.save()
    response = client.post(CONFIRM, {"password": PASSWORD, "next": export_url(review)})
    assert response.status_code == 200  # the code is required
    assert client.get(export_url(review)).status_code == 302
    response = client.post(CONFIRM, {"password": PASSWORD, "token": "000000",
                                     "next": export_url(review)})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    # django-otp makes people wait a little after a wrong code.
    time_machine.move_to(timezone.now() + timedelta(seconds=5), tick=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = client.post(CONFIRM, {"password": PASSWORD, "token": code,
                                     "next": export_url(review)})
    assert response.status_code == 302
    assert client.get(export_url(review)).status_code == 200


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/",
                                    "/reviews/x/../../sign-out/", "/reviews/%2e%2e/sign-out/"])
def test_only_a_page_of_this_site_is_returned_to(manager, client_for, target):
    response = client_for(manager).post(CONFIRM, {"password": PASSWORD, "next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_outsiders_still_get_404_not_the_confirm_page(review, outsider, client_for):
    assert client_for(outsider).get(export_url(review)).status_code == 404


def test_a_draft_s_original_asks_too(review, manager, client_for):
    from reviewdesk.reports import actions

    check = actions.upload_draft(review, by=manager, data=b"A short draft.\n",
                                 filename="draft.txt")
    address = f"/reviews/{review.uuid}/publication-checks/{check.number}/original/"
    client = client_for(manager)
    assert client.get(address)["Location"].startswith(CONFIRM)
    client.post(CONFIRM, {"password": PASSWORD, "next": address})
    assert client.get(address).status_code == 200


def test_the_personalised_chronology_export_asks_and_the_anonymised_one_does_not(
        review, manager, client_for):
    client = client_for(manager)
    address = f"/reviews/{review.uuid}/chronology/merged/export/"
    personalised = client.post(address, {"format": "csv", "view": "personalised"})
    assert personalised.status_code == 302
    assert personalised["Location"].startswith(CONFIRM)
    anonymised = client.post(address, {"format": "csv"})
    assert anonymised.status_code == 200
    client.post(CONFIRM, {"password": PASSWORD, "next": "/"})
    assert client.post(address, {"format": "csv", "view": "personalised"}).status_code == 200
    assert review.identities.filter(kind=IdentityEntry.Kind.CHILD).exists()
