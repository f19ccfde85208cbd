"""Every way in locks out the same way: the sign-in, the two-factor step, the set-password link
and (where it is switched on) the Django admin. Two limits: five failures for one e-mail address
from one place lock that address there; fifty failures from one place, whatever the addresses,
lock that place. Once locked, a right and a wrong answer get the same reply, so the lock cannot
be used to test passwords. Behind a reverse proxy the client's address is taken from
``X-Forwarded-For`` only when the proxy is one we trust."""

import html
import importlib
import re
import runpy
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIRequest
from django.test import Client, RequestFactory, override_settings
from django.urls import clear_url_caches
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django import Settings

from reviewdesk.accounts import actions
from reviewdesk.accounts.models import User
from reviewdesk.audit.context import for_request
from reviewdesk.audit.models import AuditEvent
from reviewdesk.audit.services import record
from reviewdesk.testing import ClientResponse

PASSWORD = "a-long-test-password"  # what conftest gives every named person
NEW_PASSWORD = "Correct-Horse-Battery-2026"
SETTINGS_FILE = Path(django_settings.BASE_DIR) / "reviewdesk" / "settings.py"
OFFICE, ELSEWHERE, PROXY = "198.51.100.7", "192.0.2.44", "10.0.0.5"


@pytest.fixture(autouse=True)
def two_factor_optional(settings: Settings) -> None:
    """As in the demo, unless a test says otherwise (an environment variable must not decide)."""
    settings.TWO_FACTOR_REQUIRED = False
    settings.TRUSTED_PROXIES = []


def page_text(response: ClientResponse) -> str:
    return html.unescape(response.content.decode())


def answer(response: ClientResponse) -> tuple:
    """What a person (or a script) can tell from a reply: its status, where it sends them, and
    the words of the page (without the per-response nonce and form token)."""
    main = re.search(r"<main.*?</main>", page_text(response), re.S)
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main.group(0))) if main else ""
    return response.status_code, response.get("Location"), words.strip()


def signed_in_as(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra: str) -> ClientResponse:
    return client.post("/sign-in/", {"username": email, "password": password}, **extra)


def current_token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wrong_token(device: TOTPDevice) -> str:
    valid = {f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits,
                     drift=d):06d}" for d in (-2, -1, 0, 1, 2)}
    return next(t for t in ("123456", "654321", "111111") if t not in valid)


def lock(client: Client, email: str, **extra: str) -> None:
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, email, "not-the-password", **extra)


def settings_module(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict:
    """The real settings module as it turns out with exactly these variables set."""
    for name in ("REVIEW_DESK_ENV", "ADMIN_ENABLED", "DEBUG", "TRUSTED_PROXIES",
                 "SIGN_IN_IP_LIMIT", "SIGN_IN_IP_WINDOW_MINUTES", "AXES_FAILURE_LIMIT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def _reload_urls() -> None:
    import reviewdesk.urls

    importlib.reload(reviewdesk.urls)
    clear_url_caches()


@pytest.fixture
def admin_enabled() -> Iterator[None]:
    with override_settings(ADMIN_ENABLED=True):
        _reload_urls()
        yield
    _reload_urls()


@pytest.fixture
def admin_disabled() -> Iterator[None]:
    with override_settings(ADMIN_ENABLED=False):
        _reload_urls()
        yield
    _reload_urls()


# --- The Django admin ------------------------------------------------------------------------


def test_the_admin_is_off_in_the_demo_unless_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    assert settings_module(monkeypatch)["ADMIN_ENABLED"] is False
    assert settings_module(monkeypatch, ADMIN_ENABLED="1")["ADMIN_ENABLED"] is True


def test_production_has_no_admin_even_if_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    production = {"REVIEW_DESK_ENV": "production", "SECRET_KEY": "x" * 60,
                  "AUDIT_KEYS": "k1:" + "a" * 40}
    assert settings_module(monkeypatch, **production)["ADMIN_ENABLED"] is False
    with pytest.raises(ImproperlyConfigured, match="ADMIN_ENABLED"):
        settings_module(monkeypatch, ADMIN_ENABLED="1", **production)


def test_without_the_setting_every_admin_address_is_not_found(admin_disabled, client_for,
                                                              practitioner):
    for client in (client_for(None), client_for(practitioner)):
        for url in ("/django-admin/", "/django-admin/login/", "/django-admin/accounts/user/"):
            assert client.get(url).status_code == 404, url
        assert client.post("/django-admin/login/", {"username": practitioner.email,
                                                    "password": PASSWORD}).status_code == 404


def test_the_admins_sign_in_is_the_apps_sign_in(admin_enabled, client_for, practitioner):
    client = client_for(None)
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == "/sign-in/?next=/django-admin/"
    # Posting a password to the admin's own form signs no one in: it only sends them on.
    posted = client.post("/django-admin/login/", {"username": practitioner.email,
                                                  "password": PASSWORD})
    assert posted.status_code == 302
    assert posted["Location"].startswith("/sign-in/")
    assert signed_in_as(client) is None


def test_a_locked_account_gets_the_same_answer_from_the_admin_for_right_and_wrong_passwords(
        admin_enabled, client_for, practitioner):
    client = client_for(None)

    def right_and_wrong() -> tuple:
        return tuple(answer(client.post("/django-admin/login/", {
            "username": practitioner.email, "password": password}))
            for password in (PASSWORD, "not-the-password"))

    for _ in range(django_settings.AXES_FAILURE_LIMIT):  # wrong passwords through the admin
        client.post("/django-admin/login/", {"username": practitioner.email,
                                             "password": "not-the-password"})
    right, wrong = right_and_wrong()
    assert right == wrong
    lock(client, practitioner.email)  # and through the sign-in
    right, wrong = right_and_wrong()
    assert right == wrong
    assert signed_in_as(client) is None
    # …and followed to the app's sign-in, the lock answers both the same too.
    right, wrong = (sign_in(client, practitioner.email, password)
                    for password in (PASSWORD, "not-the-password"))
    assert right.status_code == 429
    assert answer(right) == answer(wrong)


def test_failures_through_the_admin_count_against_the_person(admin_enabled, client_for,
                                                             practitioner):
    client = client_for(None)
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post("/django-admin/login/", {"username": practitioner.email,
                                             "password": "not-the-password"})
        sign_in(client, practitioner.email, "not-the-password")
    assert AccessAttempt.objects.filter(username=None).count() == 0
    assert sign_in(client, practitioner.email).status_code == 429


def test_staff_reach_the_admin_after_the_apps_sign_in_and_two_factor(admin_enabled, client_for,
                                                                     practitioner):
    practitioner.is_staff = True
    practitioner.save()
    device = TOTPDevice.objects.create(user=practitioner, name="Phone", confirmed=True)
    client = client_for(None)
    signed = client.post("/sign-in/?next=/django-admin/", {"username": practitioner.email,
                                                           "password": PASSWORD})
    assert signed["Location"] == "/two-factor/verify/?next=/django-admin/"
    assert client.get("/django-admin/").status_code == 302  # the code first
    verified = client.post(signed["Location"], {"token": current_token(device)})
    assert verified["Location"] == "/django-admin/"
    assert client.get("/django-admin/").status_code == 200


def test_someone_signed_in_who_is_not_staff_finds_no_admin(admin_enabled, client_for,
                                                           practitioner):
    response = client_for(practitioner).get("/django-admin/", follow=True)
    assert response.status_code == 404


def test_signing_out_of_the_admin_is_the_apps_sign_out(admin_enabled, client_for, practitioner):
    practitioner.is_staff = True
    practitioner.save()
    client = client_for(practitioner)
    response = client.post("/django-admin/logout/")
    assert response["Location"] == "/sign-in/"
    assert signed_in_as(client) is None
    assert AuditEvent.objects.filter(event_type="person.signed_out", actor=practitioner).exists()


# --- The sign-in and the two-factor step ------------------------------------------------------


def test_a_locked_account_gets_the_same_answer_for_right_and_wrong_passwords(
        client_for, practitioner):
    lock(client_for(None), practitioner.email)
    client = client_for(None)
    right, wrong = sign_in(client, practitioner.email), sign_in(client, practitioner.email, "no")
    assert right.status_code == 429
    assert answer(right) == answer(wrong)
    assert "Sign-in locked" in page_text(right)
    assert signed_in_as(client) is None


def test_wrong_two_factor_codes_count_towards_the_lockout(client_for, practitioner):
    device = TOTPDevice.objects.create(user=practitioner, name="Phone", confirmed=True)
    client = client_for(None)
    sign_in(client, practitioner.email)
    limit = django_settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        device.throttle_reset()
        assert client.post("/two-factor/verify/?next=/",
                           {"token": wrong_token(device)}).status_code == 200
    device.throttle_reset()
    locked = client.post("/two-factor/verify/?next=/", {"token": wrong_token(device)})
    assert locked.status_code == 429
    assert "Sign-in locked" in page_text(locked)
    # The half-finished sign-in is over: they start again once the lock has passed.
    assert signed_in_as(client) is None
    assert sign_in(client_for(None), practitioner.email).status_code == 429


def test_a_locked_account_gets_the_same_answer_for_right_and_wrong_codes(client_for,
                                                                         practitioner):
    device = TOTPDevice.objects.create(user=practitioner, name="Phone", confirmed=True)
    right_client, wrong_client = client_for(None), client_for(None)
    sign_in(right_client, practitioner.email)
    sign_in(wrong_client, practitioner.email)
    lock(client_for(None), practitioner.email)  # meanwhile, from the same place
    right = right_client.post("/two-factor/verify/?next=/", {"token": current_token(device)})
    wrong = wrong_client.post("/two-factor/verify/?next=/", {"token": wrong_token(device)})
    assert right.status_code == 429
    assert answer(right) == answer(wrong)
    assert signed_in_as(right_client) is None


def test_the_password_alone_does_not_clear_wrong_codes(client_for, practitioner):
    """Someone who has the password cannot sign in again to get more tries at the code."""
    device = TOTPDevice.objects.create(user=practitioner, name="Phone", confirmed=True)
    limit = django_settings.AXES_FAILURE_LIMIT
    client = client_for(None)
    for _ in range(limit - 1):
        sign_in(client, practitioner.email)
        device.throttle_reset()
        client.post("/two-factor/verify/?next=/", {"token": wrong_token(device)})
        client.post("/sign-out/")
    sign_in(client, practitioner.email)
    device.throttle_reset()
    assert client.post("/two-factor/verify/?next=/",
                       {"token": wrong_token(device)}).status_code == 429


def test_a_complete_sign_in_clears_the_count(client_for, practitioner):
    device = TOTPDevice.objects.create(user=practitioner, name="Phone", confirmed=True)
    client = client_for(None)
    sign_in(client, practitioner.email, "not-the-password")
    sign_in(client, practitioner.email)
    assert AccessAttempt.objects.filter(username=practitioner.email).exists()
    client.post("/two-factor/verify/?next=/", {"token": current_token(device)})
    assert not AccessAttempt.objects.filter(username=practitioner.email).exists()


def test_the_set_password_link_is_refused_the_same_way_while_locked(
        partnership, business_manager, practitioner, client_for,
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.reset_access(practitioner, by=business_manager)
    link = re.search(r"(/set-password/[^/\s]+/[^/\s]+/)", mail.outbox[0].body).group(1)
    lock(client_for(None), practitioner.email)
    bad_link = link.rsplit("/", 2)[0] + "/not-the-token/"
    client = client_for(None)
    right = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    wrong = client.post(bad_link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert right.status_code == 429
    assert answer(right) == answer(wrong)
    assert signed_in_as(client) is None
    # From anywhere else the link works as ever.
    assert client_for(None).post(link, {"new_password1": NEW_PASSWORD,
                                        "new_password2": NEW_PASSWORD},
                                 REMOTE_ADDR=ELSEWHERE).status_code == 302


# --- One address trying many accounts (password spraying) ----------------------------------------


def spray(client: Client, count: int, **extra: str) -> None:
    for n in range(count):
        sign_in(client, f"someone.{n}@example.test", "Summer2026!", **extra)


def test_fifty_failures_across_accounts_lock_the_address_and_forty_nine_do_not(
        client_for, practitioner, partner):
    assert django_settings.SIGN_IN_IP_LIMIT == 50
    client = client_for(None)
    spray(client, 49)
    assert sign_in(client, practitioner.email).status_code == 302
    client.post("/sign-out/")
    spray(client, 1)
    right, wrong = sign_in(client, partner.email), sign_in(client, partner.email, "no")
    assert right.status_code == 429
    assert answer(right) == answer(wrong)
    # Another address is not affected.
    elsewhere = client_for(None)
    assert sign_in(elsewhere, partner.email, REMOTE_ADDR=ELSEWHERE).status_code == 302


def test_the_address_limit_counts_the_last_fifteen_minutes_only(client_for, practitioner,
                                                                time_machine):
    assert django_settings.SIGN_IN_IP_WINDOW_MINUTES == 15
    client = client_for(None)
    spray(client, 49)
    time_machine.shift(timedelta(minutes=16))
    spray(client, 1)
    assert sign_in(client, practitioner.email).status_code == 302


def test_the_address_limit_and_its_window_are_settings(settings, client_for, practitioner,
                                                       time_machine):
    settings.SIGN_IN_IP_LIMIT, settings.SIGN_IN_IP_WINDOW_MINUTES = 3, 60
    client = client_for(None)
    spray(client, 2)
    time_machine.shift(timedelta(minutes=45))
    spray(client, 1)
    assert sign_in(client, practitioner.email).status_code == 429


def test_the_address_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    real = settings_module(monkeypatch)
    assert (real["SIGN_IN_IP_LIMIT"], real["SIGN_IN_IP_WINDOW_MINUTES"]) == (50, 15)
    chosen = settings_module(monkeypatch, SIGN_IN_IP_LIMIT="200", SIGN_IN_IP_WINDOW_MINUTES="5")
    assert (chosen["SIGN_IN_IP_LIMIT"], chosen["SIGN_IN_IP_WINDOW_MINUTES"]) == (200, 5)
    for bad in ("0", "fifty", "-3"):
        with pytest.raises(ImproperlyConfigured, match="SIGN_IN_IP_LIMIT must be a whole number"):
            settings_module(monkeypatch, SIGN_IN_IP_LIMIT=bad)


def test_wrong_codes_count_towards_the_address_limit(settings, client_for, practitioner,
                                                     partner):
    settings.SIGN_IN_IP_LIMIT = 3
    device = TOTPDevice.objects.create(user=practitioner, name="Phone", confirmed=True)
    client = client_for(None)
    spray(client, 2)
    sign_in(client, practitioner.email)
    device.throttle_reset()
    assert client.post("/two-factor/verify/?next=/",
                       {"token": wrong_token(device)}).status_code == 429
    assert sign_in(client_for(None), partner.email).status_code == 429


# --- Behind a reverse proxy ----------------------------------------------------------------------


def client_ip(request: pytest.FixtureRequest) -> str | None:
    from reviewdesk.client_address import client_ip as the_one_function

    return the_one_function(request)


def request_from(peer: str, forwarded: str | None = None) -> WSGIRequest:
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings: Settings) -> None:
    assert client_ip(request_from(OFFICE, f"{ELSEWHERE}")) == OFFICE
    assert client_ip(request_from(PROXY, f"{ELSEWHERE}")) == PROXY


def test_from_a_trusted_proxy_the_nearest_untrusted_address_is_the_client(settings: Settings) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "172.16.0.1"]
    # Whatever the client wrote on the left is theirs to invent; only what our proxies added counts.
    assert client_ip(request_from(PROXY, f"{ELSEWHERE}, {OFFICE}")) == OFFICE
    assert client_ip(request_from(PROXY, f"{OFFICE}, 172.16.0.1")) == OFFICE
    assert client_ip(request_from("172.16.0.1", f"{OFFICE},10.1.2.3")) == OFFICE
    # A peer that is not ours cannot claim an address.
    assert client_ip(request_from(ELSEWHERE, OFFICE)) == ELSEWHERE
    # Nothing usable forwarded: the proxy's own address, never an invented one.
    assert client_ip(request_from(PROXY)) == PROXY
    assert client_ip(request_from(PROXY, "not-an-address")) == PROXY
    assert client_ip(request_from(PROXY, "10.0.0.9")) == "10.0.0.9"


def test_trusted_proxies_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert settings_module(monkeypatch)["TRUSTED_PROXIES"] == []
    chosen = settings_module(monkeypatch, TRUSTED_PROXIES="10.0.0.0/8, 2001:db8::1")
    assert chosen["TRUSTED_PROXIES"] == ["10.0.0.0/8", "2001:db8::1"]
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES.*proxy.example"):
        settings_module(monkeypatch, TRUSTED_PROXIES="10.0.0.1,proxy.example")


def test_a_forged_forwarded_header_cannot_lock_someone_else_out(client_for, practitioner):
    attacker = client_for(None)
    lock(attacker, practitioner.email, REMOTE_ADDR=ELSEWHERE, HTTP_X_FORWARDED_FOR=OFFICE)
    assert sign_in(client_for(None), practitioner.email, REMOTE_ADDR=OFFICE).status_code == 302


def test_behind_a_trusted_proxy_one_person_cannot_lock_out_everyone_else(settings, client_for,
                                                                         practitioner):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    lock(client_for(None), practitioner.email, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE)
    assert sign_in(client_for(None), practitioner.email, REMOTE_ADDR=PROXY,
                   HTTP_X_FORWARDED_FOR=ELSEWHERE).status_code == 429
    assert sign_in(client_for(None), practitioner.email, REMOTE_ADDR=PROXY,
                   HTTP_X_FORWARDED_FOR=OFFICE).status_code == 302


def test_the_audit_trail_records_the_same_client_address(settings: Settings, practitioner: User) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    with for_request(request_from(PROXY, f"{ELSEWHERE}, {OFFICE}")):
        event = record("person.signed_in", actor=practitioner, summary="Signed in")
    assert event.ip_address == OFFICE
    with for_request(request_from(ELSEWHERE, OFFICE)):
        event = record("person.signed_in", actor=practitioner, summary="Signed in")
    assert event.ip_address == ELSEWHERE


# --- Every way in is one of these --------------------------------------------------------------

# Each place in the app that signs someone in, and the test above that locks it out. A new one
# (another login view, an API token exchange…) fails here until it goes through lockout.py and
# has a test of its own: the admin's own sign-in was such a way in, and nobody counted it.
WAYS_IN = {
    ("accounts/forms.py", "SignInForm.clean", "authenticate"):
        "test_a_locked_account_gets_the_same_answer_for_right_and_wrong_passwords",
    ("accounts/views.py", "sign_in", "login"):
        "test_a_locked_account_gets_the_same_answer_for_right_and_wrong_passwords",
    ("accounts/views.py", "two_factor_verify", "otp_login"):
        "test_a_locked_account_gets_the_same_answer_for_right_and_wrong_codes",
    ("accounts/views.py", "set_password", "login"):
        "test_the_set_password_link_is_refused_the_same_way_while_locked",
    # Confirms a new device for someone already signed in with the password (not a way in: it
    # refuses anyone who has a confirmed device and has not entered its code).
    ("accounts/views.py", "two_factor_setup", "otp_login"):
        "test_the_password_alone_cannot_enrol_a_new_device_in_place_of_the_code",
    # Confirm it's you, before a bulk export of identities: the password again, counted too.
    ("accounts/reauth.py", "ConfirmIdentityForm.clean", "authenticate"):
        "test_a_wrong_password_is_refused_audited_and_counts_towards_the_lockout",
}
SIGN_IN_FUNCTIONS = {"authenticate", "login", "otp_login", "aauthenticate", "alogin"}


def _calls_that_sign_in() -> set[tuple[str, str, str]]:
    import ast

    root = Path(django_settings.BASE_DIR) / "reviewdesk"
    found = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())

        def visit(node: ast.AST, scope: list[str], path: Path = path) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                    visit(child, [*scope, child.name])
                    continue
                if isinstance(child, ast.Call):
                    name = getattr(child.func, "id", None) or getattr(child.func, "attr", None)
                    if name in SIGN_IN_FUNCTIONS:
                        found.add((str(path.relative_to(root)), ".".join(scope), name))
                visit(child, scope)

        visit(tree, [])
    return found


def test_every_way_of_signing_in_is_locked_out_and_tested():
    assert _calls_that_sign_in() == set(WAYS_IN)
    names = {name for name, value in globals().items() if name.startswith("test_")}
    from reviewdesk.accounts.tests import test_people, test_reauthentication

    for module in (test_people, test_reauthentication):
        names |= {name for name in dir(module) if name.startswith("test_")}
    assert set(WAYS_IN.values()) <= names


def _url_callbacks(patterns: list, prefix: str = "") -> list[tuple[str, object]]:
    from django.urls import URLPattern, URLResolver

    out = []
    for p in patterns:
        if isinstance(p, URLResolver):
            out += _url_callbacks(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            out.append((prefix + str(p.pattern), p.callback))
    return out


def test_no_address_signs_in_with_a_form_of_djangos_own(admin_enabled):
    """Django's own sign-in views (the admin's, ``LoginView``) read ``username``, which the
    lockout does not; with the admin switched on, none of them may be served."""
    from django.urls import get_resolver

    served = [(route, f"{callback.__module__}.{callback.__qualname__}")
              for route, callback in _url_callbacks(get_resolver().url_patterns)]
    assert ("django-admin/login/", "reviewdesk.accounts.admin_site.AdminSite.login") in served
    djangos = [(route, name) for route, name in served
               if name.startswith("django.") and "login" in name.lower()]
    assert djangos == []
