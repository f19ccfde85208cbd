"""Whether the report is approved, and which version: the sign-off app's answer, asked in one
place so this app knows nothing else about sign-off.

``reviewdesk.signoff`` (issue 17, section 4) is built alongside this app; until it is merged its
selector does not exist and no report counts as approved here.
"""

import dataclasses
import importlib
from typing import Protocol

from reviewdesk.reports.models import ReportVersion
from reviewdesk.reviews.models import Review


class ApprovalState(Protocol):
    @property
    def is_approved(self) -> bool: ...

    @property
    def version(self) -> ReportVersion | None: ...


@dataclasses.dataclass(frozen=True)
class NotApproved:
    is_approved: bool = False
    version: ReportVersion | None = None


def approval_state(review: Review) -> ApprovalState:
    """Whether every required approval (the subgroup, the Executive Group with its agreement to
    publish, the three safeguarding partners) is on one version of the report, and that version:
    ``reviewdesk.signoff.selectors.approval_state(review)``, with ``.is_approved`` and
    ``.version``. A partial set of approvals is not approved.

    Imported when asked (signoff sits below this app in the layers; the import only waits for
    the app to be merged): where the selector is missing, nothing is approved. At merge, replace
    the body with a plain import and call."""
    try:
        selectors = importlib.import_module("reviewdesk.signoff.selectors")
    except ModuleNotFoundError:
        return NotApproved()
    state: ApprovalState = selectors.approval_state(review)
    return state
