from django.contrib import admin

from reviewdesk.commissioning.models import Reviewer


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    list_display = ["full_name", "organisation", "email", "is_active"]
    list_filter = ["is_active"]
