"""The meetings' notice templates: each carries the recipient's calendar file as an attachment
(``actions._send``). Their words name nobody: the meeting's title and place are filled in
through the anonymised redactor, the recipient by their role label."""

from reviewdesk.notices.defaults import register_default

_ANSWER = ("Please say whether you can come, or ask for another time, in Review Desk: "
           "{{ answer_url }}\n\nThe calendar invitation is attached: open it to add the meeting "
           "to your calendar.\n\nAny questions: {{ partnership }} business unit, "
           "{{ business_unit_email }}.\n\n{{ partnership }}")


def register_templates() -> None:
    register_default(
        "meeting_invitation", "Meetings: a calendar invitation",
        "{{ review_reference }}: invitation to a {{ meeting_kind }}, {{ meeting_when }}",
        "Dear {{ recipient }},\n\nYou are invited to a {{ meeting_kind }} for review "
        "{{ review_reference }}: {{ meeting_title }}.\n\nWhen: {{ meeting_when }}\nWhere: "
        "{{ meeting_place }}\n\n" + _ANSWER)
    register_default(
        "meeting_update", "Meetings: a changed meeting",
        "{{ review_reference }}: changed – {{ meeting_kind }}, {{ meeting_when }}",
        "Dear {{ recipient }},\n\nThe {{ meeting_kind }} for review {{ review_reference }} "
        "({{ meeting_title }}) has changed. It is now:\n\nWhen: {{ meeting_when }}\nWhere: "
        "{{ meeting_place }}\n\n" + _ANSWER)
    register_default(
        "meeting_cancellation", "Meetings: a cancelled meeting",
        "{{ review_reference }}: cancelled – {{ meeting_kind }}, {{ meeting_when }}",
        "Dear {{ recipient }},\n\nThe {{ meeting_kind }} for review {{ review_reference }} "
        "({{ meeting_title }}) on {{ meeting_when }} is cancelled. The attached file removes it "
        "from your calendar.\n\nAny questions: {{ partnership }} business unit, "
        "{{ business_unit_email }}.\n\n{{ partnership }}")
    register_default(
        "meeting_withdrawn", "Meetings: an invitation withdrawn",
        "{{ review_reference }}: you are no longer needed at a {{ meeting_kind }}",
        "Dear {{ recipient }},\n\nYou are no longer needed at the {{ meeting_kind }} for review "
        "{{ review_reference }} on {{ meeting_when }}. The attached file removes it from your "
        "calendar.\n\nAny questions: {{ partnership }} business unit, "
        "{{ business_unit_email }}.\n\n{{ partnership }}")
