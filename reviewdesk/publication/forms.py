"""The publication page's forms. The rules (who, which dates, what the public may read, the final
check) are the actions'; these turn the page's boxes into their arguments and say what is
missing or malformed."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from reviewdesk.accounts.models import User
from reviewdesk.family.models import FamilyMember
from reviewdesk.lib.dates import DateField, effective_date_field
from reviewdesk.publication.actions import MAX_MEGABYTES, MAX_SUMMARY
from reviewdesk.publication.models import HarmAssessment, Publication
from reviewdesk.reviews.forms import on_behalf_of_field
from reviewdesk.reviews.models import IdentityEntry
from reviewdesk.reviews.names import Names

YES_NO = [("yes", "Yes"), ("no", "No")]
TEXT_HELP = "This is kept with the review and shown to its readers through their identity rules."


def _text(label: str, *, required: str = "", help_text: str = "", rows: int = 3,
          max_length: int = 5000) -> forms.CharField:
    return forms.CharField(
        label=label, required=bool(required), max_length=max_length, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required,
                        "max_length": f"Keep it to {max_length:,} characters or fewer."})


class HarmForm(forms.Form):
    """One line per child, vulnerable adult and family member in the register, then who assessed
    it, when, and the overall conclusion and mitigations."""

    assessed_by = forms.CharField(
        label="Who assessed it", max_length=200,
        help_text="A name and role, or a group: for example, the CSPR subgroup with the lead "
                  "reviewer",
        error_messages={"required": "Say who assessed it: a name and role, or a group."})
    assessed_on = effective_date_field("Date it was assessed")
    conclusion = _text("Overall conclusion", required="Give the overall conclusion: may the "
                       "report be published, and how.",
                       help_text="May the report be published, and how. " + TEXT_HELP)
    mitigations = _text("Mitigations (optional)",
                        help_text="For example: the timing, a summary instead of the full "
                                  "report, telling the family first.")

    def __init__(self, people: list[IdentityEntry], names: Names, by: User,
                 earlier: HarmAssessment | None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        before = {line.person_id: line for line in earlier.lines.all()} if earlier else {}
        for person in people:
            who = names.entry_with_label(person)
            line = before.get(person.pk)
            self.fields[f"impact_{person.pk}"] = _text(
                f"Likely impact on {who}",
                required=f"Say what publication's likely impact is on {who}.")
            self.fields[f"mitigation_{person.pk}"] = _text(f"Mitigation for {who} (optional)",
                                                           rows=2)
            if line is not None:
                self.initial.setdefault(f"impact_{person.pk}", line.likely_impact)
                self.initial.setdefault(f"mitigation_{person.pk}", line.mitigation)
        if earlier is not None:
            for name in ("assessed_by", "conclusion", "mitigations"):
                self.initial.setdefault(name, getattr(earlier, name))
        self.fields["on_behalf_of"] = on_behalf_of_field(by)

    def person_fields(self) -> list[tuple[IdentityEntry, forms.BoundField, forms.BoundField]]:
        return [(p, self[f"impact_{p.pk}"], self[f"mitigation_{p.pk}"]) for p in self.people]

    def lines(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {p.pk: (data.get(f"impact_{p.pk}", ""), data.get(f"mitigation_{p.pk}", ""))
                for p in self.people}


class DateSharedForm(forms.Form):
    member = forms.ChoiceField(
        label="Who was told?", widget=forms.RadioSelect,
        error_messages={"required": "Choose who was told the publication date."})
    publication_on = DateField(
        label="The publication date they were told", help_text="For example, 14 6 2027",
        error_messages={"required": "Enter the publication date they were told."})
    told_on = effective_date_field("Date they were told")
    how = forms.CharField(label="How they were told (optional)", required=False, max_length=200,
                          help_text="For example: by letter, by phone, at a meeting")

    def __init__(self, members: list[FamilyMember], names: Names, by: User, *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in members}
        field = self.fields["member"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(m.pk), f"{names.entry(m.identity)} ({names.redact(m.relationship)})")
                         for m in members]
        self.fields["on_behalf_of"] = on_behalf_of_field(by)

    def member_chosen(self) -> FamilyMember:
        return self.members[self.cleaned_data["member"]]


class PublishForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200,
        help_text="Under the pseudonym, as the public sees it: for example 'Child K'",
        error_messages={"required": "Enter the title the public sees, for example 'Child K'."})
    slug = forms.CharField(
        label="Public address", max_length=80, required=False,
        help_text="The end of the report's address under /published/: lower-case letters, "
                  "numbers and hyphens. Leave it empty to make one from the title and the year.")
    summary = _text("Summary for the public", rows=5, max_length=MAX_SUMMARY,
                    required="Write a short summary for the public.",
                    help_text="A few sentences on what the review found, for anyone to read. "
                              "Name nobody: use the pseudonyms.")
    content = forms.ChoiceField(
        label="What is published?", widget=forms.RadioSelect,
        choices=[(Publication.Content.REPORT, "The final report (its PDF)"),
                 (Publication.Content.LEARNING_SUMMARY, "A learning summary instead of the "
                                                        "report (upload its PDF)")],
        error_messages={"required": "Choose what is published: the final report or a learning "
                                    "summary."})
    learning_summary = forms.FileField(
        label="The learning summary (PDF, only if publishing a learning summary)", required=False,
        help_text=f"A PDF smaller than {MAX_MEGABYTES} MB that names nobody.",
        error_messages={"empty": "The selected file is empty. Choose the PDF again.",
                        "invalid": "The selected file could not be uploaded. Try again."},
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}))
    actions_document = forms.FileField(
        label="The document on actions taken (PDF, optional)", required=False,
        help_text="The actions taken in response, their impact and what more will be done. "
                  f"A PDF smaller than {MAX_MEGABYTES} MB that names nobody.",
        error_messages={"empty": "The selected file is empty. Choose the PDF again.",
                        "invalid": "The selected file could not be uploaded. Try again."},
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}))
    publish_actions = forms.TypedChoiceField(
        label="Publish the document on actions taken beside the report?", choices=YES_NO,
        widget=forms.RadioSelect, coerce=lambda v: v == "yes", initial="no",
        error_messages={"required": "Choose whether the document on actions taken is "
                                    "published."})
    publication_on = DateField(
        label="Publication date",
        help_text="Today publishes it now; a later date schedules it, and it is published that "
                  "morning if every check is still met. For example, 14 6 2027",
        error_messages={"required": "Enter the publication date."})
    family_override_reason = _text(
        "If the family have not been told the date: your reason to publish without telling "
        "them (optional otherwise)",
        help_text="Only where a family member asked to be told and has not been. " + TEXT_HELP)

    def __init__(self, by: User, *args: Any, default_title: str = "", default_slug: str = "",
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("title", default_title)
        self.initial.setdefault("slug", default_slug)
        self.initial.setdefault("content", Publication.Content.REPORT)
        self.initial.setdefault("publication_on", timezone.localdate())
        self.fields["on_behalf_of"] = on_behalf_of_field(by)

    def clean_slug(self) -> str:
        return str(self.cleaned_data.get("slug") or "").strip().lower()


class CancelForm(forms.Form):
    reason = _text("Why is the schedule cancelled?",
                   required="Say why the schedule is cancelled.", help_text=TEXT_HELP)
    cancelled_on = effective_date_field("Date it was cancelled")

    def __init__(self, by: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_behalf_of"] = on_behalf_of_field(by)


class CheckDateForm(forms.Form):
    """The final check for another publication date (a GET form on the publication page)."""

    on = DateField(label="Check for a publication date", required=False,
                   help_text="For example, 14 6 2027")

    def day(self, default: date) -> date:
        chosen = self.cleaned_data.get("on") if self.is_bound and self.is_valid() else None
        return chosen if isinstance(chosen, date) else default
