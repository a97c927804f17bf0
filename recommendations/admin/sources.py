"""The editors' admin of what recommendations come from and are grouped by: reports, themes, bodies, reviews,
committees and written questions. Every save announces (announcing.AnnouncingAdmin)."""

from django.contrib import admin

from ..models import (
    Body,
    Committee,
    Report,
    Review,
    Theme,
    WrittenQuestion,
)
from ..services.status import (
    announce_question_links,
)
from .announcing import AnnouncingAdmin
from .progress import (
    ReviewDocumentInline,
)
from .recommendations import RecommendationSelectorsMixin, linked_ids


@admin.register(Report)
class ReportAdmin(AnnouncingAdmin):
    list_display = ["title", "committee", "hc_number", "published_on", "response_received_on", "response_link"]
    list_filter = ["response_link", "has_no_document", "committee"]
    list_select_related = ["committee"]
    search_fields = ["title", "hc_number"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Theme)
class ThemeAdmin(AnnouncingAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Body)
class BodyAdmin(AnnouncingAdmin):
    list_display = ["name", "short_name", "slug"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Review)
class ReviewAdmin(AnnouncingAdmin):
    list_display = ["name", "announced"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ReviewDocumentInline]


@admin.register(Committee)
class CommitteeAdmin(AnnouncingAdmin):
    list_display = ["name", "house"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(WrittenQuestion)
class WrittenQuestionAdmin(RecommendationSelectorsMixin, AnnouncingAdmin):
    list_display = ["heading", "house", "asking_member", "department", "asked_on", "answered_on"]
    list_filter = ["house", "department", "themes"]
    search_fields = ["heading", "question_text", "answer_text", "asking_member", "answering_member"]
    filter_horizontal = ["themes"]
    autocomplete_fields = ["recommendations", "grouped_with"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        newly_linked = linked_ids(form.instance.recommendations) - form.linked_before
        if newly_linked:
            # Besides the refresh: an alert to the followers of the recommendations newly linked, and them alone.
            announce_question_links(form.instance, newly_linked)

    def get_readonly_fields(self, request, obj=None):
        # HTML answers were sanitised on import and are shown as HTML: nobody may type HTML into them.
        if obj is not None and obj.answer_is_html:
            return ["answer_is_html", "answer_text"]
        return ["answer_is_html"]
