"""Getting people in and out: invitations, set-password links, resets, leavers, two-factor and
lockout. Only the business manager manages people, and every change is audited."""

import html
import importlib
import re
from collections.abc import Callable

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core import mail
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from reviewdesk.accounts import actions
from reviewdesk.accounts.models import Agency, Partnership, PartnershipRole, User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.testing import ClientFor, ClientResponse

PASSWORD = "a-long-test-password"  # what conftest gives every named person
NEW_PASSWORD = "Correct-Horse-Battery-2026"


@pytest.fixture(autouse=True)
def two_factor_optional(settings: Settings) -> None:
    """As in the demo, unless a test says otherwise (an environment variable must not decide)."""
    settings.TWO_FACTOR_REQUIRED = False


def page_text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://[^/\s]+(/set-password/[^/\s]+/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def events(event_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type).order_by("seq"))


def signed_in_as(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra: str) -> ClientResponse:
    return client.post("/sign-in/", {"username": email, "password": password}, **extra)


def current_token(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits,
                   drift=drift):0{device.digits}d}"


def wrong_token(device: TOTPDevice) -> str:
    valid = {current_token(device, d) for d in (-2, -1, 0, 1, 2)}
    return next(t for t in ("123456", "654321", "111111") if t not in valid)


@pytest.fixture
def invite(business_manager: User, agencies: dict[str, Agency], client_for: ClientFor,
           django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
           ) -> Callable[..., ClientResponse]:
    """The business manager fills in the invitation form; e-mails are sent on commit."""

    def send(**changes: object) -> ClientResponse:
        data = {"full_name": "Nina Newcombe", "email": "Nina.Newcombe@Example.test",
                "job_title": "Social Worker", "agency": agencies["social_care"].pk, "role": "",
                "partner_for": ""}
        data.update(changes)
        with django_capture_on_commit_callbacks(execute=True):
            return client_for(business_manager).post("/people/invite/", data)

    return send


# --- Invitations and set-password links ------------------------------------------------------


def test_the_business_manager_invites_a_person_who_gets_a_link_by_email(
        invite, business_manager, agencies):
    response = invite()

    nina = User.objects.get(email="nina.newcombe@example.test")
    assert response.status_code == 302
    assert response["Location"] == f"/people/{nina.pk}/"
    assert (nina.full_name, nina.job_title, nina.agency) == (
        "Nina Newcombe", "Social Worker", agencies["social_care"])
    assert nina.partnership == business_manager.partnership
    assert not nina.has_usable_password()
    assert nina.invited_at is not None
    assert nina.is_active

    [message] = mail.outbox
    assert message.to == ["nina.newcombe@example.test"]
    assert message.subject == "You have been invited to Review Desk"
    assert "Testshire Safeguarding Children Partnership has invited you" in message.body
    assert link_in(message).startswith("/set-password/")

    [event] = events("person.invited")
    assert (event.actor, event.data["person"]) == (business_manager, nina.pk)
    assert "Nina" not in event.summary  # names stay out of summaries


def test_the_invitation_link_starts_with_the_site_url(invite, settings):
    settings.SITE_URL = "https://reviews.kirkvale.example"
    invite()
    assert re.search(r"^https://reviews\.kirkvale\.example/set-password/\S+/\S+/$",
                     mail.outbox[0].body, re.M)


def test_the_invite_page_says_two_factor_follows_only_when_it_is_required(
        business_manager, client_for, settings):
    page = page_text(client_for(business_manager).get("/people/invite/"))
    assert "a link to choose a password." in page
    settings.TWO_FACTOR_REQUIRED = True
    client = client_for(business_manager)
    device = TOTPDevice.objects.create(user=business_manager, name="App", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # signed in with a code
    session.save()
    page = page_text(client.get("/people/invite/"))
    assert "a link to choose a password and set up two-factor sign-in." in page


def test_an_email_address_already_in_use_cannot_be_invited_again(invite, practitioner):
    response = invite(email="PRACTITIONER@example.test")
    assert response.status_code == 200
    assert "Someone with this e-mail address already has a sign-in" in page_text(response)
    assert User.objects.filter(email__iexact="practitioner@example.test").count() == 1
    assert mail.outbox == []
    assert events("person.invited") == []


def test_a_safeguarding_partner_must_say_which_partner_they_are_for(invite):
    response = invite(role=PartnershipRole.SAFEGUARDING_PARTNER, partner_for="")
    assert response.status_code == 200
    assert "Choose which of the three safeguarding partners" in page_text(response)
    assert not User.objects.filter(email="nina.newcombe@example.test").exists()
    assert mail.outbox == []


def test_following_the_link_sets_the_password_and_signs_them_in(invite, client_for):
    invite()
    nina = User.objects.get(email="nina.newcombe@example.test")
    link = link_in(mail.outbox[0])
    client = client_for(None)

    page = client.get(link)
    assert page.status_code == 200
    assert "nina.newcombe@example.test" in page_text(page)

    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_as(client) == nina.pk
    nina.refresh_from_db()
    assert nina.check_password(NEW_PASSWORD)
    assert client.get("/").status_code == 200
    assert [e.actor for e in events("person.password_set")] == [nina]

    # The link works once.
    again = client_for(None).get(link)
    assert again.status_code == 400
    assert "This link has expired" in page_text(again)


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("short-pw", "short-pw",
         "This password is too short. It must contain at least 12 characters."),
        (NEW_PASSWORD, NEW_PASSWORD + "x",
         "The two passwords do not match: type the same one twice."),
        ("password1234", "password1234", "This password is too common."),
        ("204918273645", "204918273645", "This password is entirely numeric."),
    ],
    ids=["too short", "mismatched", "common", "numeric"],
)
def test_a_password_that_breaks_the_policy_is_refused_with_the_reason(
        invite, client_for, first, second, message):
    invite()
    link = link_in(mail.outbox[0])
    client = client_for(None)
    response = client.post(link, {"new_password1": first, "new_password2": second})
    assert response.status_code == 200
    assert message in page_text(response)
    assert signed_in_as(client) is None
    assert not User.objects.get(email="nina.newcombe@example.test").has_usable_password()
    # The link still works after a refusal.
    assert client.get(link).status_code == 200


@pytest.mark.parametrize("link", ["/set-password/MQ/not-a-token/", "/set-password/!!/x-y/",
                                  "/set-password/OTk5OTk5/abc-def/"],
                         ids=["bad token", "bad id", "nobody"])
def test_a_bad_link_shows_the_expired_page(practitioner, client_for, link):
    response = client_for(None).get(link)
    assert response.status_code == 400
    assert "This link has expired" in page_text(response)


def test_a_link_for_a_deactivated_person_shows_the_expired_page(
        invite, business_manager, client_for):
    invite()
    nina = User.objects.get(email="nina.newcombe@example.test")
    link = link_in(mail.outbox[0])
    client_for(business_manager).post(f"/people/{nina.pk}/deactivate/",
                                      {"reason": "Invited by mistake."})
    assert client_for(None).get(link).status_code == 400


# --- Resetting access ------------------------------------------------------------------------


def test_resetting_access_sends_a_new_link_and_removes_two_factor(
        business_manager, practitioner, client_for, django_capture_on_commit_callbacks):
    TOTPDevice.objects.create(user=practitioner, name="Old phone", confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(business_manager).post(f"/people/{practitioner.pk}/reset-access/")
    assert response.status_code == 302
    assert response["Location"] == f"/people/{practitioner.pk}/"
    practitioner.refresh_from_db()
    assert not practitioner.has_usable_password()
    assert not TOTPDevice.objects.filter(user=practitioner).exists()
    [message] = mail.outbox
    assert message.to == ["practitioner@example.test"]
    assert message.subject == "Your Review Desk access has been reset"
    [event] = events("person.access_reset")
    assert (event.actor, event.data["person"]) == (business_manager, practitioner.pk)

    # The old password no longer works; the new link does.
    old_password = client_for(None)
    sign_in(old_password, practitioner.email)
    assert signed_in_as(old_password) is None
    link_client = client_for(None)
    link_client.post(link_in(message), {"new_password1": NEW_PASSWORD,
                                        "new_password2": NEW_PASSWORD})
    assert signed_in_as(link_client) == practitioner.pk


def test_a_deactivated_persons_access_cannot_be_reset(
        business_manager, practitioner, client_for, django_capture_on_commit_callbacks):
    client = client_for(business_manager)
    client.post(f"/people/{practitioner.pk}/deactivate/", {"reason": "Left."})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/people/{practitioner.pk}/reset-access/", follow=True)
    assert "This person's access is deactivated: reactivate them first." in page_text(response)
    assert mail.outbox == []
    assert events("person.access_reset") == []


# --- Leavers ----------------------------------------------------------------------------------


def test_deactivating_a_leaver_needs_a_reason(business_manager, practitioner, client_for):
    client = client_for(business_manager)
    assert client.get(f"/people/{practitioner.pk}/deactivate/").status_code == 200
    for reason in ("", "   "):
        response = client.post(f"/people/{practitioner.pk}/deactivate/", {"reason": reason})
        assert response.status_code == 200
        assert "Say why, for example" in page_text(response)
    practitioner.refresh_from_db()
    assert practitioner.is_active
    assert events("person.deactivated") == []


def test_a_deactivated_person_cannot_sign_in_but_keeps_their_reviews(
        review, business_manager, practitioner, client_for):
    memberships = list(practitioner.memberships.values_list("pk", "ended_at"))
    assert memberships and all(ended is None for _, ended in memberships)
    open_session = client_for(practitioner)

    response = client_for(business_manager).post(f"/people/{practitioner.pk}/deactivate/",
                                                 {"reason": "Left the agency in March."})
    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert not practitioner.is_active
    assert practitioner.deactivated_at is not None
    [event] = events("person.deactivated")
    assert (event.actor, event.data) == (
        business_manager, {"person": practitioner.pk, "reason": "Left the agency in March."})

    # Their records stay as they were.
    assert list(practitioner.memberships.values_list("pk", "ended_at")) == memberships

    # A fresh sign-in fails with the right password, and a session already open ends.
    client = client_for(None)
    refused = sign_in(client, practitioner.email)
    assert refused.status_code == 200
    assert signed_in_as(client) is None
    assert events("person.signed_in") == []
    assert open_session.get("/").status_code == 302

    page = page_text(client_for(business_manager).get(f"/people/{practitioner.pk}/"))
    assert "Deactivated on" in page
    assert review.reference in page


def test_the_business_manager_cannot_deactivate_themselves(business_manager, client_for):
    response = client_for(business_manager).post(f"/people/{business_manager.pk}/deactivate/",
                                                 {"reason": "Testing."})
    assert response.status_code == 200
    assert "You cannot deactivate your own access" in page_text(response)
    business_manager.refresh_from_db()
    assert business_manager.is_active


def test_reactivating_a_leaver_sends_a_new_link(
        business_manager, practitioner, client_for, django_capture_on_commit_callbacks):
    client = client_for(business_manager)
    client.post(f"/people/{practitioner.pk}/deactivate/", {"reason": "Left."})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/people/{practitioner.pk}/reactivate/")
    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert practitioner.is_active
    assert practitioner.deactivated_at is None
    assert not practitioner.has_usable_password()
    [message] = mail.outbox
    assert message.to == [practitioner.email]
    assert [e.event_type for e in AuditEvent.objects.filter(
        event_type__startswith="person.").order_by("seq")] == [
        "person.deactivated", "person.reactivated", "person.access_reset"]


# --- Only the business manager manages people ---------------------------------------------------

PEOPLE_PAGES = [
    ("get", "/people/"),
    ("get", "/people/invite/"),
    ("post", "/people/invite/"),
    ("get", "/people/{pk}/"),
    ("post", "/people/{pk}/reset-access/"),
    ("get", "/people/{pk}/deactivate/"),
    ("post", "/people/{pk}/deactivate/"),
    ("post", "/people/{pk}/reactivate/"),
]


@pytest.mark.parametrize("person", ["partner", "scrutineer", "subgroup_member", "executive",
                                    "learning_lead", "lead_reviewer", "practitioner", "outsider"])
def test_nobody_but_the_business_manager_may_use_any_people_page(
        request, person, agency_author, client_for, agencies):
    client = client_for(request.getfixturevalue(person))
    data = {"full_name": "Sneaky Invite", "email": "sneaky@example.test", "reason": "Because."}
    for method, url in PEOPLE_PAGES:
        response = getattr(client, method)(url.format(pk=agency_author.pk), data)
        assert response.status_code == 403, (method, url)
    agency_author.refresh_from_db()
    assert agency_author.is_active and agency_author.has_usable_password()
    assert not User.objects.filter(email="sneaky@example.test").exists()
    assert not AuditEvent.objects.filter(event_type__startswith="person.").exists()


def test_someone_not_signed_in_is_sent_to_sign_in_from_every_people_page(
        practitioner, client_for):
    for method, url in PEOPLE_PAGES:
        response = getattr(client_for(None), method)(url.format(pk=practitioner.pk))
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith("/sign-in/?next=")


def test_a_business_manager_cannot_manage_another_partnerships_people(
        business_manager, client_for):
    elsewhere = Partnership.objects.create(name="Otherton Partnership", code="OT")
    stranger = User.objects.create_user("stranger@example.test", PASSWORD,
                                        full_name="Stella Stranger", partnership=elsewhere)
    client = client_for(business_manager)
    assert client.get(f"/people/{stranger.pk}/").status_code == 404
    assert client.post(f"/people/{stranger.pk}/deactivate/",
                       {"reason": "Not mine."}).status_code == 404
    assert "Stella Stranger" not in page_text(client.get("/people/"))
    stranger.refresh_from_db()
    assert stranger.is_active


def test_the_people_list_shows_everyone_in_the_partnership(
        business_manager, practitioner, partner, client_for):
    page = page_text(client_for(business_manager).get("/people/"))
    for person in (business_manager, practitioner, partner):
        assert person.full_name in page


# --- Signing in, two-factor and lockout ------------------------------------------------------


def test_signing_in_with_the_right_password_is_audited(practitioner, client_for):
    client = client_for(None)
    response = sign_in(client, practitioner.email)
    assert response.status_code == 302
    assert signed_in_as(client) == practitioner.pk
    assert [e.actor for e in events("person.signed_in")] == [practitioner]


def test_an_email_address_typed_with_capitals_still_signs_in(practitioner, client_for):
    client = client_for(None)
    assert sign_in(client, "  Practitioner@Example.TEST ").status_code == 302
    assert signed_in_as(client) == practitioner.pk


@pytest.mark.parametrize("target", ["+1", "home", "reviews:home", "https://evil.example/",
                                    "//evil.example/", "/reviews/../sign-out/"])
def test_a_next_that_is_not_a_page_of_the_site_goes_home(target, practitioner, client_for):
    # redirect() reads "+1" as the name of a view: it was a server error.
    home = "/"
    client = client_for(None)
    assert client.post(f"/sign-in/?next={target}", {"username": practitioner.email,
                                                    "password": PASSWORD})["Location"] == home
    assert client.get(f"/sign-in/?next={target}")["Location"] == home


def test_a_wrong_password_does_not_sign_in(practitioner, client_for):
    client = client_for(None)
    response = sign_in(client, practitioner.email, "not-the-password")
    assert response.status_code == 200
    assert "Enter a correct e-mail address and password" in page_text(response)
    assert signed_in_as(client) is None


def test_when_two_factor_is_required_a_person_without_it_must_set_it_up(
        settings, practitioner, client_for):
    settings.TWO_FACTOR_REQUIRED = True
    client = client_for(practitioner)
    for url in ("/", "/account/", f"/reviews/{'0' * 8}-0000-0000-0000-{'0' * 12}/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/two-factor/set-up/"

    page = client.get("/two-factor/set-up/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=practitioner)
    assert not device.confirmed

    refused = client.post("/two-factor/set-up/", {"token": wrong_token(device)})
    assert refused.status_code == 200
    assert "That code is not right" in page_text(refused)
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/").status_code == 302

    device.throttle_reset()  # django-otp makes them wait a moment after a wrong code
    response = client.post("/two-factor/set-up/", {"token": current_token(device)})
    assert response.status_code == 302
    assert response["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert TOTPDevice.objects.filter(user=practitioner).count() == 1
    assert client.get("/").status_code == 200
    assert [e.actor for e in events("person.two_factor_set_up")] == [practitioner]


def test_an_invited_person_sets_up_two_factor_straight_after_choosing_a_password(
        settings, partnership, business_manager, client_for, django_capture_on_commit_callbacks):
    settings.TWO_FACTOR_REQUIRED = True
    with django_capture_on_commit_callbacks(execute=True):
        nina = actions.invite_person(partnership, by=business_manager,
                                     email="nina.newcombe@example.test", full_name="Nina Newcombe")
    assert "You will then set up two-factor sign-in" in mail.outbox[0].body
    client = client_for(None)
    client.post(link_in(mail.outbox[0]), {"new_password1": NEW_PASSWORD,
                                          "new_password2": NEW_PASSWORD})
    assert signed_in_as(client) == nina.pk
    assert client.get("/")["Location"] == "/two-factor/set-up/"


def test_without_the_requirement_the_invitation_does_not_mention_two_factor(invite):
    invite()
    assert "two-factor" not in mail.outbox[0].body


def test_a_person_with_two_factor_must_enter_a_code_after_signing_in(practitioner, client_for):
    device = TOTPDevice.objects.create(user=practitioner, name="Authenticator app",
                                       confirmed=True)
    client = client_for(None)
    response = sign_in(client, practitioner.email)
    assert response.status_code == 302
    assert response["Location"] == "/two-factor/verify/?next=/"
    assert signed_in_as(client) == practitioner.pk
    # Signed in, but not yet verified: every page sends them to enter a code.
    blocked = client.get("/")
    assert blocked.status_code == 302
    assert blocked["Location"] == "/two-factor/verify/?next=/"

    wrong = client.post("/two-factor/verify/?next=/", {"token": wrong_token(device)})
    assert wrong.status_code == 200
    assert "That code is not right" in page_text(wrong)
    assert [e.actor for e in events("person.two_factor_failed")] == [practitioner]
    assert client.get("/").status_code == 302

    device.throttle_reset()  # django-otp makes them wait a moment after a wrong code
    right = client.post("/two-factor/verify/?next=/", {"token": current_token(device)})
    assert right.status_code == 302
    assert right["Location"] == "/"
    assert client.get("/").status_code == 200


def test_the_password_alone_cannot_enrol_a_new_device_in_place_of_the_code(
        practitioner, client_for):
    TOTPDevice.objects.create(user=practitioner, name="Their phone", confirmed=True)
    client = client_for(None)
    sign_in(client, practitioner.email)  # someone who has learnt the password
    for response in (client.get("/two-factor/set-up/"),
                     client.post("/two-factor/set-up/", {"token": "123456"})):
        assert response.status_code == 302
        assert response["Location"] == "/two-factor/verify/?next=/"
    assert list(TOTPDevice.objects.filter(user=practitioner).values_list("name", flat=True)) == [
        "Their phone"]
    assert client.get("/").status_code == 302
    assert events("person.two_factor_set_up") == []


def test_a_verified_person_is_told_two_factor_is_already_set_up(practitioner, client_for):
    device = TOTPDevice.objects.create(user=practitioner, name="Their phone", confirmed=True)
    client = client_for(None)
    sign_in(client, practitioner.email)
    client.post("/two-factor/verify/?next=/", {"token": current_token(device)})
    response = client.get("/two-factor/set-up/", follow=True)
    assert response.redirect_chain == [("/account/", 302)]
    assert "Two-factor sign-in is already set up." in page_text(response)
    assert TOTPDevice.objects.filter(user=practitioner).count() == 1


def test_repeated_wrong_passwords_lock_the_sign_in_even_for_the_right_password(
        practitioner, client_for):
    limit = django_settings.AXES_FAILURE_LIMIT
    assert limit >= 2
    client = client_for(None)
    for _ in range(limit - 1):
        response = sign_in(client, practitioner.email, "not-the-password")
        assert response.status_code == 200
        assert "Enter a correct e-mail address and password" in page_text(response)
    sign_in(client, practitioner.email, "not-the-password")

    locked = sign_in(client, practitioner.email)
    assert locked.status_code == 429
    assert AccessAttempt.objects.get(username=practitioner.email).failures_since_start >= limit
    assert "Sign-in locked" in page_text(locked)
    assert signed_in_as(client) is None
    assert events("person.signed_in") == []


def test_a_lockout_is_for_that_address_from_that_place_only(practitioner, client_for):
    client = client_for(None)
    for n in range(django_settings.AXES_FAILURE_LIMIT):
        # Typing the address differently does not buy more guesses.
        sign_in(client, practitioner.email.upper() if n % 2 else practitioner.email,
                "not-the-password")
    assert sign_in(client, practitioner.email).status_code == 429
    elsewhere = client_for(None)
    assert sign_in(elsewhere, practitioner.email, REMOTE_ADDR="192.0.2.44").status_code == 302
    assert signed_in_as(elsewhere) == practitioner.pk


def test_resetting_access_lifts_a_lockout(
        business_manager, practitioner, client_for, django_capture_on_commit_callbacks):
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client_for(None), practitioner.email, "not-the-password")
    assert AccessAttempt.objects.filter(username=practitioner.email).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(business_manager).post(f"/people/{practitioner.pk}/reset-access/")
    assert not AccessAttempt.objects.filter(username=practitioner.email).exists()
    client = client_for(None)
    client.post(link_in(mail.outbox[0]), {"new_password1": NEW_PASSWORD,
                                          "new_password2": NEW_PASSWORD})
    client.post("/sign-out/")
    assert sign_in(client, practitioner.email, NEW_PASSWORD).status_code == 302


def test_argon2_is_the_first_password_hasher_in_the_real_settings():
    real = importlib.import_module("reviewdesk.settings")
    assert real.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode(NEW_PASSWORD, hasher.salt())
    assert encoded.startswith("argon2$argon2id$")
    assert hasher.verify(NEW_PASSWORD, encoded)
    assert not hasher.verify("something else", encoded)


def test_the_real_password_policy_asks_for_at_least_twelve_characters():
    real = importlib.import_module("reviewdesk.settings")
    lengths = [v.get("OPTIONS", {}).get("min_length") for v in real.AUTH_PASSWORD_VALIDATORS
               if v["NAME"].endswith("MinimumLengthValidator")]
    assert lengths == [12]
