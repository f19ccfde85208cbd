"""The e-mail that carries a copy of the final report to a national body. Pseudonyms only: the
report itself is the final report (pseudonymised), and the words come from the review's
notice context, never from anything typed on the review."""

from reviewdesk.notices.defaults import register_default

NATIONAL_COPY = "national_copy"
# Failed copies are found by this purpose (and retried from the copies page).
PURPOSE = "copy to a national body"


def register_templates() -> None:
    register_default(
        NATIONAL_COPY, "Copies: the final report to a national body",
        "{{ review_reference }}: the final report{{ with_actions_short }}",
        "Dear colleagues at {{ recipient }},\n\n{{ partnership }} sends you the final report of "
        "review {{ review_reference }} ({{ review_kind }}, {{ children }}), dated "
        "{{ report_date }}{{ with_actions }}.{{ published }}\n\nThe report is attached. It "
        "uses pseudonyms only.\n\nIf you have any questions, write to the business unit: "
        "{{ business_unit_email }}\n\n{{ partnership }}",
    )
