"""Checks every audit chain from its first event to its head, and against the checkpoints.

What is caught, and how:

- an event changed in the database: its HMAC no longer matches, and without the key (which is
  not in the database) nobody can make a new one that does;
- an event removed from the middle of a chain: a gap in its sequence numbers;
- events removed from the end: the chain's head row is ahead of them, or, if the head was moved
  back too, a checkpoint (written outside the database) recorded the chain further on;
- a checkpoint line changed or made up: its signature does not match.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import groupby
from operator import attrgetter
from pathlib import Path

from django.utils import timezone

from reviewdesk.audit import signing
from reviewdesk.audit.checkpoints import Checkpoint, checkpoint_path, read_checkpoints
from reviewdesk.audit.models import GENESIS_HASH, AuditEvent, AuditHead

CHECKPOINTS = "checkpoints"  # the "chain" of a problem with a checkpoint line (seq = line number)
# Checkpoints are written hourly: older than this, the hourly job has stopped.
CHECKPOINTS_OVERDUE_AFTER = timedelta(hours=2)


@dataclass(frozen=True)
class Problem:
    chain: str
    seq: int
    # "changed", "missing", "checkpoint" (a checkpoint line that is not genuine) or
    # "unverifiable" (signed with a key that is no longer in AUDIT_KEYS)
    kind: str
    message: str


@dataclass
class Verification:
    checked: int = 0
    chains: int = 0
    checkpoints: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def broken(self) -> bool:
        """Something was changed or removed (as opposed to: could not be checked)."""
        return any(p.kind != "unverifiable" for p in self.problems)


def verify_chain(batch_size: int = 2000, path: Path | None = None) -> Verification:
    """Check every chain, in chain and sequence order, and every checkpoint in the file.

    Raises ``OSError`` if the checkpoint file exists but cannot be read.
    """
    path = path or checkpoint_path()
    result = Verification()
    checkpoints, bad_lines = read_checkpoints(path)
    result.checkpoints = len(checkpoints)
    unverifiable = [bad for bad in bad_lines if bad.kind == "unverifiable"]
    for bad in bad_lines:
        if bad.kind != "unverifiable":
            result.problems.append(Problem(CHECKPOINTS, bad.line, "checkpoint", bad.message))
    if len(unverifiable) == 1:
        result.problems.append(Problem(CHECKPOINTS, unverifiable[0].line, "unverifiable",
                                       unverifiable[0].message))
    elif unverifiable:
        result.problems.append(Problem(
            CHECKPOINTS, unverifiable[0].line, "unverifiable",
            f"{len(unverifiable)} checkpoint lines (the first is line {unverifiable[0].line}) were "
            "signed with a key that is not in AUDIT_KEYS: list it again (after the current key) "
            "to check them."))
    # Where each checkpoint saw each chain: (chain, seq) -> the hash it recorded, and when.
    anchors: dict[str, dict[int, tuple[str, Checkpoint]]] = defaultdict(dict)
    for checkpoint in checkpoints:
        for chain, (seq, head_hash) in checkpoint.chains.items():
            if seq:
                anchors[chain].setdefault(seq, (head_hash, checkpoint))

    heads = {head.chain: head for head in AuditHead.objects.all()}
    events = AuditEvent.objects.order_by("chain", "seq").iterator(chunk_size=batch_size)
    for chain, chain_events in groupby(events, key=attrgetter("chain")):
        _verify_one_chain(chain, chain_events, heads.pop(chain, None), anchors.pop(chain, {}), result)
    # Chains whose every event is gone: a head left behind, or only a checkpoint remembers them.
    for chain in sorted(set(heads) | set(anchors)):
        _verify_one_chain(chain, [], heads.get(chain), anchors.get(chain, {}), result)

    if not checkpoints and not bad_lines and result.checked:
        result.warnings.append(
            f"No checkpoint had been written to {path} before this check, so events removed from "
            "the end of a chain together with its head could not have been noticed. Run "
            "manage.py audit_checkpoint hourly (README, 'Running it for real').")
    elif checkpoints:
        newest = max(c.at for c in checkpoints)
        if timezone.now() - newest > CHECKPOINTS_OVERDUE_AFTER:
            when = f"{timezone.localtime(newest):%d %B %Y %H:%M}"
            result.warnings.append(
                f"The newest checkpoint in {path} is from {when}: the hourly "
                "manage.py audit_checkpoint does not seem to be running.")
    return result


def _verify_one_chain(chain: str, events: Iterable[AuditEvent], head: AuditHead | None,
                      anchors: dict[int, tuple[str, Checkpoint]], result: Verification) -> None:
    problems: list[Problem] = []

    def problem(seq: int, kind: str, message: str) -> None:
        problems.append(Problem(chain, seq, kind, message))

    # A run of events signed with a key that is no longer listed is reported once.
    unknown: list[AuditEvent] = []

    def flush_unknown() -> None:
        first, last = unknown[0], unknown[-1]
        if first is last:
            problem(first.seq, "unverifiable", f"Audit event #{first.seq} of chain {chain} was "
                    f"signed with the key '{first.key_id}', which is not in AUDIT_KEYS: list it "
                    "again (after the current key) to check it.")
        else:
            keys = "', '".join(sorted({e.key_id for e in unknown}))
            problem(first.seq, "unverifiable", f"Audit events #{first.seq} to #{last.seq} of chain "
                    f"{chain} were signed with the key(s) '{keys}', which are not in AUDIT_KEYS: "
                    "list them again (after the current key) to check them.")
        unknown.clear()

    expected_seq = 1
    prev_hash = GENESIS_HASH
    # The event before was already reported: the next one is not blamed for the broken link.
    previous_flagged = False
    for event in events:
        result.checked += 1
        if unknown and event.seq > expected_seq:
            flush_unknown()
        while event.seq > expected_seq:
            problem(expected_seq, "missing", f"Audit event #{expected_seq} of chain {chain} is "
                    "missing: it was removed from the trail.")
            expected_seq += 1
            previous_flagged = True
        flagged = True
        try:
            genuine = signing.matches(event.payload(), event.key_id, event.hash)
        except signing.UnknownKey:
            # Nothing shows this event was changed, and nothing can show it was not. The next
            # event's link to it is still checked: if that one verifies, so does this one's hash.
            unknown.append(event)
            flagged = False
        else:
            if unknown and unknown[-1].seq == event.seq - 1:
                flush_unknown()
            if not genuine:
                problem(event.seq, "changed", f"Audit event #{event.seq} of chain {chain} "
                        f"({event.event_type}) was changed after it was recorded.")
            elif event.prev_hash != prev_hash and not previous_flagged:
                problem(event.seq, "changed", f"Audit event #{event.seq} of chain {chain} does "
                        "not follow the event before it: the chain was rewritten here.")
            else:
                flagged = False
        anchor = anchors.get(event.seq)
        if anchor and anchor[0] != event.hash and not flagged:
            problem(event.seq, "changed", f"Audit event #{event.seq} of chain {chain} is not the "
                    f"one the checkpoint of {_when(anchor[1])} recorded: the chain was rewritten.")
            flagged = True
        previous_flagged = flagged
        prev_hash = event.hash
        expected_seq = event.seq + 1

    if unknown:
        flush_unknown()
    last_seq = expected_seq - 1
    if head is None and last_seq:
        # record() writes the head with the first event: without it, the end cannot be checked.
        problem(last_seq, "missing", f"The head of chain {chain} is missing: events may have been "
                "removed from the end of the trail.")
    head_seq = head.last_seq if head else 0
    for seq in range(expected_seq, head_seq + 1):
        problem(seq, "missing", f"Audit event #{seq} of chain {chain} is missing: it was removed "
                "from the end of the trail.")
    if head and last_seq and not problems and (head.last_seq, head.last_hash) != (last_seq, prev_hash):
        problem(last_seq, "changed", f"The newest audit event of chain {chain} does not match "
                "the recorded head of the chain.")
    # The head can be moved back with the events it pointed to; a checkpoint cannot.
    beyond = [seq for seq in anchors if seq > max(last_seq, head_seq)]
    if beyond:
        top = max(beyond)
        checkpoint = anchors[top][1]
        problem(top, "missing", f"Chain {chain} was cut back: the checkpoint of {_when(checkpoint)} "
                f"recorded it at event #{top}, but it now ends at #{last_seq}. Events "
                f"#{last_seq + 1} to #{top} were removed from the end of the trail.")

    if last_seq or head or anchors:
        result.chains += 1
    result.problems.extend(problems)


def _when(checkpoint: Checkpoint) -> str:
    return f"{timezone.localtime(checkpoint.at):%d %B %Y %H:%M} (line {checkpoint.line})"
