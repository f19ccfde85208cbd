"""Whether the report is approved, and which version: the sign-off app's answer, asked in one
place so this app knows nothing else about sign-off."""

from reviewdesk.reviews.models import Review
from reviewdesk.signoff.selectors import ApprovalState
from reviewdesk.signoff.selectors import approval_state as signoff_state


def approval_state(review: Review) -> ApprovalState:
    """Whether every required approval (the subgroup, the Executive Group with its agreement to
    publish, the three safeguarding partners) is on one version of the report, and that version
    (``.is_approved``, ``.version``). A partial set of approvals is not approved."""
    return signoff_state(review)
