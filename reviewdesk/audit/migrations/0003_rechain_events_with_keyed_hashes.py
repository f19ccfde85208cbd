"""Re-chain the existing audit events under keyed hashes, one chain per partnership.

The old chain (plain SHA-256, one chain for everything) is checked first, and a broken one is
not migrated: re-signing it would make changed events look genuine. Rows from before this
migration are only as trustworthy as the old chain was (docs/decisions/0017).
"""

import hashlib
import json
from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# The signing module is imported, not copied, so that the migrated events are signed exactly as
# verify_audit checks them. It needs no models, only settings.AUDIT_KEYS.
from reviewdesk.audit import signing

GENESIS_HASH = "0" * 64
BATCH = 1000


def _old_hash(event: Any, seq: int, prev_hash: str) -> str:
    """The hash 0001's events carry: SHA-256 of this payload, with no key."""
    payload = {
        "seq": seq,
        "occurred_at": event.occurred_at.isoformat(),
        "event_type": event.event_type,
        "actor": event.actor_id,
        "on_behalf_of": event.on_behalf_of_id,
        "partnership": event.partnership_id,
        "review": event.review_id,
        "summary": event.summary,
        "data": event.data,
        "ip": event.ip_address,
        "prev": prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _check_old_chain(AuditEvent: Any, AuditHead: Any) -> None:  # noqa: N803
    problems = []
    expected_seq, prev_hash = 1, GENESIS_HASH
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=BATCH):
        if event.seq != expected_seq:
            problems.append(f"event #{expected_seq} is missing")
        elif event.hash != _old_hash(event, event.seq, event.prev_hash):
            problems.append(f"event #{event.seq} was changed")
        elif event.prev_hash != prev_hash:
            problems.append(f"event #{event.seq} does not follow the one before it")
        expected_seq, prev_hash = event.seq + 1, event.hash
        if len(problems) >= 5:
            break
    head = AuditHead.objects.order_by("pk").first()
    if not problems and expected_seq > 1:
        if head is None:
            problems.append("the head of the chain is missing")
        elif (head.last_seq, head.last_hash) != (expected_seq - 1, prev_hash):
            problems.append(f"the head (#{head.last_seq}) does not match the newest event "
                            f"(#{expected_seq - 1}): events were removed from the end")
    if problems:
        raise RuntimeError(
            "The audit chain is broken, so it was not re-chained under the audit key (that would "
            "make changed events look genuine): " + "; ".join(problems) + ". Restore the audit "
            "tables from a backup taken while `manage.py verify_audit` said intact, then migrate "
            "again. See docs/decisions/0017.")


def rechain(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    AuditEvent = apps.get_model("audit", "AuditEvent")  # noqa: N806
    AuditHead = apps.get_model("audit", "AuditHead")  # noqa: N806
    _check_old_chain(AuditEvent, AuditHead)
    key_id = signing.current_key_id()
    heads: dict[str, tuple[int, str]] = {}
    batch = []
    # Rows not yet re-chained still have chain "", so a new (chain, seq) never meets an old one.
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=BATCH):
        chain = signing.chain_for(event.partnership_id)
        last_seq, last_hash = heads.get(chain, (0, GENESIS_HASH))
        event.chain, event.seq, event.key_id, event.prev_hash = chain, last_seq + 1, key_id, last_hash
        event.hash = signing.sign(signing.event_payload(event), key_id)
        heads[chain] = (event.seq, event.hash)
        batch.append(event)
        if len(batch) >= BATCH:
            AuditEvent.objects.bulk_update(batch, ["chain", "seq", "key_id", "prev_hash", "hash"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["chain", "seq", "key_id", "prev_hash", "hash"])
    AuditHead.objects.all().delete()
    AuditHead.objects.bulk_create([AuditHead(chain=chain, last_seq=seq, last_hash=head_hash)
                                   for chain, (seq, head_hash) in sorted(heads.items())])


def unchain(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Back to one unkeyed chain, in the order the events were written (their ids)."""
    AuditEvent = apps.get_model("audit", "AuditEvent")  # noqa: N806
    AuditHead = apps.get_model("audit", "AuditHead")  # noqa: N806
    seq, prev_hash = 0, GENESIS_HASH
    batch = []
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=BATCH):
        seq += 1
        event.chain, event.seq, event.key_id, event.prev_hash = "", seq, "", prev_hash
        event.hash = prev_hash = _old_hash(event, seq, prev_hash)
        batch.append(event)
        if len(batch) >= BATCH:
            AuditEvent.objects.bulk_update(batch, ["chain", "seq", "key_id", "prev_hash", "hash"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["chain", "seq", "key_id", "prev_hash", "hash"])
    AuditHead.objects.all().delete()
    if seq:
        AuditHead.objects.create(pk=1, chain="", last_seq=seq, last_hash=prev_hash)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_chain_per_partnership_and_key_id'),
    ]

    operations = [
        migrations.RunPython(rechain, unchain),
    ]
