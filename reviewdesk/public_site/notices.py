"""The two notices a request for a report sends: the acknowledgement to the person who asked, and
the business unit's note that a request arrived. Neither holds anything but the report's title
(a pseudonym) and dates: the acknowledgement goes outside the partnership, and the business unit's
inbox is shared, so the person's name and reasons stay in the request log."""

from reviewdesk.notices.defaults import register_default

ACKNOWLEDGEMENT = "report_request_acknowledgement"
RECEIVED = "report_request_received"


def register_templates() -> None:
    register_default(
        ACKNOWLEDGEMENT, "Request for a report: acknowledgement to the person who asked",
        "Your request for the report '{{ title }}'",
        "Thank you for your request for the report '{{ title }}', received on {{ received_on }}.\n\n"
        "{{ partnership }} will reply by {{ due_on }}.\n\n"
        "If you did not ask for this report, you can ignore this e-mail.\n\n{{ partnership }}",
    )
    register_default(
        RECEIVED, "Request for a report: to the business unit",
        "A request for '{{ title }}'",
        "A request for '{{ title }}' arrived on {{ received_on }} through the public page. It is due "
        "to be answered by {{ due_on }}.\n\n"
        "See it in the request log in Review Desk: {{ site_url }}\n\n{{ partnership }}",
    )
