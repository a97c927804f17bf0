"""The sync's own bookkeeping: which windows of the walk are done, and each publication as Parliament last gave it
(so that links and documents can be worked out across windows and runs). Nothing here is shown to the public."""

from django.db import models


class SyncWindow(models.Model):
    """One window of the walk, done: a kind of item over a span of dates (one committee's, or all)."""

    key = models.CharField(max_length=200, unique=True, help_text='e.g. "publications:Report:2020-01-01:2020-01-31"')
    ends_on = models.DateField(null=True, blank=True)
    items = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField()

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.key


class PublicationKind(models.TextChoices):
    REPORT = "report", "Report"
    GOVERNMENT_RESPONSE = "government_response", "Government Response"
    SPECIAL_REPORT = "special_report", "Special Report"


class Publication(models.Model):
    """A committee publication as the Committees API last described it."""

    parliament_id = models.PositiveIntegerField(unique=True)
    kind = models.CharField(max_length=30, choices=PublicationKind.choices)
    committee_parliament_id = models.PositiveIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)
    published_on = models.DateField(null=True, blank=True)
    paper_number = models.CharField(max_length=40, blank=True, help_text='As printed, e.g. "HC 20".')
    response_to = models.PositiveIntegerField(null=True, blank=True, help_text="responseToPublicationId")
    responses = models.JSONField(default=list, blank=True, help_text="The ids in governmentResponses.publication.")
    answers = models.PositiveIntegerField(
        null=True, blank=True, help_text="For a response: the Parliament id of the report it answers, if known."
    )
    link = models.CharField(max_length=10, blank=True, help_text="How that is known: recorded or inferred.")
    data = models.JSONField(help_text="The item as the API gave it.")
    digest = models.CharField(max_length=64, help_text="SHA-256 of the item, to tell a changed one.")
    fetched_at = models.DateTimeField()
    document_sha256 = models.CharField(max_length=64, blank=True, help_text="The document last made into a draft.")
    document_error = models.TextField(blank=True, help_text="Why its document could not be made into a draft.")

    class Meta:
        ordering = ["published_on", "parliament_id"]
        indexes = [models.Index(fields=["kind", "committee_parliament_id"], name="publication_kind_committee")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.parliament_id}: {self.description[:60]}"


class QuestionProposal(models.Model):
    """A written question that may follow a report up, found by words; an editor confirms or rejects it."""

    class Verdict(models.TextChoices):
        PROPOSED = "proposed", "Proposed, not yet checked"
        CONFIRMED = "confirmed", "Confirmed by an editor"
        REJECTED = "rejected", "Not about this report"

    report = models.ForeignKey("recommendations.Report", on_delete=models.CASCADE, related_name="+")
    question_id = models.PositiveIntegerField("Parliament's id of the question")
    uin = models.CharField("UIN", max_length=30, blank=True)
    heading = models.CharField(max_length=300, blank=True)
    asked_on = models.DateField(null=True, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answering_body = models.CharField(max_length=200, blank=True)
    question_text = models.TextField(blank=True)
    answer_text = models.TextField(blank=True)
    matched = models.JSONField(default=list, help_text="The report's words found in the question or its answer.")
    data = models.JSONField(default=dict, help_text="The question as the API gave it, in full.")
    verdict = models.CharField(max_length=20, choices=Verdict.choices, default=Verdict.PROPOSED)

    class Meta:
        ordering = ["report", "-asked_on"]
        constraints = [models.UniqueConstraint(fields=["report", "question_id"], name="questionproposal_unique")]

    def __str__(self):
        return f"{self.uin or self.question_id}: {self.heading}"
