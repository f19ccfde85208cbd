"""Checkpoints: each chain's head, signed and appended to a file outside the database.

The HMAC stops someone with write access to the database from changing an event, but they could
still delete the newest events of a chain and move its head back: what is left is a shorter,
valid chain. A checkpoint remembers where every chain had reached; ``verify_audit`` checks that
each checkpointed event is still there with the same hash, so cutting a chain below a checkpoint
is caught. Written hourly by ``manage.py audit_checkpoint`` and at every ``verify_audit``.

The file is opened for appending only (``O_APPEND``); in production it should also be a file the
app's user *cannot* do anything else to (``chattr +a``, or storage on another machine), or
someone who can rewrite it could remove the checkpoints along with the events.
"""

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from reviewdesk.audit import signing
from reviewdesk.audit.models import AuditHead


@dataclass(frozen=True)
class Checkpoint:
    line: int  # in the file, from 1
    at: datetime
    key_id: str
    chains: dict[str, tuple[int, str]]  # chain -> (head sequence number, head hash)


@dataclass(frozen=True)
class BadLine:
    line: int
    kind: str  # "unreadable", "forged" or "unverifiable" (its key is not in AUDIT_KEYS)
    message: str


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_PATH)


def write_checkpoint(path: Path | None = None) -> dict[str, Any]:
    """Append one signed line with every chain's head, and e-mail it if an address is set.

    Returns what was written. Raises ``OSError`` if the file cannot be appended to, and the
    mail backend's error if the e-mail cannot be sent (after the line is written).
    """
    path = path or checkpoint_path()
    heads = AuditHead.objects.order_by("chain").values_list("chain", "last_seq", "last_hash")
    body: dict[str, Any] = {
        "at": timezone.now().isoformat(),
        "key": signing.current_key_id(),
        "chains": {chain: {"seq": seq, "hash": head_hash} for chain, seq, head_hash in heads},
    }
    body["sig"] = signing.sign(body, body["key"])
    line = json.dumps(body, sort_keys=True, separators=(",", ":")) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    # Append only: this process never truncates or rewrites what earlier checkpoints wrote. One
    # write() of one line, so concurrent writers (the hourly job and a verify_audit) do not
    # interleave.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    if settings.AUDIT_CHECKPOINT_EMAIL:
        EmailMessage(
            f"Review Desk audit checkpoint {body['at'][:16]}",
            "This is Review Desk's audit checkpoint: where each audit chain had reached, signed "
            "with the audit key. Keep it: if the audit trail is ever questioned, it shows what "
            "the trail held at this time.\n\n" + line,
            settings.DEFAULT_FROM_EMAIL, [settings.AUDIT_CHECKPOINT_EMAIL],
        ).send(fail_silently=False)
    return body


def read_checkpoints(path: Path | None = None) -> tuple[list[Checkpoint], list[BadLine]]:
    """Every checkpoint in the file whose signature holds, and every line that does not.

    A missing file gives no checkpoints (the caller warns); an unreadable one raises ``OSError``.
    """
    path = path or checkpoint_path()
    if not path.exists():
        return [], []
    good: list[Checkpoint] = []
    bad: list[BadLine] = []
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            try:
                body = json.loads(text)
                signature = body.pop("sig")
                checkpoint = Checkpoint(
                    line=number, at=datetime.fromisoformat(body["at"]), key_id=body["key"],
                    chains={str(chain): (int(head["seq"]), str(head["hash"]))
                            for chain, head in body["chains"].items()},
                )
            except (ValueError, KeyError, TypeError, AttributeError):
                bad.append(BadLine(number, "unreadable", f"Checkpoint line {number} cannot be "
                                   "read: it was changed or damaged."))
                continue
            try:
                genuine = signing.matches(body, checkpoint.key_id, str(signature))
            except signing.UnknownKey:
                bad.append(BadLine(number, "unverifiable", f"Checkpoint line {number} was "
                                   f"signed with the key '{checkpoint.key_id}', which is not in "
                                   "AUDIT_KEYS: list it again (after the current key) to check it."))
                continue
            if not genuine:
                bad.append(BadLine(number, "forged", f"Checkpoint line {number} (written "
                                   f"{checkpoint.at:%d %B %Y %H:%M}) does not carry a valid "
                                   "signature: it was changed, or written without the audit key."))
                continue
            good.append(checkpoint)
    return good, bad
