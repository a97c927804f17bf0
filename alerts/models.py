"""Following by email: who follows what, the changes worth telling them, and what was sent.

- A `Subscriber` is an email address, kept only while it has subscriptions (a pending one included), with the
  random secret its links carry (a new one whenever it unsubscribes, so older links stop working).
- A `Subscription` is one thing followed (a recommendation, report, theme, review, or a search: the list's
  query string) at a frequency. It counts only once confirmed; unconfirmed ones are deleted after
  CONFIRMATION_DAYS.
- An `Event` is one announced change (recommendations.changes.announce), recorded in the writer's transaction.
- A `Delivery` is one (subscription, event) pair: planned once, then sent or failed (retried on the next run).
  Its uniqueness is what makes `send_alerts` never tell the same change twice.
- A `Quota` counts what one key (a keyed digest of a mailbox, or of a client's address) used in its period: the
  throttles.
"""

import secrets

from django.db import models
from django.db.models import Q

from recommendations.changes import ChangeKind
from recommendations.models import Recommendation, Report, Review, Theme

CONFIRMATION_DAYS = 7
# A delivery failing this many times is given up (an address the mail server will never take).
MAX_ATTEMPTS = 10
# Sent deliveries, and events no subscription still needs, are deleted after this many days.
KEEP_DAYS = 30


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "As it happens"
    DAILY = "daily", "Once a day"
    WEEKLY = "weekly", "Once a week"


class Target(models.TextChoices):
    RECOMMENDATION = "recommendation", "Recommendation"
    REPORT = "report", "Report"
    THEME = "theme", "Theme"
    REVIEW = "review", "Review"
    SEARCH = "search", "Search"


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    secret = models.CharField(max_length=32, default=new_secret, help_text="Carried by its links; new on unsubscribe.")

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email


class Subscription(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    target = models.CharField(max_length=20, choices=Target.choices)
    # Exactly one of these four, or `query` for a search (checked by a constraint).
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, null=True, blank=True)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, null=True, blank=True)
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, null=True, blank=True)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, null=True, blank=True)
    query = models.CharField(max_length=1000, blank=True, help_text="The list's query string, for a search.")
    label = models.CharField(max_length=300, blank=True, help_text="A search in words, as it was followed.")
    # "theme:4", "search:<digest of the query>": one subscription per thing followed per address.
    key = models.CharField(max_length=100)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Events up to this id have been matched against the subscription (deliveries planned).
    matched_through = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["subscriber", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "key"], name="subscription_unique_per_address"),
            models.CheckConstraint(condition=Q(frequency__in=Frequency.values), name="subscription_frequency"),
        ]
        indexes = [models.Index(fields=["frequency", "confirmed_at"], name="subscription_due")]

    def __str__(self):
        return f"{self.get_target_display()} {self.key} ({self.frequency})"


class Event(models.Model):
    kind = models.CharField(max_length=30, choices=ChangeKind.choices)
    summary = models.CharField(max_length=500, blank=True)
    recommendations = models.ManyToManyField(Recommendation, blank=True, related_name="+")
    report_id = models.BigIntegerField(null=True, blank=True)
    review_id = models.BigIntegerField(null=True, blank=True)
    # The history row behind the change ("statusentry:42"): one change, one event.
    source = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["source"], condition=~Q(source=""), name="event_unique_source"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.summary}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", "To send"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed (retried on the next run)"


class Delivery(models.Model):
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    # Those of the event's recommendations that the subscription follows (what the mail lists).
    recommendation_ids = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "deliveries"
        constraints = [models.UniqueConstraint(fields=["subscription", "event"], name="delivery_once")]
        indexes = [models.Index(fields=["state"], name="delivery_state")]

    def __str__(self):
        return f"{self.event} → subscription {self.subscription_id}: {self.state}"


class Quota(models.Model):
    """How much of a throttle one key used in the period that began at `started_at`. Keys are keyed digests
    (never an address); rows whose period is long over are deleted by `send_alerts`."""

    key = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField()
    used = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.used} since {self.started_at}"
