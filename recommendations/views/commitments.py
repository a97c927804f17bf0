"""The public commitments list: confirmed commitments only, filtered by state (overdue included), report, theme
and responder. Bad parameters never make a server error: the list says what was wrong and shows nothing for a
value that names nothing."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..filters import STATES, CommitmentFilter
from ..models import (
    Commitment,
)
from ..selectors import public_commitments, state_counts

COMMITMENTS_PER_PAGE = 25
FEED_LENGTH = 50


def commitments_filtered(request):
    base = Commitment.objects.public().select_related("report", "responder")
    return CommitmentFilter(request.GET, queryset=base)


@require_safe
def commitment_list(request):
    filterset = commitments_filtered(request)
    matching = filterset.matching()
    page = Paginator(public_commitments(matching), COMMITMENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "recommendations/commitment_list.html",
        {
            "form": filterset.form,
            "page": page,
            "counts": state_counts(matching),
            "problems": filterset.problems,
            "states": STATES,
            "chosen_states": request.GET.getlist("state"),
            "query": query.urlencode(),
        },
    )
