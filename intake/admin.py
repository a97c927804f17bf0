"""The editors' intake: upload a government response, review the draft beside the document's words, publish.

Upload (any PDF, HTML or text, read by its content, size-limited) → a Draft with the original file and its
SHA-256 → the review page (doubts first; each recommendation beside its replies; corrections as small forms that
work without JavaScript) → Publish, through the same save as `import_response`. Drafts are never deleted, only
discarded; a stale edit (someone else changed the draft since the page was opened) is refused.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from intake.common import DocumentError
from intake.rules.tables import BODIES

from . import review
from .draft import from_json, to_json
from .drafts import PublishRefused, publish
from .models import Draft
from .pairing import pair_doubts
from .review_page import review_page
from .save import DOCUMENT, EDITOR, conflicts
from .uploads import UploadRefused, take_in

MAX_UPLOAD_BYTES = getattr(settings, "INTAKE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)


class UploadForm(forms.Form):
    document = forms.FileField(
        label="Government response or committee report",
        help_text=f"A PDF, a web page saved as HTML, or a text file, up to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
    )

    def clean_document(self):
        document = self.cleaned_data["document"]
        if document.size > MAX_UPLOAD_BYTES:
            size, limit = document.size / (1024 * 1024), MAX_UPLOAD_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"The file is {size:.1f} MB; the limit is {limit} MB. Nothing was saved.")
        return document


class ReportForm(forms.ModelForm):
    source_url = forms.URLField(label="Link to the response", required=False, assume_scheme="https")

    class Meta:
        model = Draft
        fields = ["title", "committee", "report_slug", "response_date", "source_url"]
        help_texts = {
            "report_slug": "Where the report is published; an existing report with this slug is updated.",
            "response_date": "YYYY-MM-DD. Only needed if the document does not say when the response was received.",
        }


@admin.register(Draft)
class DraftAdmin(admin.ModelAdmin):
    list_display = ["file_name", "format", "state", "uploaded_at", "uploaded_by", "report"]
    list_filter = ["state", "format"]
    search_fields = ["file_name", "sha256", "title"]
    list_select_related = ["uploaded_by", "report"]

    def get_queryset(self, request):
        # The list shows none of a draft's file or content, which can be megabytes each.
        return super().get_queryset(request).defer("original", "content", "choices")

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name="intake_draft_upload"),
            path("<int:draft_id>/review/", view(self.review_view), name="intake_draft_review"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:intake_draft_upload"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit():
            return HttpResponseRedirect(reverse("admin:intake_draft_changelist"))
        return HttpResponseRedirect(reverse("admin:intake_draft_review", args=[object_id]))

    # --- Upload ---------------------------------------------------------------------------------------

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["document"]
            data = upload.read()
            try:
                row, new = take_in(upload.name, data, user=request.user)
            except UploadRefused as refusal:
                form.add_error("document", str(refusal))
            except DocumentError as error:
                form.add_error("document", f"{error} Nothing was saved.")
            else:
                if not new:
                    return self._to_earlier(request, row)
                self._announce_kept(request, row)
                return HttpResponseRedirect(reverse("admin:intake_draft_review", args=[row.pk]))
        context = {**self.admin_site.each_context(request), "title": "Upload a government response", "form": form}
        context["opts"] = self.model._meta
        return TemplateResponse(request, "admin/intake/draft/upload.html", context)

    def _to_earlier(self, request, earlier: Draft):
        state = earlier.get_state_display().lower()
        messages.info(request, f"This file was uploaded before, as {earlier.file_name} on "
                               f"{earlier.uploaded_at:%-d %B %Y}, and its draft is {state}: here it is. "
                               "Nothing new was saved.")  # fmt: skip
        return HttpResponseRedirect(reverse("admin:intake_draft_review", args=[earlier.pk]))

    def _announce_kept(self, request, row: Draft) -> None:
        self.log_addition(request, row, f"Uploaded {row.file_name} ({row.format}, SHA-256 {row.sha256}).")
        discarded = Draft.objects.filter(sha256=row.sha256).exclude(pk=row.pk).order_by("uploaded_at", "id").first()
        if discarded:
            messages.info(
                request, f"The same file was uploaded before: {discarded} on {discarded.uploaded_at:%-d %B %Y}."
            )

    # --- Review ------------------------------------------------------------------------------------------

    def review_view(self, request, draft_id: int):
        row = get_object_or_404(Draft, pk=draft_id)
        if not self.has_view_permission(request, row):
            raise PermissionDenied
        report_form = ReportForm(instance=row)
        if request.method == "POST":
            response, report_form = self._post(request, row, report_form)
            if response is not None:
                return response
        return TemplateResponse(
            request, "admin/intake/draft/review.html", self._review_context(request, row, report_form)
        )

    def _post(self, request, row: Draft, report_form):
        action = request.POST.get("action", "")
        needed = "publish_draft" if action == "publish" else "change_draft"
        if not request.user.has_perm(f"intake.{needed}"):
            raise PermissionDenied
        if row.state != Draft.State.WAITING:
            messages.error(request, f"This draft is {row.get_state_display().lower()}; it can no longer be changed.")
            return self._back(request, row), report_form
        seen = request.POST.get("version", "")
        if action == "publish":
            return self._publish(request, row, seen), report_form
        if seen != str(row.version):
            messages.error(request, "Someone changed this draft after you opened it, so your change was not made. "
                                    "Look at the draft as it is now, then make your change again.")  # fmt: skip
            return self._back(request, row), report_form
        if action == "report":
            report_form = ReportForm(request.POST, instance=row)
            if not report_form.is_valid():
                return None, report_form
            report_form.save(commit=False)
            return self._saved(request, row, "Report details saved.", "report"), report_form
        if action == "discard":
            row.state = Draft.State.DISCARDED
            return self._saved(request, row, "The draft was discarded; nothing was published.", ""), report_form
        if action == "choices":
            # The page shows some of the conflicts: the choices made on other pages stay.
            row.choices = {
                **row.choices,
                **{
                    key: value
                    for key, value in request.POST.items()
                    if key.startswith(("recommendation:", "reply:")) and value in (DOCUMENT, EDITOR)
                },
            }
            return self._saved(request, row, "Your choices are kept for publishing.", "conflicts"), report_form
        return self._edit(request, row, action), report_form

    def _edit(self, request, row: Draft, action: str):
        draft = from_json(row.content)
        try:
            if action == "reading_order":  # the whole draft
                review.number_in_reading_order(draft)
            else:
                _correct(draft, action, request.POST)
        except ValueError:
            messages.error(request, "Choose a sentence from the list. Nothing was changed.")
            return self._back(request, row)
        except review.ReviewError as error:
            messages.error(request, f"{error} Nothing was changed.")
            return self._back(request, row)
        row.content = to_json(draft)
        return self._saved(request, row, "Your correction was made; the rules read the draft again.", "")

    def _saved(self, request, row: Draft, message: str, anchor: str):
        with transaction.atomic():
            updated = Draft.objects.filter(pk=row.pk, version=row.version, state=Draft.State.WAITING).update(
                content=row.content, choices=row.choices, state=row.state, version=row.version + 1,
                title=row.title, committee=row.committee, report_slug=row.report_slug,
                response_date=row.response_date, source_url=row.source_url,
            )  # fmt: skip
            if updated:
                self.log_change(request, row, message)
        if updated:
            messages.success(request, message)
        else:
            messages.error(request, "Someone changed this draft at the same moment; your change was not made.")
        return self._back(request, row, anchor)

    def _publish(self, request, row: Draft, seen: str):
        try:
            result = publish(draft_id=row.pk, seen_version=int(seen) if seen.isdigit() else -1, user=request.user)
        except PublishRefused as refusal:
            messages.error(request, str(refusal))
            return self._back(request, row)
        self.log_change(request, row, f"Published: {result}")
        messages.success(request, f"Published. {result}")
        return self._back(request, row)

    def _back(self, request, row: Draft, anchor: str = ""):
        """Back to the review, on the page the editor was on."""
        url = reverse("admin:intake_draft_review", args=[row.pk])
        page = request.GET.get("page", "")
        if page.isdigit():
            url += f"?page={page}"
        return HttpResponseRedirect(f"{url}#{anchor}" if anchor else url)

    def _review_context(self, request, row: Draft, report_form) -> dict:
        draft = from_json(row.content)
        waiting = row.state == Draft.State.WAITING
        found = conflicts(pair_doubts(draft, row.report_slug), row.report_slug) if waiting and row.report_slug else []
        shown = review_page(draft, request.GET.get("page"), found)
        return {
            **self.admin_site.each_context(request),
            "title": f"Review {row.file_name}",
            "opts": self.model._meta,
            "row": row,
            "draft": draft,
            "page": shown.page,
            "rows": shown.rows,
            "replies": shown.replies,
            "last_index": len(draft.recommendations) - 1,
            "doubts": shown.doubts,
            "doubt_count": shown.doubt_count,
            "blocking": shown.blocking,
            "conflicts": [(conflict, row.choices.get(conflict.key, EDITOR)) for conflict in shown.conflicts],
            "conflict_count": len(found),
            "report_form": report_form,
            "responders": [body.slug for body in BODIES],
            "can_change": waiting and request.user.has_perm("intake.change_draft"),
            "can_publish": waiting and request.user.has_perm("intake.publish_draft"),
            "numbering_in_doubt": review.numbering_in_doubt(draft),
        }


def _correct(draft, action: str, post) -> None:
    """One correction of one recommendation or reply (`index`), as the review page's form asks."""
    index = int(post.get("index", ""))
    if action == "heading":
        review.heading_not_recommendation(draft, index)
    elif action == "recommendation":
        review.edit_recommendation(draft, index, **_fields(post, "number", "paragraphs", "text"))
    elif action == "split":
        review.split_recommendation(
            draft, index, after_sentence=int(post.get("sentence", "")), new_number=post.get("new_number", "")
        )
    elif action == "merge":
        review.merge_with_next(draft, index)
    elif action == "boundary":
        review.move_boundary(draft, index, reply_starts_at=int(post.get("sentence", "")))
    elif action == "reply":
        review.edit_reply(draft, index, **_fields(post, "heading", "responder", "text", "numbers"))
    else:
        raise review.ReviewError("Unknown action.")


def _fields(post, *names: str) -> dict[str, str]:
    return {name: post.get(name, "") for name in names}
