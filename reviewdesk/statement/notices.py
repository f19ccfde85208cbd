"""The e-mail that carries the approved actions statement to a national body that already has the
final report. Pseudonyms only: the statement itself is pseudonymised and checked, and the words
come from the review's notice context, never from anything typed on the review."""

from reviewdesk.notices.defaults import register_default

STATEMENT_COPY = "actions_statement_copy"
# Sent statements are found by this purpose (the page shows who has which version).
PURPOSE = "actions statement to a national body"


def register_templates() -> None:
    register_default(
        STATEMENT_COPY, "Actions statement: to a national body that has the final report",
        "{{ review_reference }}: the actions taken, their impact and what more will be done",
        "Dear colleagues at {{ recipient }},\n\n{{ partnership }} sent you the final report of "
        "review {{ review_reference }} ({{ review_kind }}, {{ children }}). Attached is the "
        "document on the actions taken in response, their impact and what more will be done "
        "(version {{ statement_version }}, approved on {{ approved_on }}). It uses pseudonyms "
        "only.\n\nIf you have any questions, write to the business unit: "
        "{{ business_unit_email }}\n\n{{ partnership }}",
    )
