"""The Atom feeds: status changes of the recommendations the list's parameters select, and commitments selected
by the commitments list's parameters. Bad parameters answer 400 with the message as plain text."""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_safe

from ..atom import SafeAtom1Feed
from ..freshness import public_page
from ..models import Recommendation, StatusEntry
from ..params import FILTER_PARAMS, BadParameters, bad_request, describe, filterset_from, url_with, without
from .commitments import COMMITMENT_PARAMS, commitments_filtered

FEED_LENGTH = 50


class FilteredFeed(Feed):
    """A feed of what the query parameters select. One Feed instance serves every request and thread, so nothing
    is kept on it: `get_object` gives each request its own valid filterset (`filterset` builds it), and every
    method that needs it takes it; bad parameters answer 400 with the message as plain text."""

    feed_type = SafeAtom1Feed
    author_name = "Select committee recommendation tracker"

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except BadParameters as error:
            return bad_request(error)

    def filterset(self, request):
        raise NotImplementedError

    def get_object(self, request, *args, **kwargs):
        filterset = self.filterset(request)
        if not filterset.is_valid():
            raise BadParameters(*filterset.problems)
        return filterset


class StatusChangeFeed(FilteredFeed):
    """Status changes, newest first, of the recommendations the query parameters select (all by default)."""

    subtitle = "Changes of status of the select-committee recommendations tracked, newest first."

    def get_object(self, request, *args, **kwargs):
        return filterset_from(request, Recommendation.objects.all(), strict=True)

    def title(self, filterset):
        described = describe(filterset)
        return f"Status changes: {described}" if described else "Status changes"

    def link(self, filterset):
        return url_with("recommendation_list", without(filterset.data))

    def feed_url(self, filterset):
        return url_with("feed", without(filterset.data))

    def items(self, filterset):
        recommendations = filterset.filter_queryset(filterset.queryset).values("pk")
        return (
            StatusEntry.objects.filter(recommendation__in=recommendations)
            .select_related("recommendation__report", "review")
            .order_by("-effective_on", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, entry):
        recommendation = entry.recommendation
        return (
            f"{recommendation.get_kind_display()} {recommendation.number} "
            f"({recommendation.report.title}): {entry.status_label}"
        )

    def item_link(self, entry):
        # The fragment names the entry, so that each entry of one recommendation has its own link and id.
        return f"{entry.recommendation.get_absolute_url()}#status-{entry.pk}"

    def item_description(self, entry):
        note = entry.note or f"Status set to {entry.status_label}."
        if entry.source_url:
            return format_html('<p>{}</p><p><a href="{}">Source</a></p>', note, entry.source_url)
        return format_html("<p>{}</p>", note)

    def item_pubdate(self, entry):
        return datetime.datetime.combine(entry.effective_on, datetime.time(), tzinfo=timezone.get_current_timezone())

    def item_updateddate(self, entry):
        return entry.recorded_at


# GET and HEAD only, as every other read-only page (405 otherwise).
status_change_feed = public_page(params=[*FILTER_PARAMS, "page"])(require_safe(StatusChangeFeed()))


@public_page(params=COMMITMENT_PARAMS)
class CommitmentFeed(FilteredFeed):
    """Commitments, the most recently changed (or made) first, selected by the list's parameters."""

    title = "Commitments"
    subtitle = "Promises made in government responses and later sources, and what became of them."

    def filterset(self, request):
        return commitments_filtered(request)

    def link(self):
        return reverse("commitment_list")

    def items(self, filterset):
        changed = Coalesce("state_changed_on", "made_on")
        return filterset.qs.order_by(changed.desc(), "-id")[:FEED_LENGTH]

    def item_title(self, commitment):
        return f"{commitment.state_label}: {commitment.text}"

    def item_description(self, commitment):
        due = f"due by {commitment.due_on:%-d %B %Y}" if commitment.due_on else "no date given"
        return f"{commitment.responder}, {commitment.report.title}: “{commitment.period}” ({due})."

    def item_link(self, commitment):
        return f"{reverse('commitment_list')}#commitment-{commitment.pk}"

    def item_pubdate(self, commitment):
        day = commitment.state_changed_on or commitment.made_on
        return datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_current_timezone())
