"""What the advice in force forbids, asked by every stage that must obey it (issue 15).

A minimal version written for the family's contact log (i15-contact); the advice helper's fuller
module replaces it on merge, keeping ``no_contact_refusal``'s name and meaning.
"""

from reviewdesk.parallel.models import NoContact, in_force_q
from reviewdesk.reviews.models import IdentityEntry, Review


def no_contact_refusal(review: Review, identity: IdentityEntry) -> str | None:
    """Why the app may not contact this person about the review now, or None if it may.

    The message names the person by their pseudonym (it is shown on forms, whoever reads them)
    and says since when the advice has held."""
    restriction = (NoContact.objects.filter(in_force_q(), advice__review=review,
                                            identity=identity)
                   .select_related("advice").order_by("advice__effective_on").first())
    if restriction is None:
        return None
    since = restriction.advice.effective_on
    return (f"Advice in force since {since:%-d %B %Y} says there must be no contact with "
            f"{identity.pseudonym} about the review, so this cannot be recorded or sent. If the "
            f"advice has changed, the business manager lifts it first.")
