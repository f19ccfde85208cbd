"""The append-only, tamper-evident audit trail.

Each event carries the hash of the one before it, so changing or removing any row breaks the
chain at that point (see ``verify.py``). ``AuditHead`` holds the newest sequence number and
hash: writers lock it, which serialises them on PostgreSQL, and it lets a removed *last* event
be noticed too.
"""

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    event_type = models.CharField(max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="audit_events",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="audit_events_on_behalf",
    )
    partnership_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    # Reviews are referred to by id, not a foreign key, so the audit app stays at the bottom of
    # the import order and a review's trail can never be cascaded away.
    review_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    summary = models.CharField(max_length=300)
    data = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        indexes = [models.Index(fields=["review_id", "-seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Audit events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("Audit events are append-only and cannot be deleted.")

    def payload(self) -> dict[str, Any]:
        """The fields the hash covers, in a stable form."""
        return {
            "seq": self.seq,
            "occurred_at": self.occurred_at.isoformat(),
            "event_type": self.event_type,
            "actor": self.actor_id,
            "on_behalf_of": self.on_behalf_of_id,
            "partnership": self.partnership_id,
            "review": self.review_id,
            "summary": self.summary,
            "data": self.data,
            "ip": self.ip_address,
            "prev": self.prev_hash,
        }

    def compute_hash(self) -> str:
        canonical = json.dumps(self.payload(), sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()


GENESIS_HASH = "0" * 64


class AuditHead(models.Model):
    """One row: the newest event's sequence number and hash."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"audit head at #{self.last_seq}"
