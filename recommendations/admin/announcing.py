"""Every save and delete in the editors' admin announces the change (changes.announce), so that no public page is
served stale and followers hear of it."""

from django.contrib import admin

from ..changes import Change, ChangeKind, announce
from ..models import (
    Recommendation,
    Report,
)


class AnnouncingAdmin(admin.ModelAdmin):
    """Every save and delete in the editors' admin announces the change (changes.announce), so that no public
    page is served stale. Every ModelAdmin of public data derives from it; the status action and inline go
    through services.status.record_status, which announces its own changes."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        announce(edit_of(obj, "Edited"))

    def delete_model(self, request, obj):
        change = edit_of(obj, "Deleted")
        super().delete_model(request, obj)
        announce(change)

    def delete_queryset(self, request, queryset):
        what = queryset.model._meta.verbose_name_plural
        super().delete_queryset(request, queryset)
        announce(Change(kind=ChangeKind.EDIT, summary=f"{what} deleted in the admin".capitalize()))


def edit_of(obj, done: str) -> Change:
    """An edit of one object in the admin, with the recommendation and report it concerns where it has them."""
    is_recommendation, is_report = isinstance(obj, Recommendation), isinstance(obj, Report)
    return Change(
        kind=ChangeKind.EDIT,
        recommendation_ids=(obj.pk,) if is_recommendation else (),
        report_id=obj.pk if is_report else getattr(obj, "report_id", None),
        summary=f"{done} in the admin",
        source=f"{obj._meta.model_name}:{obj.pk}",
    )
