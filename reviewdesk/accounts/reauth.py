"""Confirm it's you: the password again (and the two-factor code, for those who set it up)
before a bulk export of real identities — the personalised chronology, the register file, a
draft's original (docs/decisions/0024) — and before publishing a report on the website.

A signed-in session left open on a shared computer must not be enough to carry off a whole
case. A confirmation lasts ``REAUTH_MINUTES`` for that session. Wrong passwords here go through
the same ``authenticate()`` as sign-in, so django-axes counts them towards the same lockout.
"""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from reviewdesk.accounts.views import return_to
from reviewdesk.audit.services import record

REAUTH_MINUTES = 10
SESSION_KEY = "reauthenticated_at"


def is_reauthenticated(request: HttpRequest) -> bool:
    confirmed_at = request.session.get(SESSION_KEY)
    if not isinstance(confirmed_at, int | float):
        return False
    age = timezone.now().timestamp() - confirmed_at
    return 0 <= age <= REAUTH_MINUTES * 60


def confirm_url(next_url: str) -> str:
    return reverse("accounts:confirm_identity") + "?" + urlencode({"next": next_url})


DOWNLOAD_MESSAGE = "This download holds real names. Confirm it's you"


def reauthentication_needed(request: HttpRequest, next_url: str, *, again: bool = False,
                            message: str = DOWNLOAD_MESSAGE) -> HttpResponse | None:
    """None if this session confirmed it's them in the last few minutes; otherwise the redirect
    to confirm it, coming back to ``next_url`` (the download's own address for a GET; for a
    posted export, the page it was asked for on: ``again`` says to ask for it again there).
    ``message`` says why, ending before the comma ("… Confirm it's you"): by default, that the
    download holds real names; publishing says what it does instead.

    Call it after the person's access is checked, so an outsider still gets 404, not this."""
    if is_reauthenticated(request):
        return None
    messages.info(request, message + (", then ask for it again." if again else " to continue."))
    return redirect(confirm_url(next_url))


class ConfirmIdentityForm(forms.Form):
    password = forms.CharField(label="Password", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "current-password"}))
    token = forms.CharField(
        label="Code from your authenticator app", max_length=8, required=False,
        help_text="The 6-digit code the app shows now.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.request = request
        self.devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
        if self.devices:
            self.fields["token"].required = True
        else:
            del self.fields["token"]

    def clean(self) -> dict:
        data = super().clean()
        password = data.get("password")
        if not password:
            return data
        user = self.request.user
        # The same path as sign-in, with the request: a wrong password counts towards the lockout.
        if authenticate(self.request, email=user.email, password=password) != user:
            raise forms.ValidationError("Your password is not right.", code="password")
        token = (data.get("token") or "").strip()
        if self.devices and token and not any(d.verify_token(token) for d in self.devices):
            self.add_error("token", "That code is not right: enter the 6-digit code your app "
                                    "shows now.")
        return data


def confirm_identity(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    next_url = return_to(request) or reverse("reviews:home")
    form = ConfirmIdentityForm(request, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            request.session[SESSION_KEY] = timezone.now().timestamp()
            record("person.reauthenticated",
                   summary="Confirmed it was them before an export or publishing", data={"next": next_url})
            return redirect(next_url)
        record("person.reauthentication_failed",
               summary="Could not confirm it was them before an export or publishing")
    return render(request, "accounts/confirm_identity.html", {
        "title": "Confirm it's you", "form": form, "next": next_url,
        "minutes": REAUTH_MINUTES})
