from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm

from reviewdesk.accounts.models import Agency, PartnerFor, PartnershipRole, User
from reviewdesk.versioning import VersionedForm


class SignInForm(AuthenticationForm):
    # The limit is declared here, not only set by AuthenticationForm after the field is made
    # (which checks nothing): a longer address would reach django-axes' 255-character record
    # of the failed attempt, a database error on PostgreSQL.
    username = forms.EmailField(label="E-mail address", max_length=254)
    password = forms.CharField(label="Password", strip=False, widget=forms.PasswordInput)

    error_messages = {
        "invalid_login": "Enter a correct e-mail address and password. The password is "
                         "case-sensitive.",
        "inactive": "This sign-in has been deactivated. Ask your partnership's business unit.",
    }

    def clean_username(self) -> str:
        # Addresses are stored in lower case (see UserManager); people type them as they like.
        return self.cleaned_data["username"].strip().lower()

    def clean(self) -> dict:
        # Authenticate with the user model's own field name, ``email``: django-axes reads the
        # address from that key, and with Django's ``username`` key it recorded every failure
        # against no one, so the lockout never stopped the right password.
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password:
            self.user_cache = authenticate(self.request, email=email, password=password)
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class SetPasswordForm(forms.Form):
    new_password1 = forms.CharField(label="New password", strip=False, widget=forms.PasswordInput,
                                    help_text="At least 12 characters; not a common password.")
    new_password2 = forms.CharField(label="Confirm the new password", strip=False,
                                    widget=forms.PasswordInput)

    def __init__(self, user: User, *args: Any, **kwargs: Any):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_password2(self) -> str:
        p1 = self.cleaned_data.get("new_password1")
        p2 = self.cleaned_data.get("new_password2")
        if p1 and p2 and p1 != p2:
            raise forms.ValidationError("The two passwords do not match: type the same one twice.")
        password_validation.validate_password(p2, self.user)
        return p2


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app", max_length=8,
        help_text="The 6-digit code the app shows now.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class InviteForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(max_length=254, label="E-mail address")
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), required=False,
                                    empty_label="No agency", label="Agency")
    role = forms.ChoiceField(
        label="Partnership role",
        choices=[("", "None: takes part only in particular reviews"), *PartnershipRole.choices],
        required=False,
        help_text="Lead reviewers, agency authors and practitioners need no partnership role: "
                  "add them to a review's team instead.",
    )
    partner_for = forms.ChoiceField(
        label="Safeguarding partner for", choices=[("", "Not a safeguarding partner"),
                                                    *PartnerFor.choices],
        required=False,
    )

    def __init__(self, partnership_id: int, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.for_new_work(partnership_id)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("role") == PartnershipRole.SAFEGUARDING_PARTNER and not data.get("partner_for"):
            self.add_error("partner_for", "Choose which of the three safeguarding partners this "
                                          "person represents.")
        return data


class DeactivateForm(forms.Form):
    reason = forms.CharField(label="Why is their access ending?", widget=forms.Textarea,
                             help_text="For example: left the agency on 31 March.",
                             error_messages={"required": "Say why, for example 'Left the agency "
                                                         "in March'."})


class AgencyForm(VersionedForm, forms.Form):
    name = forms.CharField(label="Name", max_length=200,
                           help_text="Its full name, as it is written in reports.",
                           error_messages={"required": "Enter the agency's name."})
    short_name = forms.CharField(label="Short name (optional)", max_length=40, required=False,
                                 help_text="What people call it, for example KCSC or NWAS.")
    kind = forms.ChoiceField(label="Kind of agency", choices=[("", "Choose a kind"),
                                                               *Agency.Kind.choices],
                             error_messages={"required": "Choose the kind of agency."})
    email = forms.EmailField(max_length=254,
        label="Contact address for notices (optional)", required=False,
        help_text="The agency's safeguarding inbox: commissioning notices go here.",
        error_messages={"invalid": "Enter the e-mail address in the right format, like "
                                   "safeguarding@agency.example"})
    subgroup_representative = forms.ModelChoiceField(
        label="CSPR subgroup representative (optional)", queryset=User.objects.none(),
        required=False, empty_label="No one named",
        help_text="Told when the agency's rapid review summary is late. Not in the list? Invite "
                  "them first from People.")
    staff_support = forms.CharField(
        label="Support for staff (optional)", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The counselling or support service the agency's staff can use: its name, "
                  "phone number and web address.")
    is_active = forms.BooleanField(
        label="Active: offered when new work is set up", required=False, initial=True,
        help_text="An inactive agency stays on the records it is on.")

    def __init__(self, partnership_id: int, *args: Any, with_active: bool = True,
                 agency: Agency | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["subgroup_representative"].queryset = User.objects.filter(
            partnership_id=partnership_id, is_active=True).select_related("agency")
        self.fields["subgroup_representative"].label_from_instance = (
            lambda u: f"{u.display_name} – {u.agency or u.role_label}")
        if not with_active:
            del self.fields["is_active"]
        if agency is not None:
            self.add_version(agency)


class MergeAgenciesForm(forms.Form):
    duplicate = forms.ModelChoiceField(
        label="The agency recorded twice", queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        help_text="Its records move to the agency you keep; it is then made inactive, and its "
                  "names are kept as other names of the agency you keep.",
        error_messages={"required": "Choose the agency that was recorded twice."})
    keep = forms.ModelChoiceField(
        label="The agency to keep", queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency to keep.",
                        "invalid_choice": "Choose an active agency to keep."})

    def __init__(self, partnership_id: int, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        mine = Agency.objects.filter(partnership_id=partnership_id)
        self.fields["duplicate"].queryset = mine
        self.fields["duplicate"].label_from_instance = (
            lambda a: a.name + ("" if a.is_active else " (inactive)"))
        self.fields["keep"].queryset = mine.filter(is_active=True)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("duplicate") and data.get("keep") and data["duplicate"] == data["keep"]:
            self.add_error("keep", "Choose a different agency to keep: an agency cannot be "
                                   "merged into itself.")
        return data
