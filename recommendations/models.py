"""The domain: committees, reports and their government
responses, recommendations, replies, the status history, and the second axis:
implementation history, commitments (with their state history) and the
documents reviews produced.

A recommendation's current status is a copy of its latest history entry, kept
for fast filtering. Only `recommendations.services.status.record_status` writes it.
Likewise its implementation (`services.implementation.record_implementation`)
and a commitment's state (`services.commitments.record_commitment_state`).
"""

import datetime

from django.conf import settings
from django.db import connection, models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from .timephrases import add_months
from .validators import (
    validate_no_bidi_controls,
    validate_number,
    validate_paragraphs,
    validate_text_length,
    validate_web_address,
)

# A government response is due this many months after the report is published.
RESPONSE_DUE_MONTHS = 2

PLAIN = [validate_no_bidi_controls]
LONG_TEXT = [validate_no_bidi_controls, validate_text_length]
LINK = [validate_web_address]


class Status(models.TextChoices):
    AWAITING_RESPONSE = "awaiting_response", "Awaiting response"
    ACCEPTED = "accepted", "Accepted"
    ACCEPTED_IN_PRINCIPLE = "accepted_in_principle", "Accepted in principle"
    PARTIALLY_ACCEPTED = "partially_accepted", "Partially accepted"
    UNDER_REVIEW = "under_review", "Under review"
    UNDER_CONSIDERATION = "under_consideration", "Under consideration"
    NOTED = "noted", "Noted"
    REJECTED = "rejected", "Rejected"


# The list's "status" order, the vocabulary's (an index serves it).
STATUS_ORDER = models.Case(
    *(models.When(status=value, then=models.Value(i)) for i, value in enumerate(Status.values)),
    output_field=models.IntegerField(),
)


def status_label(status: str, review_name: str | None) -> str:
    """The label shown for a status: "Under SEND Review" rather than "Under review"."""
    if status == Status.UNDER_REVIEW and review_name:
        return f"Under {review_name}"
    return Status(status).label


class Implementation(models.TextChoices):
    """What the government did (the status is what it said)."""

    NOT_ASSESSED = "not_assessed", "Not yet assessed"
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    PARTIALLY_IMPLEMENTED = "partially_implemented", "Partially implemented"
    IMPLEMENTED = "implemented", "Implemented"
    NOT_IMPLEMENTED = "not_implemented", "Not implemented"
    SUPERSEDED = "superseded", "Overtaken by events"


class Basis(models.TextChoices):
    GOVERNMENT_SAYS = "government_says", "The government says so"
    VERIFIED = "verified", "Verified by an editor"


class CommitmentState(models.TextChoices):
    OPEN = "open", "Open"
    MET = "met", "Met"
    MISSED = "missed", "Missed"
    DROPPED = "dropped", "Dropped"


class Verdict(models.TextChoices):
    """An editor's check of a commitment the importer proposed. Only confirmed commitments are public."""

    PROPOSED = "proposed", "Proposed by the importer, not yet checked"
    CONFIRMED = "confirmed", "Confirmed by an editor"
    NOT_A_COMMITMENT = "not_a_commitment", "Not a commitment"


class Kind(models.TextChoices):
    CONCLUSION = "conclusion", "Conclusion"
    RECOMMENDATION = "recommendation", "Recommendation"


def status_constraints(prefix: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(condition=Q(status__in=Status.values), name=f"{prefix}_status_in_vocabulary"),
        models.CheckConstraint(
            condition=(
                Q(status=Status.UNDER_REVIEW, review__isnull=False)
                | (~Q(status=Status.UNDER_REVIEW) & Q(review__isnull=True))
            ),
            name=f"{prefix}_review_exactly_when_under_review",
        ),
    ]


def updated_at_field():
    """When the object, or what the read API embeds in it, last changed: set on every save(), and on the
    recommendations a change names by `changes.announce` (for writes that do not go through save())."""
    return models.DateTimeField(auto_now=True, db_index=True)


# The houses a committee can belong to, as the site names them.
COMMITTEE_HOUSES = ("House of Commons", "House of Lords", "Joint Committee")


class Department(models.Model):
    """A government department: it answers committees' reports, and committees scrutinise it."""

    name = models.CharField(max_length=200, unique=True, validators=PLAIN)
    slug = models.SlugField(max_length=200, unique=True)
    parliament_id = models.PositiveIntegerField(
        "Parliament's id", null=True, blank=True, unique=True, help_text="Its id in Parliament's APIs, if known."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("department_detail", args=[self.slug])


class Committee(models.Model):
    name = models.CharField(max_length=200, validators=PLAIN)
    house = models.CharField(max_length=100, default="House of Commons", validators=PLAIN)
    slug = models.SlugField(max_length=200, unique=True)
    parliament_id = models.PositiveIntegerField(
        "Parliament's id", null=True, blank=True, unique=True, help_text="Its id in the Committees API, if known."
    )
    category = models.CharField(max_length=100, blank=True, help_text='e.g. "Select"')
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True, help_text="Empty while the committee sits.")
    departments = models.ManyToManyField(
        Department, blank=True, related_name="committees", help_text="The departments it scrutinises."
    )
    synced = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="The values as the sync from Parliament last wrote them, to tell an editor's edits from changes "
        "at the source.",
    )
    updated_at = updated_at_field()

    class Meta:
        ordering = ["name"]
        constraints = [
            # Parliament has had several committees of one name (re-established ones): its id tells them apart.
            models.UniqueConstraint(
                fields=["house", "name"], condition=Q(parliament_id__isnull=True), name="committee_unique_name"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("committee_detail", args=[self.slug])


class AddMonths(models.Func):
    """A date `months` later, clamped to the month's last day as `timephrases.add_months` does."""

    output_field = models.DateField()

    def __init__(self, expression, months: int, **extra):
        self.months = int(months)
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(({sql}) + INTERVAL '{self.months} months' AS date)", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        months = self.months
        same_day = f"date({sql}, '+{months} months')"
        month_end = f"date({sql}, 'start of month', '+{months + 1} months', '-1 day')"
        return f"min({same_day}, {month_end})", params * 2


class ReportQuerySet(models.QuerySet):
    def with_due_on(self):
        """Each report's response deadline as `due_on` (as `Report.response_due_on` reads it)."""
        return self.annotate(
            due_on=Coalesce(
                "response_deadline", AddMonths("published_on", RESPONSE_DUE_MONTHS), output_field=models.DateField()
            )
        )

    def awaiting_response(self):
        return self.filter(response_received_on__isnull=True, response_excepted=False, published_on__isnull=False)

    def overdue(self, today: datetime.date | None = None):
        return self.awaiting_response().with_due_on().filter(due_on__lt=today or timezone.localdate())


class ResponseLink(models.TextChoices):
    """How a report came to be linked to its government response."""

    NONE = "", "Not linked"
    RECORDED = "recorded", "Recorded by Parliament"
    INFERRED = "inferred", "Inferred from the response's description"
    EDITOR = "editor", "Set by an editor"


class Report(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="reports")
    title = models.CharField(max_length=300, validators=PLAIN)
    slug = models.SlugField(max_length=200, unique=True)
    hc_number = models.CharField(
        "HC number", max_length=20, blank=True, help_text='As printed, e.g. "HC 20".', validators=PLAIN
    )
    session = models.CharField(max_length=20, blank=True, help_text='e.g. "2019"', validators=PLAIN)
    report_number = models.CharField(max_length=40, blank=True, help_text='e.g. "First Report"', validators=PLAIN)
    published_on = models.DateField(null=True, blank=True)
    url = models.URLField("link to the report", blank=True, validators=LINK)
    response_title = models.CharField("government response title", max_length=300, blank=True, validators=PLAIN)
    response_session = models.CharField(max_length=20, blank=True, validators=PLAIN)
    response_received_on = models.DateField(null=True, blank=True)
    response_printed_on = models.DateField("special report ordered to be printed", null=True, blank=True)
    response_introduction = models.TextField(blank=True, validators=PLAIN)
    response_url = models.URLField("link to the response", blank=True, validators=LINK)
    source_document = models.CharField(
        max_length=200, blank=True, help_text="File name of the imported response document."
    )
    parliament_id = models.PositiveIntegerField(
        "Parliament's id", null=True, blank=True, unique=True, help_text="The report's publication id, if known."
    )
    response_deadline = models.DateField(
        null=True, blank=True, help_text="Parliament's deadline for the response; else two months after publication."
    )
    response_excepted = models.BooleanField(
        default=False, help_text="Parliament records that no government response is expected."
    )
    responding_department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    response_parliament_id = models.PositiveIntegerField(
        "response's Parliament id", null=True, blank=True, help_text="The response's publication id, if known."
    )
    response_link = models.CharField(
        "how the response was linked", max_length=10, choices=ResponseLink.choices, default="", blank=True
    )
    has_no_document = models.BooleanField(
        default=False, help_text="Parliament's API holds no document for it, only a link to its page."
    )
    synced = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="The values as the sync from Parliament last wrote them, to tell an editor's edits from changes "
        "at the source.",
    )
    updated_at = updated_at_field()

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        get_latest_by = "published_on"
        # The list's report order (newest report first, then each report's recommendations by position).
        indexes = [
            models.Index(fields=["-published_on", "title", "id"], name="report_newest_first"),
            # The reports awaiting a response, and each committee's and department's.
            models.Index(fields=["response_received_on", "published_on"], name="report_awaiting"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(response_link__in=ResponseLink.values), name="report_response_link_in_vocabulary"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("report_detail", args=[self.slug])

    @property
    def response_due_on(self) -> datetime.date | None:
        """Parliament's deadline, else two months after publication."""
        if self.response_deadline:
            return self.response_deadline
        return add_months(self.published_on, RESPONSE_DUE_MONTHS) if self.published_on else None

    @property
    def response_overdue(self) -> bool:
        """No response, none excepted, and past its deadline (derived, never stored)."""
        due = self.response_due_on
        return (
            due is not None
            and self.response_received_on is None
            and not self.response_excepted
            and timezone.localdate() > due
        )

    @property
    def days_overdue(self) -> int:
        return (timezone.localdate() - self.response_due_on).days if self.response_overdue else 0

    @property
    def response_days(self) -> int | None:
        """Days from publication to the response, if both are known."""
        if self.published_on and self.response_received_on:
            return (self.response_received_on - self.published_on).days
        return None

    @property
    def response_on_time(self) -> bool | None:
        due = self.response_due_on
        if due is None or self.response_received_on is None:
            return None
        return self.response_received_on <= due


class Body(models.Model):
    """An organisation a recommendation is addressed to, or that replied."""

    name = models.CharField(max_length=200, unique=True, validators=PLAIN)
    short_name = models.CharField(max_length=50, blank=True, validators=PLAIN)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"

    def __str__(self):
        return self.name


class Theme(models.Model):
    name = models.CharField(max_length=200, unique=True, validators=PLAIN)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True, validators=LONG_TEXT)
    updated_at = updated_at_field()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("theme_detail", args=[self.slug])


class Review(models.Model):
    """A named piece of government work that recommendations are deferred to."""

    name = models.CharField(max_length=200, unique=True, help_text='e.g. "SEND Review"', validators=PLAIN)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True, validators=LONG_TEXT)
    announced = models.CharField(
        max_length=100, blank=True, help_text='As the source says, e.g. "September 2019".', validators=PLAIN
    )
    updated_at = updated_at_field()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("review_detail", args=[self.slug])


class ReviewDocument(models.Model):
    """A document a review produced (its outcome), added by editors."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=300, validators=PLAIN)
    published_on = models.DateField()
    url = models.URLField("link to the document", validators=LINK)

    class Meta:
        ordering = ["review", "published_on", "title"]
        constraints = [models.UniqueConstraint(fields=["review", "url"], name="reviewdocument_unique_url")]

    def __str__(self):
        return self.title


class RecommendationQuerySet(models.QuerySet):
    def status_disagrees_with_history(self):
        """Recommendations whose copied status is not that of their latest entry (there should be none)."""
        latest = StatusEntry.objects.filter(recommendation=models.OuterRef("pk")).order_by("-effective_on", "-id")
        annotated = self.annotate(
            latest_status=models.Subquery(latest.values("status")[:1]),
            latest_review=models.Subquery(latest.values("review")[:1]),
        )
        no_history = Q(latest_status__isnull=True) & ~Q(status=Status.AWAITING_RESPONSE)
        status_differs = Q(latest_status__isnull=False) & ~Q(status=models.F("latest_status"))
        both_reviews = Q(review__isnull=False) & Q(latest_review__isnull=False)
        review_differs = Q(latest_status__isnull=False) & (
            (Q(review__isnull=True) & Q(latest_review__isnull=False))
            | (Q(review__isnull=False) & Q(latest_review__isnull=True))
            | (both_reviews & ~Q(review=models.F("latest_review")))
        )
        return annotated.filter(no_history | status_differs | review_differs)


class Recommendation(models.Model):
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="recommendations")
    number = models.CharField(
        max_length=20, help_text='As printed in the report: "12" or "8.12".', validators=[validate_number]
    )
    position = models.PositiveIntegerField(help_text="Order in the report, from 1.")
    paragraphs = models.JSONField(
        default=list, blank=True, help_text='Report paragraphs cited, e.g. ["17"].', validators=[validate_paragraphs]
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(validators=LONG_TEXT)
    themes = models.ManyToManyField(Theme, blank=True, related_name="recommendations")
    addressed_to = models.ManyToManyField(Body, blank=True, related_name="recommendations_addressed")
    status = models.CharField(
        max_length=30,
        choices=Status.choices,
        default=Status.AWAITING_RESPONSE,
        editable=False,
        help_text="Copy of the latest status entry; written only by record_status.",
    )
    review = models.ForeignKey(Review, on_delete=models.PROTECT, null=True, blank=True, editable=False)
    status_changed_on = models.DateField(null=True, blank=True, editable=False)
    implementation = models.CharField(
        max_length=30,
        choices=Implementation.choices,
        default=Implementation.NOT_ASSESSED,
        editable=False,
        help_text="Copy of the latest implementation entry; written only by record_implementation.",
    )
    implementation_changed_on = models.DateField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Bumped on every save; refuses stale edits."
    )
    imported = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="The text and paragraphs as the last import wrote them, to tell an editor's corrections from "
        "changes in the document.",
    )
    updated_at = updated_at_field()

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="recommendation_unique_number"),
            models.UniqueConstraint(fields=["report", "position"], name="recommendation_unique_position"),
            *status_constraints("recommendation"),
            models.CheckConstraint(
                condition=Q(implementation__in=Implementation.values),
                name="recommendation_implementation_in_vocabulary",
            ),
        ]
        # The list's filters and facet counts, read from the index alone (with the id). Migration 0003 adds the
        # (object, recommendation) indexes of the theme and body links, and on PostgreSQL the full-text search
        # vector with its GIN index and an index for the "newest status change" order (NULLS LAST, which SQLite
        # cannot index).
        indexes = [
            models.Index(fields=["status"], name="recommendation_status"),
            models.Index(fields=["status", "kind", "id"], name="recommendation_status_kind"),
            models.Index(fields=["kind", "status", "id"], name="recommendation_kind_status"),
            models.Index(STATUS_ORDER, name="recommendation_status_order"),
            models.Index(fields=["implementation", "id"], name="recommendation_implementation"),
        ]

    def __str__(self):
        return f"{self.report.slug} {self.number}" if self.report_id else self.number

    def get_absolute_url(self):
        return reverse("recommendation_detail", args=[self.report.slug, self.number])

    @property
    def status_label(self) -> str:
        return status_label(self.status, self.review.name if self.review_id else None)

    @property
    def implementation_label(self) -> str:
        return Implementation(self.implementation).label


class RecommendationCount(models.Model):
    """A count of the whole table kept by PostgreSQL's triggers (migrations 0003, 0005 and 0011), read by the
    unfiltered list, the home page, the themes and the commitments: how many recommendations have each `status`,
    `kind`, `implementation` and `review` (the value is the review's id, '' for none), how many are linked to each
    `theme` and `addressed_to` body (by id), the theme links by status (`theme_status`: "theme id|status|review
    id"), and the public commitments by state (`commitment_state`; '' counts the others).
    Other databases have no such table: read it only where `kept()`."""

    pk = models.CompositePrimaryKey("facet", "value")
    facet = models.TextField()
    value = models.TextField()
    n = models.BigIntegerField()

    class Meta:
        managed = False
        db_table = "recommendation_counts"

    def __str__(self):
        return f"{self.facet} {self.value}: {self.n}"

    @staticmethod
    def kept() -> bool:
        return connection.vendor == "postgresql"


class Reply(models.Model):
    """One passage of a government response, covering one or more recommendations."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="replies")
    position = models.PositiveIntegerField(help_text="Order in the response, from 1.")
    responder = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="replies")
    heading = models.CharField(max_length=500, blank=True, validators=PLAIN)
    text = models.TextField(validators=LONG_TEXT)
    recommendations = models.ManyToManyField(Recommendation, related_name="replies")
    imported = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="The heading and text as the last import wrote them, to tell an editor's corrections from "
        "changes in the document.",
    )

    class Meta:
        ordering = ["report", "position"]
        verbose_name_plural = "replies"
        constraints = [models.UniqueConstraint(fields=["report", "position"], name="reply_unique_position")]

    def __str__(self):
        return f"Reply {self.position} by {self.responder}"


def _recorder_field():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )


class StatusEntry(models.Model):
    """One dated change of a recommendation's status. Append-only."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="status_entries")
    status = models.CharField(max_length=30, choices=Status.choices)
    review = models.ForeignKey(Review, on_delete=models.PROTECT, null=True, blank=True)
    effective_on = models.DateField(help_text="The date the status took effect.")
    note = models.TextField(blank=True, validators=PLAIN)
    evidence = models.TextField(
        blank=True, help_text="The words of the source that support this status.", validators=PLAIN
    )
    source_url = models.URLField("source link", blank=True, validators=LINK)
    recorded_by = _recorder_field()
    recorded_by_import = models.BooleanField(default=False, help_text="Suggested by the importer.")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recommendation", "effective_on", "id"]
        get_latest_by = ["effective_on", "id"]
        verbose_name_plural = "status entries"
        constraints = status_constraints("statusentry")
        indexes = [
            # The latest changes (home page, feed), newest first.
            models.Index(fields=["-effective_on", "-recorded_at", "-id"], name="statusentry_newest_first"),
            # A recommendation's latest entry (services.latest_entry, the bulk status change), one index read.
            models.Index(fields=["recommendation", "-effective_on", "-id"], name="statusentry_latest"),
        ]

    def __str__(self):
        return f"{self.get_status_display()} from {self.effective_on}"

    @property
    def status_label(self) -> str:
        return status_label(self.status, self.review.name if self.review_id else None)


class WrittenQuestion(models.Model):
    key = models.SlugField(
        max_length=100, unique=True, help_text="The question's UIN where known, else a digest of its text."
    )
    uin = models.CharField("UIN", max_length=30, blank=True, validators=PLAIN)
    house = models.CharField(max_length=50, blank=True, validators=PLAIN)
    asking_member = models.CharField(max_length=200, blank=True, validators=PLAIN)
    asking_member_party = models.CharField(max_length=100, blank=True, validators=PLAIN)
    answering_member = models.CharField(max_length=200, blank=True, validators=PLAIN)
    answering_member_role = models.CharField(max_length=300, blank=True, validators=PLAIN)
    department = models.CharField(max_length=200, blank=True, validators=PLAIN)
    asked_on = models.DateField(null=True, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    heading = models.CharField(max_length=300, blank=True, validators=PLAIN)
    question_text = models.TextField(validators=LONG_TEXT)
    answer_text = models.TextField(
        blank=True, help_text="Plain text, or sanitised HTML when answer_is_html.", validators=LONG_TEXT
    )
    answer_is_html = models.BooleanField(default=False)
    source_url = models.URLField(blank=True, validators=LINK)
    source_document = models.CharField(max_length=200, blank=True, validators=PLAIN)
    themes = models.ManyToManyField(Theme, blank=True, related_name="questions")
    recommendations = models.ManyToManyField(Recommendation, blank=True, related_name="questions")
    grouped_with = models.ManyToManyField("self", blank=True)
    updated_at = updated_at_field()

    class Meta:
        ordering = ["-asked_on", "heading"]

    def __str__(self):
        return self.heading or self.question_text[:60]

    def get_absolute_url(self):
        return reverse("question_detail", args=[self.key])


class ImplementationEntry(models.Model):
    """One dated assessment of what has been done about a recommendation. Append-only."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="implementation_entries")
    implementation = models.CharField(max_length=30, choices=Implementation.choices)
    basis = models.CharField(max_length=20, choices=Basis.choices)
    effective_on = models.DateField(help_text="The date of the source, or of the editor's check.")
    target_on = models.DateField("target date", null=True, blank=True, help_text="When it is due to be done, if said.")
    note = models.TextField(help_text="What was done, in the source's words where possible.", validators=LONG_TEXT)
    source_url = models.URLField("source link", blank=True, validators=LINK)
    question = models.ForeignKey(
        WrittenQuestion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="implementation_entries",
        help_text="The written answer this entry cites, if any.",
    )
    recorded_by = _recorder_field()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recommendation", "effective_on", "id"]
        get_latest_by = ["effective_on", "id"]
        verbose_name_plural = "implementation entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(implementation__in=Implementation.values), name="implementationentry_in_vocabulary"
            ),
            models.CheckConstraint(condition=Q(basis__in=Basis.values), name="implementationentry_basis"),
        ]

    def __str__(self):
        return f"{self.get_implementation_display()} from {self.effective_on}"


class CommitmentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(verdict=Verdict.CONFIRMED)

    def overdue(self, today: datetime.date | None = None):
        return self.filter(state=CommitmentState.OPEN, due_on__lt=today or timezone.localdate())


class Commitment(models.Model):
    """A promise in a reply (or a later source) to do something, with a due date where the words give one."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="commitments")
    reply = models.ForeignKey(Reply, on_delete=models.PROTECT, null=True, blank=True, related_name="commitments")
    question = models.ForeignKey(
        WrittenQuestion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        help_text="The written answer the promise was made in, if not the response.",
    )
    source_url = models.URLField("source link", blank=True, validators=LINK)
    responder = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="commitments")
    recommendations = models.ManyToManyField(Recommendation, related_name="commitments")
    text = models.TextField(help_text="The promise, in the source's words.", validators=LONG_TEXT)
    found_text = models.TextField(
        blank=True, editable=False, help_text="The sentence as the importer found it (its key); blank if added."
    )
    period = models.CharField(
        max_length=100, blank=True, help_text='As written, e.g. "in Autumn 2020".', validators=PLAIN
    )
    made_on = models.DateField(help_text="When the promise was made (the response's date).")
    due_on = models.DateField(null=True, blank=True, help_text="The end of the period named; empty if none.")
    verdict = models.CharField(max_length=20, choices=Verdict.choices, default=Verdict.PROPOSED)
    note = models.TextField(
        blank=True, help_text="The editor's reading, e.g. what was corrected and why.", validators=LONG_TEXT
    )
    state = models.CharField(
        max_length=10,
        choices=CommitmentState.choices,
        default=CommitmentState.OPEN,
        editable=False,
        help_text="Copy of the latest state change; written only by record_commitment_state.",
    )
    state_changed_on = models.DateField(null=True, blank=True, editable=False)
    updated_at = updated_at_field()

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["report", "due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=CommitmentState.values), name="commitment_state"),
            models.CheckConstraint(condition=Q(verdict__in=Verdict.values), name="commitment_verdict"),
            # The importer's natural key: one proposal per sentence of a reply.
            models.UniqueConstraint(
                fields=["reply", "found_text"], condition=~Q(found_text=""), name="commitment_unique_found"
            ),
        ]
        indexes = [
            models.Index(fields=["verdict", "state", "due_on"], name="commitment_public_state"),
            # The public list's order (selectors.public_commitments), and its overdue ones.
            models.Index(
                fields=["due_on", "made_on", "id"], condition=Q(verdict=Verdict.CONFIRMED), name="commitment_public_due"
            ),
            models.Index(
                fields=["due_on", "made_on", "id"],
                condition=Q(verdict=Verdict.CONFIRMED, state=CommitmentState.OPEN),
                name="commitment_open_due",
            ),
            # The commitments feed: the most recently changed (or made) first.
            models.Index(
                Coalesce("state_changed_on", "made_on").desc(),
                F("id").desc(),
                condition=Q(verdict=Verdict.CONFIRMED),
                name="commitment_public_changed",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def overdue(self) -> bool:
        return self.state == CommitmentState.OPEN and self.due_on is not None and self.due_on < timezone.localdate()

    @property
    def state_label(self) -> str:
        return "Overdue" if self.overdue else CommitmentState(self.state).label

    @property
    def due_label(self) -> str:
        """The period as written, or "no date given"."""
        return self.period or "no date given"


class CommitmentEvent(models.Model):
    """One dated change of a commitment's state. Append-only."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(max_length=10, choices=CommitmentState.choices)
    effective_on = models.DateField()
    note = models.TextField(validators=LONG_TEXT)
    source_url = models.URLField("source link", blank=True, validators=LINK)
    recorded_by = _recorder_field()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["commitment", "effective_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=CommitmentState.values), name="commitmentevent_state")
        ]

    def __str__(self):
        return f"{self.get_state_display()} from {self.effective_on}"
