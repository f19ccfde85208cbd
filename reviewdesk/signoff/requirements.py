"""What the move to publication (``approve_publication`` in reviews.transitions.FLOW, which names
this function by its dotted path) requires of the sign-off: the report approved on its latest
version, and the Executive Group's agreement to publish it (unless a learning review's subgroup
recorded that its report will not be published)."""

from django.urls import reverse

from reviewdesk.reviews.models import Review
from reviewdesk.reviews.transitions import Blocker
from reviewdesk.signoff.selectors import approval_state


def report_approved(review: Review) -> list[Blocker]:
    state = approval_state(review)
    url = reverse("signoff:page", args=[review.uuid])
    if state.version is None:
        return [Blocker("Upload the report and have it signed off first: there is no version "
                        "yet.", "The lead reviewer", url)]
    problems = []
    if not state.is_approved:
        missing = ", ".join(r.label[0].lower() + r.label[1:] for r in state.missing)
        problems.append(Blocker(
            f"Version {state.version.number} of the report is not approved: {state.count} "
            f"given. Still needed: {missing}.", "The subgroup, the Executive Group and the "
            "safeguarding partners, in that order", url))
    if state.publication_required:
        decision = state.publication
        if decision is None:
            problems.append(Blocker(
                f"Record the Executive Group's decision on publishing version "
                f"{state.version.number}.", "The Executive Group", url))
        elif not decision.agrees:
            problems.append(Blocker(
                f"The Executive Group did not agree to publish version {state.version.number}.",
                "The Executive Group", url))
    return problems
