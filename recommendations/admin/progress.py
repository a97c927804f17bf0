"""The editors' admin for the second axis: recording progress (implementation) on a recommendation's page and in
bulk, commitments (check the importer's proposals, edit, add, change state), and review documents.

Writes go through services.implementation and services.commitments; the histories are read-only here.
admin/recommendations.py and admin/sources.py wire these into the recommendation and review pages.
"""

from dataclasses import replace

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.db import models

from ..models import (
    Basis,
    Commitment,
    CommitmentEvent,
    CommitmentState,
    Implementation,
    ImplementationEntry,
    ReviewDocument,
    Verdict,
)
from ..services.commitments import check_commitment_state, commitment_edit, record_commitment_state
from ..services.history import ChangeRefused
from ..services.implementation import check_implementation, record_implementations
from .announcing import AnnouncingAdmin
from .bulk_actions import BulkAction

HTTPS_BY_DEFAULT = {models.URLField: {"assume_scheme": "https"}}
RECORDABLE = [(value, label) for value, label in Implementation.choices if value != Implementation.NOT_ASSESSED]
PROGRESS_FIELDS = ["new_implementation", "basis", "progress_on", "target_on", "progress_note", "progress_source_url"]


def _source_field():
    return forms.URLField(label="Source link", required=False, assume_scheme="https", help_text="http or https only.")


class ProgressForm(forms.Form):
    """What is asked with every implementation entry: the recommendation page's fields and the bulk action's."""

    new_implementation = forms.ChoiceField(label="Record progress", choices=[("", "— no new progress —"), *RECORDABLE])
    basis = forms.ChoiceField(choices=Basis.choices, initial=Basis.GOVERNMENT_SAYS)
    progress_on = forms.DateField(label="Dated", widget=AdminDateWidget, help_text="The date of the source.")
    target_on = forms.DateField(label="Target date", widget=AdminDateWidget, required=False)
    progress_note = forms.CharField(
        label="What was done", widget=forms.Textarea(attrs={"rows": 3}), help_text="In the source's words if you can."
    )
    progress_source_url = _source_field()

    def progress_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "implementation": data["new_implementation"],
            "basis": data["basis"],
            "effective_on": data["progress_on"],
            "target_on": data.get("target_on"),
            "note": data["progress_note"],
            "source_url": data.get("progress_source_url") or "",
        }


class OptionalProgressForm(ProgressForm):
    """The recommendation page's progress fields, asked for only when progress is recorded."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PROGRESS_FIELDS:
            self.fields[name].required = False

    def clean_progress(self, cleaned: dict, recommendation) -> None:
        if not cleaned.get("new_implementation"):
            return
        for name in ("progress_on", "progress_note"):
            if not cleaned.get(name):
                self.add_error(name, "Give this with every progress entry.")
        if cleaned.get("progress_on") and cleaned.get("progress_note") and recommendation.pk:
            try:
                arguments = self.progress_arguments()
                del arguments["target_on"]
                check_implementation(recommendation=recommendation, **arguments)
            except ChangeRefused as refusal:
                self.add_error("new_implementation", str(refusal))


class HistoryInline(admin.TabularInline):
    """An append-only history, shown read-only: entries are added through the form above it."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ImplementationEntryInline(HistoryInline):
    model = ImplementationEntry
    fields = ["effective_on", "implementation", "basis", "target_on", "note", "source_url", "question", "recorded_by"]
    verbose_name_plural = "implementation history (read-only: record progress above)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question", "recorded_by")


def record_progress_on_each(request, queryset, form: ProgressForm) -> tuple[list[int], str]:
    arguments = form.progress_arguments()
    ids = record_implementations(recommendations=queryset, recorded_by=request.user, **arguments)
    return ids, f"Recorded progress: “{Implementation(arguments['implementation']).label}”."


RECORD_PROGRESS = BulkAction(
    name="record_progress",
    title="Record progress on several recommendations",
    explained="The progress entry is added to the implementation history",
    button="Record progress",
    done="Recorded progress on {count} recommendations.",
    form_class=ProgressForm,
    apply=record_progress_on_each,
)


class CommitmentEventInline(HistoryInline):
    model = CommitmentEvent
    fields = ["effective_on", "state", "note", "source_url", "recorded_by", "recorded_at"]
    verbose_name_plural = "state history (read-only: change the state above)"


class CommitmentForm(forms.ModelForm):
    new_state = forms.ChoiceField(
        label="Change the state to",
        choices=[("", "— keep the current state —"), *CommitmentState.choices],
        required=False,
    )
    state_on = forms.DateField(label="Dated", widget=AdminDateWidget, required=False)
    state_note = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    state_source_url = _source_field()

    class Meta:
        model = Commitment
        fields = [
            "verdict",
            "text",
            "period",
            "due_on",
            "made_on",
            "responder",
            "recommendations",
            "note",
            "report",
            "reply",
            "question",
            "source_url",
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_state"):
            for name in ("state_on", "state_note"):
                if not cleaned.get(name):
                    self.add_error(name, "Give this with every change of state.")
            if cleaned.get("state_on") and cleaned.get("state_note") and self.instance.pk:
                try:
                    check_commitment_state(
                        commitment=self.instance,
                        state=cleaned["new_state"],
                        effective_on=cleaned["state_on"],
                        note=cleaned["state_note"],
                        source_url=cleaned.get("state_source_url") or "",
                    )
                except ChangeRefused as refusal:
                    self.add_error("new_state", str(refusal))
            elif not self.instance.pk:
                self.add_error("new_state", "Save the commitment first: a new commitment is open.")
        return cleaned


@admin.register(Commitment)
class CommitmentAdmin(AnnouncingAdmin):
    form = CommitmentForm
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ["text", "report", "responder", "period", "due_on", "verdict", "state_shown"]
    list_filter = ["verdict", "state", "report", "responder"]
    list_select_related = ["report", "responder"]
    search_fields = ["text", "period", "recommendations__text"]
    filter_horizontal = ["recommendations"]
    raw_id_fields = ["reply", "question"]
    readonly_fields = ["found_text", "state_shown", "state_changed_on"]
    inlines = [CommitmentEventInline]
    fieldsets = [
        (
            None,
            {
                "fields": ["verdict", "text", "period", "due_on", "made_on", "responder", "recommendations", "note"],
                "description": "Proposed commitments are not public until you confirm them.",
            },
        ),
        ("Source", {"fields": ["report", "reply", "question", "source_url", "found_text"]}),
        (
            "State",
            {"fields": ["state_shown", "state_changed_on", "new_state", "state_on", "state_note", "state_source_url"]},
        ),
    ]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="state")
    def state_shown(self, obj):
        return obj.state_label

    def save_model(self, request, obj, form, change):
        # Read before the save, announced after the recommendations are saved (save_related).
        form.was_public = change and Commitment.objects.filter(pk=obj.pk, verdict=Verdict.CONFIRMED).exists()
        super().save_model(request, obj, form, change)

    def change_saved(self, form, change):
        """An alert when the commitment has just been confirmed (made public); else a refresh, for the pages that
        showed it before the save and those that show it now."""
        commitment = form.instance
        newly_public = commitment.verdict == Verdict.CONFIRMED and not form.was_public
        edit = commitment_edit(commitment, newly_public=newly_public)
        return replace(edit, recommendation_ids=tuple(sorted({*edit.recommendation_ids, *form.linked_before})))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        data = form.cleaned_data
        if data.get("new_state"):
            record_commitment_state(
                commitment=form.instance,
                state=data["new_state"],
                effective_on=data["state_on"],
                note=data["state_note"],
                source_url=data.get("state_source_url") or "",
                recorded_by=request.user,
            )


class ReviewDocumentInline(admin.TabularInline):
    model = ReviewDocument
    formfield_overrides = HTTPS_BY_DEFAULT
    fields = ["title", "published_on", "url"]
    extra = 1
    can_delete = False
