"""A step in a review's history: its audit event and its timeline row, written by one call.

Most things that happen on a review are both shown on its timeline (to the review's readers, in
the field's words) and kept in the audit trail (ids only, for whoever checks the trail).
``record_step`` writes the two together, in one transaction and from one set of facts (the
review, who acted, on whose behalf), so neither can be forgotten or disagree with the other.
Events that are not on the timeline (reads, downloads, settings) call ``audit.services.record``.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.db import transaction

from reviewdesk.accounts.models import User
from reviewdesk.audit import context as audit_context
from reviewdesk.audit.models import AuditEvent
from reviewdesk.audit.services import record
from reviewdesk.reviews.models import IdentityEntry, Review, TimelineEntry


@dataclass(frozen=True)
class Step:
    """What the review's timeline shows."""

    title: str
    effective_on: date
    kind: str = TimelineEntry.Kind.NOTE
    detail: str = ""
    # The register entry the step is about, rendered through the register (never a name here).
    subject: IdentityEntry | None = None
    from_stage: str = ""
    to_stage: str = ""


# What follows a step, for apps above the reviews in the layers that must act on a step of an app
# below them (the staff side sends practitioners an update when the terms of reference are
# shared, the advice changes or the review moves on: docs/decisions/0049). Each listener is
# called with the step's event type, the review and who acted, once the step's transaction has
# committed, and robustly: a listener's failure never undoes the step (its own sweep catches up).
StepListener = Callable[[str, Review, User], None]
STEP_LISTENERS: list[StepListener] = []


def register_step_listener(listener: StepListener) -> StepListener:
    if listener not in STEP_LISTENERS:
        STEP_LISTENERS.append(listener)
    return listener


@transaction.atomic
def record_step(event_type: str, *, review: Review, by: User, summary: str,
                step: Step | Sequence[Step], on_behalf_of: User | None = None,
                data: dict[str, Any] | None = None) -> tuple[AuditEvent, list[TimelineEntry]]:
    """Add ``step`` (or several) to the review's timeline and ``event_type`` to the audit trail.

    ``summary`` and ``data`` are the audit event's (no names: see ``record``); the timeline's
    words are the step's. Without ``on_behalf_of``, the audit context's is used for both.
    """
    if on_behalf_of is None and (context := audit_context.current()) is not None:
        on_behalf_of = context.on_behalf_of
    steps = [step] if isinstance(step, Step) else list(step)
    entries = [
        TimelineEntry.objects.create(
            review=review, kind=s.kind, title=s.title, detail=s.detail, subject=s.subject,
            from_stage=s.from_stage, to_stage=s.to_stage, effective_on=s.effective_on,
            recorded_by=by, on_behalf_of=on_behalf_of)
        for s in steps
    ]
    event = record(event_type, actor=by, on_behalf_of=on_behalf_of, review=review,
                   summary=summary, data=data)
    for listener in STEP_LISTENERS:
        transaction.on_commit(partial(listener, event_type, review, by), robust=True)
    return event, entries
