"""The recommendation list's bulk actions (change the status, record progress): one form applied to every
selected recommendation, all or nothing, through a bulk service.

The first post (from the change list) shows a confirmation page: the form, the count and a sample of the rows.
Its form posts the selection back without naming every row: "select all" as select_across (the rows are those
of the change list's filter, which the page's address carries), a few ticked rows as one field of ids.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.db.models import QuerySet
from django.template.response import TemplateResponse

from ..models import Recommendation
from ..services.history import BULK_BATCH, ChangeRefused

# The confirmation page lists this many of the recommendations it will change.
BULK_SAMPLE_SIZE = 20
# The ids of the rows ticked on the change list, comma-separated, posted back by the confirmation page.
TICKED_FIELD = "ticked_ids"


@dataclass(frozen=True)
class BulkAction:
    name: str
    title: str
    # What happens to each recommendation, and what was done: "Changed the status of {count} recommendations."
    explained: str
    button: str
    done: str
    form_class: type[forms.Form]
    # (request, the selected recommendations, the valid form) -> (ids changed, the admin log's message).
    apply: Callable[..., tuple[list[int], str]]


class BulkActionMixin:
    """Runs a BulkAction from a ModelAdmin's action method: `return self.run_bulk_action(request, queryset, ...)`."""

    def run_bulk_action(self, request, queryset: QuerySet, action: BulkAction):
        queryset = ticked_only(request, queryset)
        form = action.form_class(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self.bulk_confirmation(request, queryset, action, form)
        try:
            with transaction.atomic():
                ids, message = action.apply(request, queryset, form)
                log_changes_in_bulk(request.user, ids, message)
        except ChangeRefused as refusal:
            self.message_user(request, f"Nothing was changed. {refusal}", messages.ERROR)
        else:
            self.message_user(request, action.done.format(count=len(ids)), messages.SUCCESS)
        return None

    def bulk_confirmation(self, request, queryset: QuerySet, action: BulkAction, form) -> TemplateResponse:
        select_across = request.POST.get("select_across") == "1"
        ticked = [pk for pk in request.POST.getlist(ACTION_CHECKBOX_NAME) if pk.isdigit()]
        return TemplateResponse(
            request,
            "admin/recommendations/bulk_action.html",
            {
                **self.admin_site.each_context(request),
                "title": action.title,
                "action": action,
                "opts": self.model._meta,
                "count": queryset.count(),
                "sample": queryset.select_related("report", "review")[:BULK_SAMPLE_SIZE],
                # The change list runs an action only when at least one row is ticked: one is posted back.
                "first_ticked": ticked[0] if ticked else "",
                "ticked_ids": "" if select_across else ",".join(ticked),
                "ticked_field": TICKED_FIELD,
                "form": form,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "media": self.media + form.media,
            },
        )


def ticked_only(request, queryset: QuerySet) -> QuerySet:
    """The rows ticked, when the confirmation page names them; else the rows the change list selected."""
    ticked = request.POST.get(TICKED_FIELD, "")
    if not ticked:
        return queryset
    return queryset.filter(pk__in=[int(pk) for pk in ticked.split(",") if pk.isdigit()])


def log_changes_in_bulk(user, ids: list[int], message: str) -> None:
    """One admin log entry per recommendation changed, written in bulk."""
    for start in range(0, len(ids), BULK_BATCH):
        batch = Recommendation.objects.filter(pk__in=ids[start : start + BULK_BATCH]).select_related("report")
        LogEntry.objects.log_actions(user.pk, batch.only("pk", "number", "report__slug"), CHANGE, message)
