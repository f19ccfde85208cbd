"""The notice templates commissioning sends from, one per kind of recipient. A partnership edits
its own copies under Notice templates. They leave the partnership, so they carry pseudonyms and
role labels only: the children's pseudonyms, the reference, the kind of review, dates."""

from reviewdesk.notices.defaults import register_default

_SIGN_OFF = ("Any questions: {{ partnership }} business unit, {{ business_unit_email }}.\n\n"
             "{{ partnership }}")
_NO_NAMES = ("This message does not name the child or the family. The business unit will give "
             "the details needed to find the records by a secure route.")

TEMPLATES = [
    ("commissioning_agency", "Commissioning: a partner agency",
     "{{ review_reference }}: review commissioned, please secure your case files",
     "Dear colleagues at {{ recipient }},\n\n"
     "{{ partnership }} has commissioned a review: {{ review_kind }} {{ review_reference }}, "
     "about {{ children }}. The decision was made on {{ decided_on }}.\n\n"
     "Your agency worked with the child or family. Please now:\n"
     "- secure your agency's case files for the child and family;\n"
     "- where your work with the family continues, make a copy of the records so that the work "
     "can go on;\n"
     "- confirm who secured them, on what date and where they are held (your agency's author on "
     "the review can record this in Review Desk, or tell the business unit).\n\n"
     "You will be asked to name a professional to write your agency's chronology once the "
     "terms of reference are agreed.\n\n" + _NO_NAMES + "\n\n" + _SIGN_OFF),
    ("commissioning_ofsted", "Commissioning: Ofsted",
     "{{ review_reference }}: {{ review_kind }} commissioned",
     "Dear colleagues at {{ recipient }},\n\n"
     "{{ partnership }} tells you that it has commissioned a review: {{ review_kind }} "
     "{{ review_reference }}, about {{ children }}. The decision was made on {{ decided_on }}.\n\n"
     "The partner agencies involved have been asked to secure their case files.\n\n"
     + _NO_NAMES + "\n\n" + _SIGN_OFF),
    ("commissioning_dfe", "Commissioning: Department for Education",
     "{{ review_reference }}: {{ review_kind }} commissioned",
     "Dear colleagues at the {{ recipient }},\n\n"
     "{{ partnership }} tells you that it has commissioned a review: {{ review_kind }} "
     "{{ review_reference }}, about {{ children }}. The decision was made on {{ decided_on }}.\n\n"
     + _NO_NAMES + "\n\n" + _SIGN_OFF),
    ("commissioning_panel", "Commissioning: National Panel",
     "{{ review_reference }}: {{ review_kind }} commissioned",
     "Dear colleagues at the {{ recipient }},\n\n"
     "{{ partnership }} tells you that it has commissioned a review: {{ review_kind }} "
     "{{ review_reference }}, about {{ children }}, following its rapid review. The decision was "
     "made on {{ decided_on }}. We will send you the final report before it is published.\n\n"
     + _NO_NAMES + "\n\n" + _SIGN_OFF),
    ("case_files_reminder", "Reminder: confirm the case files are secured",
     "{{ review_reference }}: please confirm your case files are secured",
     "Dear colleagues at {{ recipient }},\n\n"
     "On {{ since }} we asked your agency to secure its case files for review "
     "{{ review_reference }} ({{ children }}), making a copy where work with the family "
     "continues. We have not yet had your confirmation.\n\n"
     "Please confirm who secured them, on what date and where they are held: your agency's "
     "author on the review can record it in Review Desk ({{ site_url }}), or tell the business "
     "unit.\n\n" + _SIGN_OFF),
    ("chronology_author_reminder", "Reminder: an agency's chronology is due",
     "{{ review_reference }}: your agency's chronology is due {{ when }}",
     "Dear colleague,\n\n"
     "You are the author of {{ agency }}'s chronology for review {{ review_reference }} "
     "({{ children }}). It is due {{ when }}, on {{ due_on }}.\n\n"
     "Sign in to Review Desk to see the review and its terms of reference: {{ site_url }}\n\n"
     + _SIGN_OFF),
    ("tor_shared", "Terms of reference shared with staff",
     "{{ review_reference }}: the review's terms of reference",
     "Dear colleague,\n\n"
     "You are receiving this because you are part of review {{ review_reference }} "
     "({{ children }}), which {{ partnership }} is carrying out.\n\n"
     "Its terms of reference (version {{ version }}) are agreed. They say what period the review "
     "looks at, its key lines of enquiry and which agencies take part, so that you understand "
     "its focus. Please read them here: {{ link }}\n\n"
     "A review is about learning, not blame, and it is separate from any disciplinary process. "
     "Support is available at any time through your line manager and your agency; tell the "
     "business unit if you cannot get the support you need.\n\n" + _SIGN_OFF),
]


def register_templates() -> None:
    for key, name, subject, body in TEMPLATES:
        register_default(key, name, subject, body)
