import base64
from io import BytesIO
from urllib.parse import unquote

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from reviewdesk import access
from reviewdesk.accounts import actions, lockout
from reviewdesk.accounts.forms import (
    AgencyForm,
    DeactivateForm,
    InviteForm,
    MergeAgenciesForm,
    SetPasswordForm,
    SignInForm,
    TokenForm,
)
from reviewdesk.accounts.models import Agency, User
from reviewdesk.accounts.selectors import records_of
from reviewdesk.audit.services import record
from reviewdesk.reads import audited_read
from reviewdesk.shortcuts import form_page, login_required, run_action, save_form


def _safe_next(request: HttpRequest, default: str = "reviews:home") -> str:
    # Only a path of this site: redirect() reads "+1" or "home" as the name of a view (a server
    # error), and another host or a climb out of a page is no place to send someone.
    return return_to(request) or reverse(default)


def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        login(request, user)
        record("person.signed_in", actor=user, summary="Signed in")
        if user_has_device(user):
            return redirect(f"{_url('accounts:two_factor_verify')}?next={_safe_next(request)}")
        lockout.signed_in(request, user.email)
        return redirect(_safe_next(request))
    return render(request, "accounts/sign_in.html",
                  {"form": form, "title": "Sign in", "next": request.GET.get("next", "")})


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


def locked_out(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    """The reply to every sign-in while it is locked (django-axes' AXES_LOCKOUT_CALLABLE, and the
    two-factor step and set-password link directly): one page whatever was entered, so that a
    right password and a wrong one cannot be told apart."""
    from django.conf import settings

    wait = max(int(settings.AXES_COOLOFF_TIME * 60), settings.SIGN_IN_IP_WINDOW_MINUTES)
    return render(request, "accounts/locked_out.html",
                  {"title": "Sign-in locked", "minutes": wait}, status=429)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        record("person.signed_out", summary="Signed out")
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("accounts:sign_in")


def set_password(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link in an invitation or an access reset: choose a password, then sign in."""
    try:
        user = get_user_model().objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    # Locked as the sign-in is, before the link is checked: the same reply for a good link and a
    # bad one. The link itself is not counted as a failure: it cannot be guessed.
    if lockout.is_locked(request, user.email if user is not None else None):
        return locked_out(request)
    if user is None or not user.is_active or not default_token_generator.check_token(user, token):
        return render(request, "accounts/link_expired.html",
                      {"title": "This link has expired"}, status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user.set_password(form.cleaned_data["new_password2"])
        user.save(update_fields=["password"])
        record("person.password_set", actor=user, summary="Chose a password")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        lockout.signed_in(request, user.email)
        messages.success(request, "Your password is set and you are signed in.")
        return redirect("reviews:home")
    return render(request, "accounts/set_password.html",
                  {"form": form, "title": "Choose your password", "person": user})


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        if not user.is_verified():
            # Someone with only the password must not enrol a new device in place of the code.
            return redirect(f"{_url('accounts:two_factor_verify')}?next={_url('reviews:home')}")
        messages.info(request, "Two-factor sign-in is already set up.")
        return redirect("accounts:account")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            record("person.two_factor_set_up", actor=user, summary="Set up two-factor sign-in")
            messages.success(request, "Two-factor sign-in is set up.")
            return redirect("reviews:home")
        form.add_error("token", "That code is not right: enter the 6-digit code your app shows "
                                "now.")
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    qr = "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "accounts/two_factor_setup.html",
                  {"form": form, "title": "Set up two-factor sign-in", "qr": qr, "secret": secret})


def _locked_out_of_two_factor(request: HttpRequest) -> HttpResponse:
    # The half-finished sign-in ends: once the lock has passed they start again from the password.
    logout(request)
    return locked_out(request)


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in, on the same lockout as the password: a wrong code counts as
    a failed sign-in, and while locked no code is checked, right or wrong."""
    if request.method == "POST" and lockout.is_locked(request, request.user.email):
        return _locked_out_of_two_factor(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip()
        devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
        for device in devices:
            if device.verify_token(token):
                otp_login(request, device)
                lockout.signed_in(request, request.user.email)
                return redirect(_safe_next(request))
        record("person.two_factor_failed", summary="Entered a wrong two-factor code")
        if lockout.count_failure(request, request.user.email):
            request.axes_locked_out = False  # answered here, not again by the middleware
            return _locked_out_of_two_factor(request)
        # After a wrong code django-otp makes people wait, longer each time; say so, or a right
        # code typed too soon would be called wrong.
        waits = [d.verify_is_allowed()[1] or {} for d in devices]
        if waits and min(w.get("failure_count", 0) for w in waits) >= 3:
            form.add_error("token", "Too many wrong codes in a row: wait a minute, then enter "
                                    "the code your app shows at that time.")
        else:
            form.add_error("token", "That code is not right: enter the 6-digit code your app "
                                    "shows now.")
    return render(request, "accounts/two_factor_verify.html",
                  {"form": form, "title": "Enter your two-factor code",
                   "next": request.GET.get("next", "")})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    return render(request, "accounts/account.html",
                  {"title": "Your account", "has_device": has_device})


@login_required
@audited_read
def people(request: HttpRequest) -> HttpResponse:
    access.require_partnership(access.may_manage_people(request.user), "manage people")
    everyone = (User.objects.filter(partnership_id=request.user.partnership_id)
                .select_related("agency").order_by("-is_active", "full_name"))
    return render(request, "accounts/people.html", {"title": "People", "people": everyone})


@login_required
def invite(request: HttpRequest) -> HttpResponse:
    access.require_partnership(access.may_manage_people(request.user), "invite people")
    form = InviteForm(request.user.partnership_id, request.POST or None)
    invited: list[User] = []

    def invite_them(data: dict) -> None:
        invited.append(actions.invite_person(request.user.partnership, by=request.user, **data))

    if save_form(request, form, invite_them,
                 f"Invitation sent to {form.data.get('email', '').strip().lower()}."):
        return redirect("accounts:person", invited[0].pk)
    return render(request, "accounts/invite.html", {"title": "Invite a person", "form": form,
                                                    "two_factor_required": settings.TWO_FACTOR_REQUIRED})


def _person_for(request: HttpRequest, pk: int) -> User:
    return access.get_partnership_object(request.user, User.objects.all(), pk=pk,
                                         allowed=access.may_manage_people(request.user),
                                         what="manage people")


@login_required
@audited_read
def person(request: HttpRequest, pk: int) -> HttpResponse:
    someone = _person_for(request, pk)
    memberships = someone.memberships.select_related("review").order_by("-started_on")
    return render(request, "accounts/person.html",
                  {"title": someone.display_name, "person": someone, "memberships": memberships,
                   "deactivate_form": DeactivateForm()})


@login_required
@require_POST
def reset(request: HttpRequest, pk: int) -> HttpResponse:
    someone = _person_for(request, pk)
    try:
        actions.reset_access(someone, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Access reset: a new link has been sent to {someone.email}.")
    return redirect("accounts:person", someone.pk)


@login_required
@audited_read
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    someone = _person_for(request, pk)
    form = DeactivateForm(request.POST or None)
    if save_form(request, form, lambda data: actions.deactivate_person(
            someone, by=request.user, **data),
            f"{someone.display_name} can no longer sign in."):
        return redirect("accounts:person", someone.pk)
    return render(request, "accounts/deactivate.html",
                  {"title": f"Deactivate {someone.display_name}", "form": form,
                   "person": someone})


@login_required
@require_POST
def reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    someone = _person_for(request, pk)
    try:
        actions.reactivate_person(someone, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{someone.display_name} is active again and has been sent a "
                                  "new link.")
    return redirect("accounts:person", someone.pk)


# --- Agencies (Settings → Agencies) ----------------------------------------------------------

def return_to(request: HttpRequest) -> str | None:
    """The page an "Add an agency that is not listed" link came from (its ``next``), if it is a
    page of this site: a path, not another host, with no "." or ".." segments (browsers read
    "%2e%2e" as ".." too, so ``/reviews/x/../../sign-out/`` would lead elsewhere)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    path = unquote(target.split("?", 1)[0].split("#", 1)[0])
    if (target.startswith("/") and not target.startswith("//") and "\\" not in target
            and not {".", ".."} & set(path.split("/"))
            and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure())):
        return target
    return None


def _require_agencies(request: HttpRequest) -> None:
    access.require_partnership(access.may_manage_agencies(request.user),
                               "keep the list of agencies")


def _agency_for(request: HttpRequest, pk: int) -> Agency:
    return access.get_partnership_object(request.user, Agency.objects.all(), pk=pk,
                                         allowed=access.may_manage_agencies(request.user),
                                         what="keep the list of agencies")


@login_required
@require_GET
def agencies(request: HttpRequest) -> HttpResponse:
    _require_agencies(request)
    items = (Agency.objects.filter(partnership_id=request.user.partnership_id)
             .select_related("subgroup_representative").order_by("-is_active", "name"))
    return render(request, "accounts/agencies.html", {"title": "Agencies", "agencies": items})


@login_required
@audited_read
def add_agency(request: HttpRequest) -> HttpResponse:
    _require_agencies(request)
    back = return_to(request)
    form = AgencyForm(request.user.partnership_id, request.POST or None, with_active=False)
    added: list[Agency] = []

    def add(data: dict) -> None:
        added.append(actions.add_agency(request.user.partnership, by=request.user, **data))

    if save_form(request, form, add, lambda _r: f"{added[0].name} added to the agencies."
                 + (" It is in the list below." if back else "")):
        return redirect(back or reverse("accounts:agencies"))
    return form_page(
        request, form, heading="Add an agency", button="Add the agency",
        back_url=back or reverse("accounts:agencies"),
        back_text="Back without adding" if back else "Back to the agencies",
        intro="A partner, a relevant agency, a school or a voluntary organisation that works "
              "with children and families in your area."
              + (" You then go back to the page you came from, with the agency in its list."
                 if back else ""))


@login_required
@audited_read
def change_agency(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _agency_for(request, pk)
    form = AgencyForm(request.user.partnership_id, request.POST or None, initial={
        name: getattr(agency, name) for name in actions.AGENCY_FIELDS}, agency=agency)
    if save_form(request, form, lambda data: actions.change_agency(
            agency, by=request.user, **data), f"{agency.name} saved."):
        return redirect("accounts:agencies")
    return form_page(
        request, form, heading=f"Change {agency.name}", button="Save",
        back_url=reverse("accounts:agencies"), back_text="Back to the agencies",
        template="accounts/agency_change.html",
        context={"agency": agency, "records": records_of(agency)})


@login_required
def delete_agency(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _agency_for(request, pk)
    if request.method == "POST" and run_action(
            request, lambda: actions.delete_agency(agency, by=request.user),
            f"{agency.name} deleted."):
        return redirect("accounts:agencies")
    return render(request, "accounts/agency_delete.html", {
        "title": f"Delete {agency.name}", "agency": agency, "records": records_of(agency)})


@login_required
@require_POST
def deactivate_agency(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _agency_for(request, pk)
    run_action(request, lambda: actions.deactivate_agency(agency, by=request.user),
               f"{agency.name} is inactive: it stays on its records but is not offered for new "
               "work.")
    return redirect("accounts:change_agency", agency.pk)


@login_required
def merge_agencies(request: HttpRequest) -> HttpResponse:
    """Two steps on one address: choose the two agencies, then confirm what will move."""
    _require_agencies(request)
    data = request.POST if request.method == "POST" else None
    form = MergeAgenciesForm(request.user.partnership_id, data,
                             initial={"duplicate": request.GET.get("duplicate")})
    if data is not None and form.is_valid():
        duplicate, keep = form.cleaned_data["duplicate"], form.cleaned_data["keep"]
        problems = actions.merge_problems(duplicate, keep)
        for problem in problems:
            form.add_error(None, problem)
        if not problems and request.POST.get("confirmed") == "yes":
            if save_form(request, form, lambda _d: actions.merge_agencies(
                    duplicate, keep, by=request.user),
                    f"{duplicate.name} merged into {keep.name}; {duplicate.name} is now "
                    "inactive."):
                return redirect("accounts:change_agency", keep.pk)
        elif not problems:
            return render(request, "accounts/agency_merge_confirm.html", {
                "title": f"Merge {duplicate.name} into {keep.name}", "duplicate": duplicate,
                "keep": keep, "records": records_of(duplicate)})
    return form_page(
        request, form, heading="Merge an agency recorded twice", button="Continue",
        back_url=reverse("accounts:agencies"), back_text="Back to the agencies",
        intro="Every record of the agency recorded twice moves to the one you keep. You see "
              "what will move before anything changes.")
