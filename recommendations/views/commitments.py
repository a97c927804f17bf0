"""The public commitments list: confirmed commitments only, filtered by state (overdue included), report, theme
and responder. Bad parameters never make a server error: the list says what was wrong and shows nothing for a
value that names nothing."""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..counts import kept
from ..filters import STATES, CommitmentFilter, offer_reports
from ..freshness import public_page
from ..models import Commitment, Report
from ..params import BadParameters, check_value_counts
from ..selectors import public_commitments, public_state_counts, state_counts

COMMITMENTS_PER_PAGE = 25
FEED_LENGTH = 50


COMMITMENT_PARAMS = CommitmentFilter.Meta.fields


def commitments_filtered(request):
    """The commitments the query selects. Raises BadParameters when it names too many values."""
    check_value_counts(request.GET, [*COMMITMENT_PARAMS, "page"])
    base = Commitment.objects.public().select_related("report", "responder")
    return CommitmentFilter(request.GET, queryset=base)


def commitment_counts(filterset, matching) -> dict[str, int]:
    """state_counts of the commitments listed: from the stored counts when only their state is chosen."""
    if (
        kept()
        and filterset.is_valid()
        and not any(filterset.form.cleaned_data.get(name) for name in ("report", "theme", "responder"))
    ):
        return public_state_counts(filterset.form.cleaned_data.get("state") or ())
    return state_counts(matching)


@public_page(params=[*COMMITMENT_PARAMS, "page"])
@require_safe
def commitment_list(request):
    try:
        filterset = commitments_filtered(request)
    except BadParameters as error:
        return render(request, "recommendations/bad_parameters.html", {"problems": error.args}, status=400)
    matching = filterset.matching()
    counts = commitment_counts(filterset, matching)
    paginator = Paginator(public_commitments(matching), COMMITMENTS_PER_PAGE)
    paginator.count = counts["total"]
    page = paginator.get_page(request.GET.get("page"))
    with_commitments = Report.objects.filter(Exists(Commitment.objects.public().filter(report=OuterRef("pk"))))
    offer_reports(filterset.form.fields["report"], request.GET.getlist("report"), with_commitments)
    query = QueryDict(mutable=True)
    for name in COMMITMENT_PARAMS:
        query.setlist(name, [value for value in request.GET.getlist(name) if value.strip()])
    return render(
        request,
        "recommendations/commitment_list.html",
        {
            "form": filterset.form,
            "page": page,
            "counts": counts,
            "problems": filterset.problems,
            "states": STATES,
            "chosen_states": request.GET.getlist("state"),
            "query": query.urlencode(),
        },
    )
