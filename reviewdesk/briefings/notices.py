"""The notices of this app, each an editable template of the partnership's.

Those who came to a briefing are asked for their reflection by e-mail once attendance is
recorded: an agency's staff member with no part in the review has no home-page item for it (home
items are for reviews they may see), so the e-mail carries the link to their own form. Pseudonyms
only: it goes to people outside the review.
"""

from django.conf import settings
from django.urls import reverse

from reviewdesk.notices.defaults import register_default

ASK_FOR_REFLECTION = "briefing_reflection"


def register_templates() -> None:
    register_default(
        ASK_FOR_REFLECTION, "Briefings: asking those who came for their reflection",
        "{{ review_reference }}: what will you do differently?",
        "Dear colleague,\n\nThank you for coming to the briefing on the learning from review "
        "{{ review_reference }} ({{ review_kind }}).\n\nPlease take two minutes to say what you "
        "will do differently in your practice: {{ reflection_url }}\n\nThe L&D subgroup reads "
        "the answers together, without names.\n\n{{ partnership }}",
    )


def reflection_url(review_uuid: object, briefing_pk: int) -> str:
    return settings.SITE_URL + reverse("briefings:reflect", args=[review_uuid, briefing_pk])
