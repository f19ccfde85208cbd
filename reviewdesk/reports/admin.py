from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from reviewdesk.reports.models import DraftCheck


@admin.register(DraftCheck)
class DraftCheckAdmin(admin.ModelAdmin):
    """For support staff to see a check's state (a stuck or failed scan). Read-only, and without
    the draft's text, file, name or findings: those are the case's identities."""

    list_display = ["review", "number", "status", "progress", "kind", "words", "created_at",
                    "finished_at"]
    list_filter = ["status", "kind"]
    fields = ["review", "number", "uploaded_by", "kind", "size", "words", "status", "progress",
              "error", "skipped_false_alarms", "created_at", "started_at", "finished_at",
              "scan_seconds"]

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
