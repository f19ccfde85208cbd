"""The checklist's forms. The rules (a reason, the date, the lists' format) are the actions'; the
forms say what is missing or malformed."""

from django import forms

from reviewdesk.lib.dates import effective_date_field


class SectionForm(forms.Form):
    name = forms.CharField(
        label="Name of the section", max_length=200,
        help_text="As the checklist shows it, for example Methodology",
        error_messages={"required": "Enter the section's name, for example Methodology."})
    headings = forms.CharField(
        label="Headings that count as this section", widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One on each line. Case, numbering and punctuation do not matter, and a "
                  "heading counts if it holds one of these words: 'Methodology' also finds "
                  "'3. Scope and methodology'.",
        error_messages={"required": "Enter at least one heading that counts as this section, "
                                    "one on each line."})


class JargonForm(forms.Form):
    terms = forms.CharField(
        label="Jargon and plain alternatives", required=False,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text="One on each line, as: word or phrase = plain alternative. For example: "
                  "utilise = use. Leave it empty to look for no jargon.")


class AcceptForm(forms.Form):
    reason = forms.CharField(
        label="Why can the report go forward as it is?", widget=forms.Textarea, max_length=2000,
        help_text="Those signing the report off read this. Do not name the child, the family or "
                  "staff.",
        error_messages={"required": "Say why the report can go forward as it is, so those "
                                    "signing it off can rely on it."})
    accepted_on = effective_date_field("Date of this decision")
