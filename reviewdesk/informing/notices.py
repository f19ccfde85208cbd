"""The notices that tell staff about a review and keep them informed, as editable templates.

Every one is written with the anonymised view: e-mail leaves the partnership, so a notice names
the child by pseudonym, a practitioner by the role label the report will use, and nobody else but
the partnership's officers (who act under their own names: the subgroup representative and the
business manager to ask). A question's notices never carry the question or the answer.
"""

from reviewdesk.notices.defaults import PLACEHOLDERS, register_default

TOLD = "staff_told"
TOR_UPDATE = "staff_update_terms_of_reference"
ADVICE_UPDATE = "staff_update_advice"
PROGRESS = "staff_progress"
QUESTION_ASKED = "staff_question_asked"
QUESTION_FOR_LEAD_REVIEWER = "staff_question_for_lead_reviewer"
QUESTION_ANSWERED = "staff_question_answered"
QUESTION_REMINDER = "staff_question_reminder"

# The placeholders the telling notice adds to every review notice's (notices.defaults).
TOLD_PLACEHOLDERS = {
    "role_label": "the label the report will use for the practitioner, e.g. Health Visitor 1",
    "why": "why the review is happening (the children by pseudonym)",
    "aims": "what the review expects to achieve",
    "involves": "what the review involves",
    "expected_of_you": "what is expected of the practitioner",
    "how_long": "how long the review should take, from its deadlines",
    "terms_of_reference": "the terms of reference shared now, with a link",
    "who_to_ask": "their agency's subgroup representative on the review and the business manager",
    "support": "the support on offer and how to reach it",
    "advice": "the advice in force about what may be discussed",
    "page_url": "the practitioner's own page of the review",
}


def register_templates() -> None:
    for key, words in TOLD_PLACEHOLDERS.items():
        PLACEHOLDERS.setdefault(key, words)
    register_default(
        TOLD, "Staff: telling a practitioner about the review",
        "{{ review_reference }}: a review you are part of has started",
        "Dear colleague,\n\n"
        "You are receiving this because you worked with the child or family in a review that "
        "has started. In the review's report you will be called {{ role_label }}, never by "
        "name.\n\n"
        "Why there is a review\n{{ why }}\n\n"
        "What it expects to achieve\n{{ aims }}\n\n"
        "What it involves\n{{ involves }}\n\n"
        "What is expected of you\n{{ expected_of_you }}\n\n"
        "How long it should take\n{{ how_long }}\n\n"
        "The terms of reference\n{{ terms_of_reference }}\n\n"
        "What you may discuss\n{{ advice }}\n\n"
        "Who to ask\n{{ who_to_ask }}\n\n"
        "Support\n{{ support }}\n\n"
        "Your page for the review, with its progress, is here: {{ page_url }}\n\n"
        "{{ partnership }}",
    )
    register_default(
        TOR_UPDATE, "Staff: new terms of reference",
        "{{ review_reference }}: the terms of reference have changed",
        "Dear colleague,\n\nVersion {{ version }} of the terms of reference for review "
        "{{ review_reference }} ({{ children }}) has been shared. Please read it: "
        "{{ link }}\n\nYour page for the review: {{ page_url }}\n\n{{ partnership }}",
    )
    register_default(
        ADVICE_UPDATE, "Staff: the advice about what may be discussed has changed",
        "{{ review_reference }}: the advice to staff has changed",
        "Dear colleague,\n\n{{ change }}\n\n{{ advice }}\n\nThe advice in force is always on "
        "your page for the review: {{ page_url }}\n\n{{ partnership }}",
    )
    register_default(
        PROGRESS, "Staff: the review has moved on",
        "{{ review_reference }}: the review has moved on",
        "Dear colleague,\n\nReview {{ review_reference }} ({{ children }}) has moved on, on "
        "{{ since }}.\n\n{{ progress }}\n\n{{ expected }}Your page for the review has its "
        "progress, who to ask and how to get support: {{ page_url }}\n\n{{ partnership }}",
    )
    register_default(
        QUESTION_ASKED, "Staff: a practitioner has asked a question",
        "{{ review_reference }}: a practitioner has asked you a question",
        "Dear {{ recipient }},\n\nA practitioner on review {{ review_reference }} "
        "({{ children }}) has asked a question about the review or the advice in force. Please "
        "read and answer it, or bring in the lead reviewer: {{ questions_url }}\n\n"
        "{{ partnership }}",
    )
    register_default(
        QUESTION_FOR_LEAD_REVIEWER, "Staff: a question for the lead reviewer",
        "{{ review_reference }}: a practitioner's question for you",
        "Dear {{ recipient }},\n\nYou have been asked to help answer a practitioner's question "
        "about review {{ review_reference }} ({{ children }}): {{ questions_url }}\n\n"
        "{{ partnership }}",
    )
    register_default(
        QUESTION_ANSWERED, "Staff: an answer to a practitioner's question",
        "{{ review_reference }}: an answer to your question is waiting",
        "Dear colleague,\n\nYour question about review {{ review_reference }} has been "
        "answered. Read the answer on your page for the review: {{ page_url }}\n\n"
        "{{ partnership }}",
    )
    register_default(
        QUESTION_REMINDER, "Reminder: a practitioner's question is waiting",
        "{{ review_reference }}: a practitioner's question has waited {{ days }} working days",
        "Dear {{ recipient }},\n\nA practitioner asked a question about review "
        "{{ review_reference }} ({{ children }}) on {{ asked_on }} and is still waiting for "
        "an answer. Please answer it, or bring in the lead reviewer: {{ questions_url }}\n\n"
        "{{ partnership }}",
    )
