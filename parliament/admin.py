"""Editors' admin for what the sync brings: departments, the questions it proposes (confirm or reject), and, read
only, its bookkeeping. Reports' links to responses are edited on the report: "Set by an editor" keeps a link that
the sync will never change."""

import json
import tempfile
from pathlib import Path

from django.contrib import admin, messages
from django.db import transaction

from intake.common import DocumentError
from intake.questions import import_questions
from recommendations.admin.announcing import AnnouncingAdmin
from recommendations.models import Department

from .models import Publication, QuestionProposal, SyncWindow


@admin.register(Department)
class DepartmentAdmin(AnnouncingAdmin):
    list_display = ["name", "slug", "parliament_id"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SyncWindow)
class SyncWindowAdmin(ReadOnlyAdmin):
    list_display = ["key", "items", "done_at"]
    search_fields = ["key"]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ["parliament_id", "kind", "description", "published_on", "answers", "link", "document_error"]
    list_filter = ["kind", "link"]
    search_fields = ["description", "paper_number"]


@admin.register(QuestionProposal)
class QuestionProposalAdmin(admin.ModelAdmin):
    list_display = ["heading", "report", "asked_on", "answering_body", "matched", "verdict"]
    list_filter = ["verdict"]
    list_select_related = ["report"]
    search_fields = ["heading", "question_text", "uin"]
    readonly_fields = [f.name for f in QuestionProposal._meta.fields if f.name != "verdict"]
    actions = ["confirm", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Confirm: import the question (then link it to recommendations)")
    def confirm(self, request, queryset):
        proposals = list(queryset.filter(verdict=QuestionProposal.Verdict.PROPOSED))
        if not proposals:
            return
        with tempfile.TemporaryDirectory() as folder, transaction.atomic():
            path = Path(folder) / "questions.json"
            path.write_text(json.dumps([proposal.data for proposal in proposals]))
            try:
                summary = import_questions([path], format="api")
            except DocumentError as error:
                self.message_user(request, f"Nothing was imported: {error}", messages.ERROR)
                return
            queryset.filter(pk__in=[p.pk for p in proposals]).update(verdict=QuestionProposal.Verdict.CONFIRMED)
        self.message_user(request, f"Imported: {summary}. Link each question to the recommendations it follows up.")

    @admin.action(description="Reject: not about this report")
    def reject(self, request, queryset):
        queryset.update(verdict=QuestionProposal.Verdict.REJECTED)
