from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from reviewdesk.decisions.models import DecisionOutcome, Escalation, PanelResponse, PartnerDecision


@admin.register(PartnerDecision, Escalation, DecisionOutcome, PanelResponse)
class ReadOnlyAdmin(admin.ModelAdmin):
    """For support staff to look; every change goes through actions.py, with its audit event."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
