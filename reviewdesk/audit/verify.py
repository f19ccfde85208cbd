"""Checks the audit chain from the first event to the head."""

from dataclasses import dataclass

from reviewdesk.audit.models import GENESIS_HASH, AuditEvent, AuditHead


@dataclass(frozen=True)
class Problem:
    seq: int
    kind: str  # "changed", "missing" or "reordered"
    message: str


def verify_chain(batch_size: int = 2000) -> tuple[int, list[Problem]]:
    """Return the number of events checked and every problem found, in chain order."""
    problems: list[Problem] = []
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    events = AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size)
    for event in events:
        checked += 1
        while event.seq > expected_seq:
            problems.append(
                Problem(expected_seq, "missing", f"Audit event #{expected_seq} is missing: it was "
                        "removed from the trail.")
            )
            expected_seq += 1
        if event.compute_hash() != event.hash:
            problems.append(
                Problem(event.seq, "changed", f"Audit event #{event.seq} ({event.event_type}) was "
                        "changed after it was recorded.")
            )
        elif event.prev_hash != prev_hash and not (problems and problems[-1].seq == event.seq - 1):
            problems.append(
                Problem(event.seq, "changed", f"Audit event #{event.seq} does not follow the event "
                        "before it: the chain was rewritten here.")
            )
        prev_hash = event.hash
        expected_seq = event.seq + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is None and checked:
        # record() writes the head with the first event: without it, the end cannot be checked.
        problems.append(Problem(expected_seq - 1, "missing", "The head of the audit chain is "
                                "missing: events may have been removed from the end of the trail."))
    last_seq = head.last_seq if head else 0
    while expected_seq <= last_seq:
        problems.append(
            Problem(expected_seq, "missing", f"Audit event #{expected_seq} is missing: it was "
                    "removed from the end of the trail.")
        )
        expected_seq += 1
    if head and checked and head.last_hash != prev_hash and not problems:
        problems.append(Problem(last_seq, "changed", "The newest audit event does not match the "
                                "recorded head of the chain."))
    return checked, problems
