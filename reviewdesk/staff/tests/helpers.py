"""Helpers for the staff tests: a practitioner's row, counts of what an import may change."""

from typing import Any

from django.core import mail

from reviewdesk.accounts.models import User
from reviewdesk.audit.models import AuditEvent
from reviewdesk.reviews.models import IdentityEntry, ReviewMembership, TimelineEntry
from reviewdesk.staff.models import Practitioner


def row(name: str = "Hazel Pennock", email: str = "hazel.pennock@example.test",
        agency: str = "Testshire Health / ICB", job: str = "Health Visitor",
        manager_email: str = "", manager_name: str = "") -> dict[str, Any]:
    return {"name": name, "email": email, "agency": agency, "job_title": job,
            "manager_email": manager_email, "manager_name": manager_name}


def state() -> tuple[int, ...]:
    """Everything adding practitioners may create (reads aside): a refused add leaves every count
    as it was."""
    return (User.objects.count(), Practitioner.objects.count(), ReviewMembership.objects.count(),
            IdentityEntry.objects.count(), TimelineEntry.objects.count(),
            AuditEvent.objects.exclude(event_type__endswith="viewed").count(), len(mail.outbox))
