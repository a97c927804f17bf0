"""A draft waits here between an upload and its publication: the original file with its SHA-256, what the pipeline
read from it (editable by editors in the review page), and where it is to be published."""

from django.conf import settings
from django.db import models

from recommendations.validators import validate_web_address


class Draft(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", "Waiting for review"
        PUBLISHED = "published", "Published"
        DISCARDED = "discarded", "Discarded"

    file_name = models.CharField(max_length=200)
    original = models.BinaryField(editable=False, help_text="The file as uploaded.")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True, editable=False)
    format = models.CharField(max_length=10, editable=False, help_text="pdf, html or text, read from the content.")
    content = models.JSONField(editable=False, help_text="What the pipeline read, with the editors' changes.")
    choices = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="Editors' choices where a correction and the document differ.",
    )
    # Where it is published: what the document does not say, or what an editor corrects.
    report_slug = models.SlugField(max_length=200, blank=True)
    title = models.CharField("report title", max_length=300, blank=True)
    committee = models.CharField(max_length=200, blank=True)
    response_date = models.DateField(
        null=True, blank=True, help_text="The date for the suggested statuses, if the document gives none."
    )
    source_url = models.URLField("link to the response", blank=True, validators=[validate_web_address])
    state = models.CharField(max_length=20, choices=State.choices, default=State.WAITING, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False, help_text="Bumped on every edit.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    report = models.ForeignKey(
        "recommendations.Report", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        get_latest_by = "uploaded_at"
        permissions = [("publish_draft", "Can publish a reviewed draft")]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display().lower()})"
