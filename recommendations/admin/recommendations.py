"""The editors' admin of recommendations, their status history and replies.

Status changes go through `services.status`: `record_status` from the recommendation's page, `record_statuses`
from the bulk action (bulk_actions.py); the history is read-only. Saving a recommendation that someone else
changed since the form was opened is refused.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from ..models import (
    Recommendation,
    Reply,
    Review,
    Status,
    StatusEntry,
    status_label,
)
from ..search import search
from ..services.history import ChangeRefused, retry_on_deadlock
from ..services.implementation import record_implementation
from ..services.status import check_status_change, record_status, record_statuses, reply_change
from ..validators import paragraph_numbers
from .announcing import AnnouncingAdmin
from .bulk_actions import BulkAction, BulkActionMixin
from .progress import (
    PROGRESS_FIELDS,
    RECORD_PROGRESS,
    HistoryInline,
    ImplementationEntryInline,
    OptionalProgressForm,
)

STALE_EDIT_MESSAGE = (
    "Someone else changed this recommendation after you opened it, so your changes were not saved "
    "and theirs are kept. Open the recommendation again to see their changes, then make yours."
)


class StatusChangeForm(forms.Form):
    """The date, note and source asked for with every status change."""

    status = forms.ChoiceField(choices=Status.choices)
    review = forms.ModelChoiceField(
        Review.objects.all(), required=False, help_text="Required with “Under review”, and only then."
    )
    effective_on = forms.DateField(label="Took effect on", widget=AdminDateWidget)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Why the status changed.")
    source_url = forms.URLField(label="Source link", required=False, assume_scheme="https")

    def change_arguments(self) -> dict:
        return {key: self.cleaned_data[key] for key in ("status", "review", "effective_on", "note", "source_url")}


def change_status_of_each(request, queryset, form: StatusChangeForm) -> tuple[list[int], str]:
    arguments = form.change_arguments()
    ids = record_statuses(recommendations=queryset, recorded_by=request.user, **arguments)
    review = arguments["review"]
    return ids, f"Changed the status to “{status_label(arguments['status'], review.name if review else None)}”."


CHANGE_STATUS = BulkAction(
    name="change_status",
    title="Change the status of several recommendations",
    explained="The new status is added to the history",
    button="Change the status",
    done="Changed the status of {count} recommendations.",
    form_class=StatusChangeForm,
    apply=change_status_of_each,
)


class ParagraphsField(forms.CharField):
    """The report paragraphs a recommendation cites, typed as printed: "17, 18", "3.25", "4–6"."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return []
        numbers = paragraph_numbers(text)
        if numbers is None:
            raise ValidationError("Type the paragraphs as printed, separated by commas: 17, 18 or 3.25.")
        return numbers


class RecommendationAdminForm(OptionalProgressForm, forms.ModelForm):
    paragraphs = ParagraphsField(label="Report paragraphs", required=False, help_text="e.g. 17, 18 or 3.25")
    seen_version = forms.IntegerField(widget=forms.HiddenInput)
    new_status = forms.ChoiceField(
        label="Change status to",
        choices=[("", "— keep the current status —"), *Status.choices],
        required=False,
    )
    new_review = forms.ModelChoiceField(
        Review.objects.all(), required=False, label="Review", help_text="Required with “Under review”, and only then."
    )
    effective_on = forms.DateField(label="Took effect on", widget=AdminDateWidget, required=False)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="Why the status changed."
    )
    source_url = forms.URLField(label="Source link", required=False, assume_scheme="https")

    class Meta:
        model = Recommendation
        fields = ["report", "number", "position", "paragraphs", "kind", "text", "themes", "addressed_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # The row stays locked until the admin's transaction ends, so the check and the save are one step.
            current = (
                Recommendation.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current != cleaned.get("seen_version"):
                raise ValidationError(STALE_EDIT_MESSAGE, code="stale")
        if cleaned.get("new_status"):
            for field in ("effective_on", "note"):
                if not cleaned.get(field):
                    self.add_error(field, "Give this with every status change.")
            if cleaned.get("effective_on") and self.instance.pk:
                try:
                    check_status_change(
                        recommendation=self.instance,
                        status=cleaned["new_status"],
                        review=cleaned.get("new_review"),
                        effective_on=cleaned["effective_on"],
                    )
                except ChangeRefused as refusal:
                    self.add_error("new_status", str(refusal))
        self.clean_progress(cleaned, self.instance)
        return cleaned


class StatusEntryInline(HistoryInline):
    model = StatusEntry
    fields = ["effective_on", "status", "review", "note", "evidence", "source_url", "recorder", "recorded_at"]
    verbose_name_plural = "status history (read-only: change the status above)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("review", "recorded_by")

    @admin.display(description="recorded by")
    def recorder(self, entry):
        if entry.recorded_by_import:
            return "the importer"
        return entry.recorded_by or "the editorial layer (fixtures)"


class StatusProblemFilter(admin.SimpleListFilter):
    title = "status check"
    parameter_name = "status_check"

    def lookups(self, request, model_admin):
        return [("disagrees", "Status disagrees with its history")]

    def queryset(self, request, queryset):
        if self.value() == "disagrees":
            return queryset.status_disagrees_with_history()
        return queryset


@admin.register(Recommendation)
class RecommendationAdmin(BulkActionMixin, AnnouncingAdmin):
    form = RecommendationAdminForm
    list_display = ["number", "kind", "short_text", "status_shown", "theme_names", "report"]
    list_display_links = ["number", "short_text"]
    list_filter = ["status", "implementation", "themes", "addressed_to", "report", "kind", StatusProblemFilter]
    list_select_related = ["report", "review"]
    search_fields = ["number", "text", "replies__text"]
    ordering = ["report", "position"]
    filter_horizontal = ["themes", "addressed_to"]
    autocomplete_fields = ["report"]
    show_full_result_count = False
    readonly_fields = [
        "status_shown",
        "status_changed_on",
        "implementation_shown",
        "implementation_changed_on",
        "replies_shown",
    ]
    inlines = [StatusEntryInline, ImplementationEntryInline]
    actions = ["change_status", "record_progress"]
    fieldsets = [
        (None, {"fields": ["report", "number", "position", "paragraphs", "kind", "text", "themes", "addressed_to"]}),
        ("The government's replies (read-only: edit them under Replies)", {"fields": ["replies_shown"]}),
        ("Status", {"fields": ["status_shown", "status_changed_on", "seen_version"]}),
        (
            "Change the status",
            {
                "fields": ["new_status", "new_review", "effective_on", "note", "source_url"],
                "description": "The change is added to the history below with the date, note and source you give.",
            },
        ),
        (
            "Record progress (implementation: what was done)",
            {
                "fields": ["implementation_shown", "implementation_changed_on", *PROGRESS_FIELDS],
                "description": "Added to the implementation history below. Basis: the government's own claim, "
                "or checked by you against an independent source.",
            },
        ),
    ]

    def get_queryset(self, request):
        # The report names each row (str), in the list and in the selectors' search results. (The change list
        # applies list_select_related only to a queryset that has none, so both are named here.)
        return super().get_queryset(request).select_related(*self.list_select_related).prefetch_related("themes")

    # A deadlock the database breaks is tried again, whole, rather than shown as an error.
    def changeform_view(self, *args, **kwargs):
        return retry_on_deadlock(super().changeform_view)(*args, **kwargs)

    def changelist_view(self, *args, **kwargs):
        return retry_on_deadlock(super().changelist_view)(*args, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = self.fieldsets[:3]
        if self.has_status_permission(request):
            fieldsets.append(self.fieldsets[3])
        if self.has_progress_permission(request):
            fieldsets.append(self.fieldsets[4])
        return fieldsets

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        """The number as printed, or the words of the text and replies through the public search (on PostgreSQL
        its indexed vector: a substring match over 250,000 texts and their replies takes seconds)."""
        words = search_term.strip()
        if not words:
            return queryset, False
        found = search(Recommendation.objects.all(), words).values("pk")
        return queryset.filter(Q(number=words) | Q(pk__in=found)), False

    def has_status_permission(self, request):
        return request.user.has_perm("recommendations.add_statusentry")

    def has_progress_permission(self, request):
        return request.user.has_perm("recommendations.add_implementationentry")

    @admin.display(description="implementation", ordering="implementation")
    def implementation_shown(self, obj):
        return obj.implementation_label

    @admin.display(description="text")
    def short_text(self, obj):
        return Truncator(obj.text).chars(90)

    @admin.display(description="status", ordering="status")
    def status_shown(self, obj):
        return obj.status_label

    @admin.display(description="replies")
    def replies_shown(self, obj):
        replies = obj.replies.select_related("responder").order_by("position") if obj.pk else []
        rows = format_html_join(
            "",
            "<h3>{}{}</h3>{}",
            (
                (reply.responder, f": {reply.heading}" if reply.heading else "", linebreaks_filter(reply.text))
                for reply in replies
            ),
        )
        return rows or format_html("<p>{}</p>", "No reply yet.")

    @admin.display(description="themes")
    def theme_names(self, obj):
        return ", ".join(theme.name for theme in obj.themes.all())

    def save_model(self, request, obj, form, change):
        obj.version = form.cleaned_data["seen_version"] + 1 if change else 1
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("new_status") and self.has_status_permission(request):
            record_status(
                recommendation=obj,
                status=form.cleaned_data["new_status"],
                review=form.cleaned_data.get("new_review"),
                effective_on=form.cleaned_data["effective_on"],
                note=form.cleaned_data["note"],
                source_url=form.cleaned_data["source_url"],
                recorded_by=request.user,
            )
        if form.cleaned_data.get("new_implementation") and self.has_progress_permission(request):
            record_implementation(recommendation=obj, recorded_by=request.user, **form.progress_arguments())

    @admin.action(description="Record progress on the selected recommendations", permissions=["progress"])
    def record_progress(self, request, queryset):
        return self.run_bulk_action(request, queryset, RECORD_PROGRESS)

    @admin.action(description="Change the status of the selected recommendations", permissions=["status"])
    def change_status(self, request, queryset):
        return self.run_bulk_action(request, queryset, CHANGE_STATUS)


@admin.register(StatusEntry)
class StatusEntryAdmin(AnnouncingAdmin):
    """The history, read-only: entries are added from a recommendation's page."""

    list_display = [
        "recommendation",
        "effective_on",
        "status",
        "review",
        "recorded_by",
        "recorded_by_import",
        "recorded_at",
    ]
    list_filter = ["status", "recorded_by_import", "recommendation__report"]
    list_select_related = ["recommendation__report", "review", "recorded_by"]
    search_fields = ["note", "evidence", "recommendation__text"]
    date_hierarchy = "effective_on"
    # Newest first, read from the statusentry_newest_first index (the model's order sorts every entry by report).
    ordering = ["-effective_on", "-recorded_at", "-id"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def linked_ids(related_manager) -> set[int]:
    return set(related_manager.values_list("pk", flat=True))


class RecommendationSelectorsMixin:
    """Selected recommendations shown in a selector with their report (their name) read in the same query."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Recommendation:
            kwargs.setdefault("queryset", Recommendation.objects.select_related("report"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Reply)
class ReplyAdmin(RecommendationSelectorsMixin, AnnouncingAdmin):
    list_display = ["position", "report", "responder", "heading", "covers"]
    list_filter = ["report", "responder"]
    list_select_related = ["report", "responder"]
    search_fields = ["heading", "text", "recommendations__text"]
    autocomplete_fields = ["report", "recommendations"]
    ordering = ["report", "position"]
    show_full_result_count = False

    def get_queryset(self, request):
        # In report order without joining the report (its order would sort every recommendation by report).
        covered = Recommendation.objects.only("number", "position").order_by("position")
        return super().get_queryset(request).prefetch_related(Prefetch("recommendations", queryset=covered))

    @admin.display(description="covers recommendations")
    def covers(self, obj):
        return ", ".join(rec.number for rec in obj.recommendations.all())

    def change_saved(self, form, change):
        """A reply added or changed: an alert to the followers of the recommendations it covers and covered."""
        covered = linked_ids(form.instance.recommendations)
        if not form.changed_data and covered == form.linked_before:
            return super().change_saved(form, change)
        reply = form.instance
        summary = f"The reply of the {reply.responder} was {'changed' if change else 'added'}"
        return reply_change(report_id=reply.report_id, recommendation_ids=covered | form.linked_before, summary=summary)
