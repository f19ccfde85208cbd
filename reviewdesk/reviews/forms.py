from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.db.models import Q

from reviewdesk.accounts.models import Agency, PartnerFor, PartnershipRole, User
from reviewdesk.audit import events
from reviewdesk.lib.dates import DateField, effective_date_field
from reviewdesk.lib.model_choices import ModelMultipleChoiceField
from reviewdesk.reviews import register_file
from reviewdesk.reviews.actions import MAX_CHILDREN, default_child_pseudonyms
from reviewdesk.reviews.models import (
    Clock,
    IdentityEntry,
    Incident,
    IncidentChild,
    ReviewKind,
    ReviewRole,
    Stage,
)
from reviewdesk.versioning import VersionedForm


def on_behalf_of_field(by: User) -> forms.ModelChoiceField:
    """Whom ``by``, the person filling in the form, is recording it for: anyone in their
    partnership with a partnership role, except themselves (their own action needs no choice)."""
    return forms.ModelChoiceField(
        queryset=User.objects.filter(Q(partnership_id=by.partnership_id), is_active=True).exclude(
            role="").exclude(pk=by.pk),
        required=False, empty_label="Nobody: I am recording my own action",
        label="Recorded on behalf of (optional)",
        help_text="If you are typing this for someone else, such as a partner's delegate, choose "
                  "them: the record shows you both.",
    )


class IncidentForm(forms.Form):
    what_happened = forms.ChoiceField(label="What happened to the child?",
                                      choices=Incident.WhatHappened.choices,
                                      widget=forms.RadioSelect,
                                      error_messages={"required": "Say whether the child died or "
                                                      "was seriously harmed."})
    abuse_or_neglect = forms.ChoiceField(label="Is abuse or neglect known or suspected?",
                                         choices=Incident.AbuseOrNeglect.choices,
                                         widget=forms.RadioSelect,
                                         error_messages={"required": "Say whether abuse or neglect "
                                                         "is known or suspected."})
    incident_date = DateField(label="Incident date", not_in_future=True,
                              error_messages={"required": "Enter the incident date."})
    la_aware_on = DateField(label="Date the local authority became aware", not_in_future=True,
                            help_text="The statutory clocks start on this day.",
                            error_messages={"required": "Enter the date the local authority "
                                            "became aware."})
    agencies = ModelMultipleChoiceField(queryset=Agency.objects.none(), required=False,
                                              widget=forms.CheckboxSelectMultiple,
                                              label="Agencies involved")
    summary = forms.CharField(label="Summary of what happened", widget=forms.Textarea,
                              error_messages={"required": "Enter a short summary of what "
                                              "happened."})

    police_investigation = forms.BooleanField(label="A police investigation", required=False)
    inquest = forms.BooleanField(label="An inquest", required=False)

    # Each child's fields, in the order the page shows them; the first three were there first.
    CHILD_FIELDS = ["name", "pseudonym", "dob", "looked_after", "sex", "legal_status",
                    "first_language", "interpreter_needed"]

    def __init__(self, by: User, *args: Any, review: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.for_new_work(by.partnership_id)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
        self.default_pseudonyms = default_child_pseudonyms(review)
        for n in range(1, MAX_CHILDREN + 1):
            default = self.default_pseudonyms[n - 1]
            self.fields[f"child_{n}_name"] = forms.CharField(
                label=f"Child {n}: full name", required=n == 1, max_length=300,
                error_messages={"required": "Enter the name of at least one child."})
            self.fields[f"child_{n}_pseudonym"] = forms.CharField(
                label=f"Child {n}: pseudonym", required=False, max_length=100, initial=default,
                help_text=f"What everyone without identity access sees: {default} unless you "
                          "choose another, such as Child K. It must not contain their name.")
            self.fields[f"child_{n}_dob"] = DateField(label=f"Child {n}: date of birth",
                                                      required=False, not_in_future=True)
            self.fields[f"child_{n}_looked_after"] = forms.BooleanField(
                label=f"Child {n} is a looked-after child", required=False)
            self.fields[f"child_{n}_sex"] = forms.ChoiceField(
                label=f"Child {n}: sex (optional)", required=False, widget=forms.RadioSelect,
                choices=IncidentChild.Sex.choices)
            self.fields[f"child_{n}_legal_status"] = forms.ChoiceField(
                label=f"Child {n}: legal status at the time (optional)", required=False,
                widget=forms.RadioSelect, choices=IncidentChild.LegalStatus.choices)
            self.fields[f"child_{n}_first_language"] = forms.CharField(
                label=f"Child {n}: first language (optional)", required=False, max_length=100)
            self.fields[f"child_{n}_interpreter_needed"] = forms.TypedChoiceField(
                label=f"Child {n}: is an interpreter needed? (optional)", required=False,
                widget=forms.RadioSelect, choices=[("yes", "Yes"), ("no", "No")],
                coerce=lambda v: v == "yes", empty_value=None)

    def child_slots(self) -> list[dict[str, forms.BoundField]]:
        return [{name: self[f"child_{n}_{name}"] for name in self.CHILD_FIELDS}
                for n in range(1, MAX_CHILDREN + 1)]

    def _slot_used(self, data: dict[str, Any], n: int) -> bool:
        """Anything typed in a child's slot but the name (the pseudonym offered is not typed)."""
        pseudonym = " ".join((data.get(f"child_{n}_pseudonym") or "").split())
        return bool(
            data.get(f"child_{n}_dob") or data.get(f"child_{n}_looked_after")
            or data.get(f"child_{n}_sex") or data.get(f"child_{n}_legal_status")
            or (data.get(f"child_{n}_first_language") or "").strip()
            or data.get(f"child_{n}_interpreter_needed") is not None
            or (pseudonym and pseudonym != self.default_pseudonyms[n - 1]))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.data.get(f"child_{MAX_CHILDREN + 1}_name"):
            raise forms.ValidationError(
                f"An incident can name at most {MAX_CHILDREN} children. Record the others as a "
                "second incident on the same review.")
        for n in range(1, MAX_CHILDREN + 1):
            if not data.get(f"child_{n}_name") and self._slot_used(data, n):
                self.add_error(f"child_{n}_name", f"Enter child {n}'s name, or clear their other "
                                                  "answers.")
        incident, aware = data.get("incident_date"), data.get("la_aware_on")
        if incident and aware and aware < incident:
            self.add_error("la_aware_on", "The date the local authority became aware cannot be "
                                          "before the incident date.")
        for n in range(1, MAX_CHILDREN + 1):
            dob = data.get(f"child_{n}_dob")
            if dob and incident and dob > incident:
                self.add_error(f"child_{n}_dob", f"Child {n}'s date of birth cannot be after the "
                                                 "incident date.")
        return data

    def children(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {"name": data[f"child_{n}_name"].strip(), "date_of_birth": data[f"child_{n}_dob"],
             "looked_after": data[f"child_{n}_looked_after"],
             "pseudonym": data[f"child_{n}_pseudonym"], "sex": data[f"child_{n}_sex"],
             "legal_status": data[f"child_{n}_legal_status"],
             "first_language": data[f"child_{n}_first_language"],
             "interpreter_needed": data[f"child_{n}_interpreter_needed"], "slot": n}
            for n in range(1, MAX_CHILDREN + 1) if data.get(f"child_{n}_name", "").strip()
        ]


class TransitionForm(forms.Form):
    effective_on = effective_date_field()
    reason = forms.CharField(label="Reasons or notes", widget=forms.Textarea, required=False)

    def __init__(self, by: User, transition: Any, *args: Any, outstanding: bool = False,
                 **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
        if outstanding:
            # The move itself refuses without both (transitions._move): the page only asks.
            self.fields["accept_outstanding"] = forms.BooleanField(
                label="Move the review on with this work outstanding", required=False,
                help_text="The outstanding work and your reason are kept on the review's "
                          "timeline.")
            self.fields["reason"].label = "Why the review moves on with this work outstanding"
            self.order_fields(["accept_outstanding", "reason", "effective_on", "on_behalf_of"])
        if transition.reason_required:
            self.fields["reason"].required = True
            self.fields["reason"].label = "Reasons"
            self.fields["reason"].error_messages["required"] = (
                "Give the reasons: they are kept on the review.")
        if transition.kinds:
            self.fields["kind"] = forms.ChoiceField(
                label="What did the partners decide?", widget=forms.RadioSelect,
                choices=[(k, ReviewKind(k).label) for k in transition.kinds],
                error_messages={"required": "Choose the kind of review the partners decided on."})
            self.order_fields(["kind", "effective_on", "reason", "on_behalf_of"])


class UndoMoveForm(forms.Form):
    reason = forms.CharField(label="Why is the move undone?", widget=forms.Textarea,
                             error_messages={"required": "Say why the move is undone: the reason "
                                                         "is kept on the review."})
    # The move the person saw: another recorded since is never undone in its place.
    move = forms.IntegerField(widget=forms.HiddenInput, error_messages={
        "required": "There is no stage move to undo: go back to the review.",
        "invalid": "There is no stage move to undo: go back to the review."})


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(queryset=User.objects.none(), label="Person",
                                    help_text="Not in the list? Invite them first from People.")
    role = forms.ChoiceField(label="Role on this review", choices=ReviewRole.choices,
                             widget=forms.RadioSelect)
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), required=False,
                                    label="Agency they represent on this review",
                                    empty_label="Their own agency")
    role_title = forms.CharField(
        label="Role label (for staff)", required=False, max_length=100,
        help_text="What people without identity access see, e.g. Health Visitor. Numbered for you.")
    started_on = effective_date_field("Date they joined the review")
    # A subgroup member's declaration (reviews.actions.add_member), as a lead reviewer declares
    # conflicts of interest: one who cannot declare it is not added.
    no_contact = forms.ChoiceField(
        label="For a subgroup member: do they declare they have had no direct contact with, or "
              "decision-making responsibility for, the child or family?",
        required=False, widget=forms.RadioSelect,
        choices=[("yes", "Yes, they declare it"),
                 ("no", "No, they have had contact or responsibility")],
        help_text="Ask them before adding them. Someone who cannot declare it cannot be a "
                  "subgroup member on this review.")
    no_contact_note = forms.CharField(
        label="Anything they add to their declaration (optional)", required=False,
        widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, partnership_id: int, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.filter(
            partnership_id=partnership_id, is_active=True).select_related("agency")
        self.fields["person"].label_from_instance = (
            lambda u: f"{u.display_name} – {u.agency or u.role_label} ({u.email})")
        self.fields["agency"].queryset = Agency.objects.for_new_work(partnership_id)

    def clean_no_contact(self) -> bool | None:
        """True when declared, False when they cannot declare it, None when not answered (the
        action decides what a role needs)."""
        return {"yes": True, "no": False}.get(self.cleaned_data.get("no_contact") or "")


class RemoveMemberForm(forms.Form):
    ended_on = effective_date_field("Date they left the review")
    reason = forms.CharField(label="Why are they leaving the review?", widget=forms.Textarea)


class IdentityEntryForm(VersionedForm, forms.ModelForm):
    date_of_birth = DateField(label="Date of birth", required=False, not_in_future=True)

    class Meta:
        model = IdentityEntry
        fields = ["kind", "real_name", "pseudonym", "role_title", "aliases", "date_of_birth",
                  "identifier_type", "agency", "belongs_to", "is_public"]
        widgets = {"kind": forms.RadioSelect, "aliases": forms.Textarea}

    def __init__(self, review: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.for_new_work(
            review.partnership_id, keep=[self.instance.agency_id])
        others = review.identities.exclude(kind=IdentityEntry.Kind.IDENTIFIER)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["belongs_to"].queryset = others
        self.fields["belongs_to"].label_from_instance = lambda e: e.pseudonym
        self.fields["kind"].choices = IdentityEntry.Kind.choices
        if self.instance.pk:
            self.add_version(self.instance)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == IdentityEntry.Kind.IDENTIFIER and not data.get("identifier_type"):
            self.add_error("identifier_type", "Say what kind of identifier this is.")
        real, pseudo = data.get("real_name", ""), data.get("pseudonym", "")
        if real and pseudo and real.strip().lower() == pseudo.strip().lower():
            self.add_error("pseudonym", "The pseudonym must differ from the real name.")
        return data


class RegisterUploadForm(forms.Form):
    """Step 1 of an import: the file, checked in full and planned against the register."""

    file = forms.FileField(
        label="Register file", help_text="A .json file in the register file format",
        error_messages={"required": "Choose a register file to import.",
                        "empty": "The chosen file is empty. Choose the register file again."},
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}))

    def __init__(self, review: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.review = review

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > register_file.MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {register_file.MAX_BYTES // (1024 * 1024)} MB. Check it "
                "is a register file; split a very large one in two.")
        entries = register_file.parse_register(upload.read(), partnership=self.review.partnership)
        self.cleaned_data["entries"] = entries
        self.cleaned_data["plan"] = register_file.plan_import(self.review, entries)
        return upload


class RegisterConfirmForm(forms.Form):
    """Step 2: the checked entries come back (as a register file) with the register's version
    when they were checked, so a preview made stale by someone else's change is not applied."""

    register = forms.CharField(widget=forms.HiddenInput, error_messages={
        "required": "The checked file did not come back. Choose the file again."})
    version = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)

    def __init__(self, review: Any, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.review = review

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "register" not in data:
            return data
        if data.get("version", "") != register_file.register_version(self.review):
            raise forms.ValidationError("The register has changed since you checked the file, so "
                                        "nothing was imported. Choose the file again to see what "
                                        "it would change now.")
        data["entries"] = register_file.parse_register(data["register"],
                                                       partnership=self.review.partnership)
        return data


class ClockMetForm(VersionedForm, forms.Form):
    met_on = effective_date_field("Date it was met")

    def __init__(self, by: User, *args: Any, clock: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)
        if clock is not None:
            self.add_version(clock)  # decision 0023

    def values_of(self, record: Any) -> dict[str, Any]:
        return {"met_on": record.met_on}

    def shown_fields(self) -> list[str]:
        return ["met_on"]  # who it was met on behalf of is not kept on the clock

    def also_shown(self, record: Any) -> list[tuple[str, str]]:
        if not record.is_delayed:
            return []
        return [("Delayed to", f"{record.revised_due_on:%-d %B %Y}"),
                ("Why", record.get_delay_reason_display())]


class ClockDelayForm(VersionedForm, forms.Form):
    reason = forms.ChoiceField(label="Why is it delayed?", choices=Clock.DelayReason.choices,
                               widget=forms.RadioSelect)
    detail = forms.CharField(label="Details", widget=forms.Textarea, required=False)
    revised_due_on = DateField(label="Revised due date")
    interim_learning = forms.CharField(
        label="Learning captured meanwhile", widget=forms.Textarea,
        help_text="The improvements needed that the review has already found, and what is being "
                  "done about them while it runs late.",
        error_messages={"required": "Record the learning captured so far: the guide asks for "
                        "improvements to be acted on while a review runs late."})
    effective_on = effective_date_field("Date of the decision to delay")

    def __init__(self, *args: Any, clock: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if clock is not None:
            self.add_version(clock)  # decision 0023

    def values_of(self, record: Any) -> dict[str, Any]:
        """The clock's delay as now saved (the date of the decision is on the timeline)."""
        return {"reason": record.delay_reason, "detail": record.delay_detail,
                "revised_due_on": record.revised_due_on,
                "interim_learning": record.interim_learning}

    def shown_fields(self) -> list[str]:
        return ["revised_due_on", "reason", "detail", "interim_learning"]


class ClockRuleForm(forms.Form):
    length = forms.IntegerField(
        label="Working days", min_value=1, max_value=60,
        help_text="Counted from the day the partners' decisions were found to disagree (day 0).",
        error_messages={"required": "Enter the number of working days.",
                        "invalid": "Enter the number of working days as a whole number, like 5.",
                        "min_value": "Enter a number of working days from 1 to 60.",
                        "max_value": "Enter a number of working days from 1 to 60."},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}))


class DashboardFilterForm(forms.Form):
    stage = forms.ChoiceField(choices=[("", "All stages"), *Stage.choices], required=False,
                              label="Stage")
    kind = forms.ChoiceField(choices=[("", "All kinds"), *ReviewKind.choices], required=False,
                             label="Kind of review")
    show_closed = forms.BooleanField(required=False, label="Include closed reviews")


class AuditFilterForm(forms.Form):
    person = forms.ModelChoiceField(queryset=User.objects.none(), required=False,
                                    empty_label="Anyone", label="Person")
    review = forms.CharField(required=False, label="Review reference", max_length=20)
    event_type = forms.ChoiceField(required=False, label="What happened", choices=[])
    changes_only = forms.BooleanField(required=False,
                                      label="Changes only (leave out reads and downloads)")
    date_from = DateField(label="From", required=False)
    date_to = DateField(label="To", required=False)

    AREA_PREFIX = "area:"

    def __init__(self, people: Any, event_types: list[str], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        # Grouped by area of the work, in plain words; a whole area can be chosen too.
        groups: list[Any] = [("", "Any event")]
        for area in events.AREAS:
            codes = events.codes_in_area(area.slug, event_types)
            if codes:
                groups.append((area.label, [
                    (self.AREA_PREFIX + area.slug, f"All events: {area.label[:1].lower()}"
                                                   f"{area.label[1:]}"),
                    *[(code, events.event_type(code).description) for code in codes]]))
        self.fields["event_type"].choices = groups

    def event_codes(self, known: list[str]) -> list[str] | None:
        """The event codes chosen (one, or every one of an area), or None for any event."""
        chosen = self.cleaned_data.get("event_type")
        if not chosen:
            return None
        if chosen.startswith(self.AREA_PREFIX):
            return events.codes_in_area(chosen.removeprefix(self.AREA_PREFIX), known)
        return [chosen]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date.")
        return data


class TaskDoneForm(forms.Form):
    done_on = effective_date_field("Date it was done")

    def __init__(self, by: User, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class TaskChangeForm(VersionedForm, forms.Form):
    due_on = DateField(label="Due date", help_text="For example, 27 3 2026.")
    owner = forms.ModelChoiceField(queryset=User.objects.none(), required=False,
                                   empty_label="Nobody in particular", label="Who owes it")

    def __init__(self, partnership_id: int, *args: Any, task: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(partnership_id=partnership_id,
                                                            is_active=True)
        if task is not None:
            self.add_version(task)  # decision 0023


class ForAPartnerMixin(forms.Form):
    """What a safeguarding partner does for their own partner (the rapid review's sign-off, a
    decision in the decisions app), recorded by the business manager for them (``on_behalf``): whose it is and
    who did it, someone who represents that partner. The subclass says it in its own words."""

    whose_label = ""  # "Whose sign-off is it?"
    whose_required = ""
    person_label = ""
    person_help = ""
    person_required = ""

    def __init__(self, partnership_id: int, *args: Any, on_behalf: bool = False,
                 **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.on_behalf = on_behalf
        if on_behalf:
            self.fields["partner_for"] = forms.ChoiceField(
                label=self.whose_label, choices=PartnerFor.choices, widget=forms.RadioSelect,
                error_messages={"required": self.whose_required})
            self.fields["on_behalf_of"] = forms.ModelChoiceField(
                label=self.person_label, empty_label="Choose the person",
                queryset=User.objects.filter(
                    partnership_id=partnership_id, is_active=True,
                    role=PartnershipRole.SAFEGUARDING_PARTNER).exclude(partner_for=""),
                help_text=self.person_help,
                error_messages={"required": self.person_required})
            self.fields["on_behalf_of"].label_from_instance = (
                lambda u: f"{u.display_name} ({u.get_partner_for_display()})")
            self.order_fields(["partner_for", "on_behalf_of"])

    def another_partner(self, person: User, partner_for: str) -> str:
        """The error when the person chosen represents another partner."""
        return (f"{person.display_name} represents another partner: choose someone who "
                "represents the partner you chose.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        person, partner_for = data.get("on_behalf_of"), data.get("partner_for")
        if self.on_behalf and person and partner_for and person.partner_for != partner_for:
            self.add_error("on_behalf_of", self.another_partner(person, partner_for))
        return data


def same_text(a: str, b: str) -> bool:
    """The same text as typed in a form: line endings and surrounding blanks aside."""
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


class ShownRedacted:
    """Saved free text put back in a form as the viewer may see it (names they may not see become
    pseudonyms or role labels, through their redactor). A field sent back as it was shown keeps
    the text as it was written, so saving a change to one field never writes pseudonyms over the
    real names in the others, and a reader never gets a name back from a form."""

    def __init__(self, texts: Mapping[str, str], redact: Callable[[str], str] | None) -> None:
        self.shown = {key: redact(text) if redact else text for key, text in texts.items()}
        self._written = {key: text for key, text in texts.items() if self.shown[key] != text}

    @property
    def hides_names(self) -> bool:
        return bool(self._written)

    def restore(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` from the form, with each field left as shown back as it was written."""
        restored = dict(values)
        for key, written in self._written.items():
            if isinstance(restored.get(key), str) and same_text(restored[key], self.shown[key]):
                restored[key] = written
        return restored
