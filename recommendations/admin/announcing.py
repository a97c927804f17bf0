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
    page is served stale. Every ModelAdmin of public data derives from it; tests/site/test_announcing.py checks
    the admin site's registry. A save announces once, when the object, its relations and its inlines are all
    saved; history written by a service (a status, progress, a commitment's state) is announced by the service.
    """

    def save_model(self, request, obj, form, change):
        # The recommendations that showed the object before the save must show it changed too.
        form.linked_before = linked_recommendation_ids(obj) if change else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        announce(self.change_saved(form, change))

    def change_saved(self, form, change) -> Change:
        """The change one save made. An admin whose saves are worth more than a refresh (an alert) names it."""
        return edit_of(form.instance, "Edited", linked_before=getattr(form, "linked_before", set()))

    def delete_model(self, request, obj):
        change = edit_of(obj, "Deleted", deleted=True)
        super().delete_model(request, obj)
        announce(change)

    def delete_queryset(self, request, queryset):
        model = queryset.model
        ids = list(queryset.values_list("pk", flat=True))
        linked = set().union(*(linked_recommendation_ids(obj) for obj in queryset))
        super().delete_queryset(request, queryset)
        what = model._meta.verbose_name_plural
        announce(
            Change(
                kind=ChangeKind.EDIT,
                recommendation_ids=tuple(sorted(linked)),
                summary=f"{what} deleted in the admin".capitalize(),
                deleted=tuple((model._meta.model_name, pk) for pk in ids),
            )
        )


# The relations through which an object is shown inside recommendations (their themes, bodies, replies, ...).
RECOMMENDATION_LINKS = ("recommendations", "recommendations_addressed", "recommendation_set")


def linked_recommendation_ids(obj) -> set[int]:
    """The recommendations that show this object, so that their `updated_at` moves when it changes."""
    if isinstance(obj, Recommendation):
        return {obj.pk}
    if getattr(obj, "recommendation_id", None):
        return {obj.recommendation_id}
    links = (getattr(obj, name) for name in RECOMMENDATION_LINKS if hasattr(obj, name) and obj.pk)
    return {pk for link in links for pk in link.values_list("pk", flat=True)}


def edit_of(obj, done: str, *, deleted: bool = False, linked_before: set[int] = frozenset()) -> Change:
    """An edit of one object in the admin, with the recommendations and report it concerns where it has them."""
    is_report = isinstance(obj, Report)
    return Change(
        kind=ChangeKind.EDIT,
        recommendation_ids=tuple(sorted(linked_recommendation_ids(obj) | linked_before)),
        report_id=obj.pk if is_report else getattr(obj, "report_id", None),
        summary=f"{done} in the admin",
        source=f"{obj._meta.model_name}:{obj.pk}",
        deleted=((obj._meta.model_name, obj.pk),) if deleted else (),
    )
