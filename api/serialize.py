"""The API's objects, built from rows read with `values()`: each kind of object is one query for a page of them,
and one more per relation shown inside it (a fixed number of queries whatever the page size). The bulk export
builds its lines with the same functions, so a mirror kept by the API and the export agree field for field.

Embedded lists are bounded: at most MAX_EMBEDDED of each per object (the first replies in the response's order,
the latest history entries, the soonest due commitments, the latest questions).
"""

from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import F, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from recommendations.models import (
    Commitment,
    CommitmentState,
    Committee,
    Department,
    Implementation,
    ImplementationEntry,
    Recommendation,
    Reply,
    Report,
    Review,
    ReviewDocument,
    StatusEntry,
    Theme,
    WrittenQuestion,
    status_label,
)

MAX_EMBEDDED = 20
INCLUDES = ("replies", "history", "commitments", "questions")
API_ROOT = "/api/v1/"


def absolute(path: str | None) -> str | None:
    return f"{settings.SITE_URL}{path}" if path else None


def api_url(resource: str, key) -> str:
    return f"{settings.SITE_URL}{API_ROOT}{resource}/{key}/"


def page_url(name: str, *args) -> str | None:
    """The public page of an object, where the site has one."""
    try:
        return absolute(reverse(name, args=args))
    except NoReverseMatch:
        return None


def _grouped(rows: Iterable, *, limit: int | None = MAX_EMBEDDED) -> dict[int, list]:
    """{owner id: [row, ...]} of rows whose first value is the owner's id, keeping at most `limit` per owner."""
    grouped: dict[int, list] = {}
    for owner, *values in rows:
        kept = grouped.setdefault(owner, [])
        if limit is None or len(kept) < limit:
            kept.append(values[0] if len(values) == 1 else values)
    return grouped


def _links(model, owner: str, ids: list[int], value: str, order: str) -> dict[int, list]:
    """The values linked to each owner through a many-to-many table, in `order`."""
    through = model.objects.filter(**{f"{owner}__in": ids}).order_by(order, "pk")
    return _grouped(through.values_list(owner, value), limit=None)


RECOMMENDATION_FIELDS = (
    "id",
    "report__slug",
    "number",
    "position",
    "paragraphs",
    "kind",
    "text",
    "status",
    "status_changed_on",
    "review__slug",
    "review__name",
    "implementation",
    "implementation_changed_on",
    "updated_at",
)


def recommendation_rows(queryset: QuerySet) -> QuerySet:
    return queryset.values(*RECOMMENDATION_FIELDS)


def recommendations(rows: list[dict], include: set[str]) -> list[dict]:
    ids = [row["id"] for row in rows]
    themes = _links(Recommendation.themes.through, "recommendation_id", ids, "theme__slug", "theme__name")
    bodies = _links(Recommendation.addressed_to.through, "recommendation_id", ids, "body__slug", "body__name")
    embedded = {name: EMBEDDERS[name](ids) for name in INCLUDES if name in include}
    return [
        {
            "id": row["id"],
            "report": row["report__slug"],
            "number": row["number"],
            "position": row["position"],
            "paragraphs": row["paragraphs"],
            "kind": row["kind"],
            "text": row["text"],
            "status": row["status"],
            "status_label": status_label(row["status"], row["review__name"]),
            "status_changed_on": row["status_changed_on"],
            "review": row["review__slug"],
            "implementation": row["implementation"],
            "implementation_label": Implementation(row["implementation"]).label,
            "implementation_changed_on": row["implementation_changed_on"],
            "themes": themes.get(row["id"], []),
            "addressed_to": bodies.get(row["id"], []),
            "url": page_url("recommendation_detail", row["report__slug"], row["number"]),
            "api_url": api_url("recommendations", row["id"]),
            "updated_at": row["updated_at"],
            **{name: embedded[name].get(row["id"], []) if name in embedded else None for name in INCLUDES},
        }
        for row in rows
    ]


def _replies(ids: list[int]) -> dict[int, list]:
    links = Reply.recommendations.through.objects.filter(recommendation_id__in=ids).order_by(
        "reply__report_id", "reply__position", "pk"
    )
    fields = ("reply_id", "reply__position", "reply__responder__slug", "reply__responder__name", "reply__heading")
    rows = links.values_list("recommendation_id", *fields, "reply__text")
    keys = ("id", "position", "responder", "responder_name", "heading", "text")
    return {owner: [dict(zip(keys, values, strict=True)) for values in kept] for owner, kept in _grouped(rows).items()}


def _history(ids: list[int]) -> dict[int, list]:
    """Each recommendation's latest status and implementation entries, oldest first, in one list by date."""
    statuses = StatusEntry.objects.filter(recommendation_id__in=ids).order_by(
        "recommendation_id", "-effective_on", "-id"
    )
    status_rows = statuses.values_list(
        "recommendation_id", "id", "status", "review__name", "effective_on", "note", "source_url"
    )
    progress = ImplementationEntry.objects.filter(recommendation_id__in=ids).order_by(
        "recommendation_id", "-effective_on", "-id"
    )
    progress_rows = progress.values_list(
        "recommendation_id", "id", "implementation", "basis", "effective_on", "target_on", "note", "source_url"
    )
    history: dict[int, list] = {}
    for owner, kept in _grouped(status_rows).items():
        history.setdefault(owner, []).extend(
            {
                "axis": "status",
                "id": pk,
                "value": status,
                "label": status_label(status, review),
                "basis": None,
                "effective_on": on,
                "target_on": None,
                "note": note,
                "source_url": source,
            }
            for pk, status, review, on, note, source in kept
        )
    for owner, kept in _grouped(progress_rows).items():
        history.setdefault(owner, []).extend(
            {
                "axis": "implementation",
                "id": pk,
                "value": value,
                "label": Implementation(value).label,
                "basis": basis,
                "effective_on": on,
                "target_on": target,
                "note": note,
                "source_url": source,
            }
            for pk, value, basis, on, target, note, source in kept
        )
    for entries in history.values():
        entries.sort(key=lambda entry: (entry["effective_on"], entry["axis"], entry["id"]))
    return history


def _commitments_of(ids: list[int]) -> dict[int, list]:
    links = Commitment.recommendations.through.objects.filter(
        recommendation_id__in=ids, commitment__in=Commitment.objects.public()
    ).order_by("recommendation_id", F("commitment__due_on").asc(nulls_last=True), "commitment_id")
    rows = links.values_list("recommendation_id", "commitment_id")
    grouped = _grouped(rows)
    wanted = {pk for kept in grouped.values() for pk in kept}
    shown = {item["id"]: item for item in commitments(commitment_rows(Commitment.objects.filter(pk__in=wanted)))}
    return {owner: [_short_commitment(shown[pk]) for pk in kept] for owner, kept in grouped.items()}


def _short_commitment(item: dict) -> dict:
    keys = ("id", "text", "responder", "due_on", "due_label", "state", "state_label", "overdue", "api_url")
    return {key: item[key] for key in keys}


def _questions_of(ids: list[int]) -> dict[int, list]:
    links = WrittenQuestion.recommendations.through.objects.filter(recommendation_id__in=ids).order_by(
        "recommendation_id", F("writtenquestion__asked_on").desc(nulls_last=True), "writtenquestion_id"
    )
    rows = links.values_list(
        "recommendation_id",
        "writtenquestion_id",
        "writtenquestion__key",
        "writtenquestion__heading",
        "writtenquestion__asked_on",
        "writtenquestion__answered_on",
    )
    return {
        owner: [
            {
                "id": pk,
                "key": key,
                "heading": heading,
                "asked_on": asked,
                "answered_on": answered,
                "url": page_url("question_detail", key),
                "api_url": api_url("questions", key),
            }
            for pk, key, heading, asked, answered in kept
        ]
        for owner, kept in _grouped(rows).items()
    }


EMBEDDERS = {"replies": _replies, "history": _history, "commitments": _commitments_of, "questions": _questions_of}


def report_rows(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("committee", "responding_department")


def reports(rows: list[Report], include: set[str] = frozenset()) -> list[dict]:
    return [
        {
            "id": report.pk,
            "slug": report.slug,
            "title": report.title,
            "committee": report.committee.slug,
            "department": report.responding_department.slug if report.responding_department_id else None,
            "hc_number": report.hc_number,
            "session": report.session,
            "report_number": report.report_number,
            "published_on": report.published_on,
            "document_url": report.url or None,
            "response": {
                "title": report.response_title,
                "received_on": report.response_received_on,
                "printed_on": report.response_printed_on,
                "due_on": report.response_due_on,
                "overdue": report.response_overdue,
                "document_url": report.response_url or None,
            },
            "url": page_url("report_detail", report.slug),
            "api_url": api_url("reports", report.slug),
            "recommendations_api_url": f"{api_url('recommendations', '')[:-1]}?report={report.slug}",
            "updated_at": report.updated_at,
        }
        for report in rows
    ]


def committees(rows: list[Committee], include: set[str] = frozenset()) -> list[dict]:
    return [
        {
            "id": committee.pk,
            "slug": committee.slug,
            "name": committee.name,
            "house": committee.house,
            "url": page_url("committee_detail", committee.slug),
            "api_url": api_url("committees", committee.slug),
            "reports_api_url": f"{api_url('reports', '')[:-1]}?committee={committee.slug}",
            "updated_at": committee.updated_at,
        }
        for committee in rows
    ]


def departments(rows: list[Department], include: set[str] = frozenset()) -> list[dict]:
    ids = [department.pk for department in rows]
    scrutinised_by = _links(Committee.departments.through, "department_id", ids, "committee__slug", "committee__name")
    return [
        {
            "id": department.pk,
            "slug": department.slug,
            "name": department.name,
            "parliament_id": department.parliament_id,
            "committees": scrutinised_by.get(department.pk, []),
            "url": page_url("department_detail", department.slug),
            "api_url": api_url("departments", department.slug),
            "reports_api_url": f"{api_url('reports', '')[:-1]}?department={department.slug}",
            "recommendations_api_url": f"{api_url('recommendations', '')[:-1]}?department={department.slug}",
        }
        for department in rows
    ]


def themes(rows: list[Theme], include: set[str] = frozenset()) -> list[dict]:
    return [
        {
            "id": theme.pk,
            "slug": theme.slug,
            "name": theme.name,
            "description": theme.description,
            "url": page_url("theme_detail", theme.slug),
            "api_url": api_url("themes", theme.slug),
            "recommendations_api_url": f"{api_url('recommendations', '')[:-1]}?theme={theme.slug}",
            "updated_at": theme.updated_at,
        }
        for theme in rows
    ]


def reviews(rows: list[Review], include: set[str] = frozenset()) -> list[dict]:
    documents = _grouped(
        ReviewDocument.objects.filter(review_id__in=[review.pk for review in rows])
        .order_by("review_id", "published_on", "title", "pk")
        .values_list("review_id", "title", "published_on", "url"),
        limit=None,
    )
    return [
        {
            "id": review.pk,
            "slug": review.slug,
            "name": review.name,
            "description": review.description,
            "announced": review.announced,
            "documents": [
                {"title": title, "published_on": on, "url": url} for title, on, url in documents.get(review.pk, [])
            ],
            "url": page_url("review_detail", review.slug),
            "api_url": api_url("reviews", review.slug),
            "updated_at": review.updated_at,
        }
        for review in rows
    ]


def commitment_rows(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("report", "responder", "question")


def commitments(rows: list[Commitment], include: set[str] = frozenset()) -> list[dict]:
    covers = _links(
        Commitment.recommendations.through,
        "commitment_id",
        [c.pk for c in rows],
        "recommendation_id",
        "recommendation_id",
    )
    today = timezone.localdate()
    return [
        {
            "id": commitment.pk,
            "report": commitment.report.slug,
            "text": commitment.text,
            "responder": commitment.responder.slug,
            "responder_name": commitment.responder.name,
            "made_on": commitment.made_on,
            "period": commitment.period,
            "due_on": commitment.due_on,
            "due_label": commitment.due_label,
            "state": commitment.state,
            "state_changed_on": commitment.state_changed_on,
            "overdue": _overdue(commitment, today),
            "state_label": "Overdue" if _overdue(commitment, today) else CommitmentState(commitment.state).label,
            "recommendations": covers.get(commitment.pk, []),
            "question": commitment.question.key if commitment.question_id else None,
            "source_url": commitment.source_url or None,
            "url": None,
            "api_url": api_url("commitments", commitment.pk),
            "updated_at": commitment.updated_at,
        }
        for commitment in rows
    ]


def _overdue(commitment: Commitment, today) -> bool:
    return commitment.state == CommitmentState.OPEN and commitment.due_on is not None and commitment.due_on < today


def questions(rows: list[WrittenQuestion], include: set[str] = frozenset()) -> list[dict]:
    ids = [question.pk for question in rows]
    themes_of = _links(WrittenQuestion.themes.through, "writtenquestion_id", ids, "theme__slug", "theme__name")
    covers = _links(
        WrittenQuestion.recommendations.through, "writtenquestion_id", ids, "recommendation_id", "recommendation_id"
    )
    fields = (
        "key",
        "uin",
        "house",
        "asking_member",
        "asking_member_party",
        "answering_member",
        "answering_member_role",
        "department",
        "asked_on",
        "answered_on",
        "heading",
        "question_text",
        "answer_text",
        "answer_is_html",
    )
    return [
        {
            "id": question.pk,
            **{name: getattr(question, name) for name in fields},
            "source_url": question.source_url or None,
            "themes": themes_of.get(question.pk, []),
            "recommendations": covers.get(question.pk, []),
            "url": page_url("question_detail", question.key),
            "api_url": api_url("questions", question.key),
            "updated_at": question.updated_at,
        }
        for question in rows
    ]


def in_chunks(queryset: QuerySet, size: int) -> Iterator[list]:
    """The rows of `queryset` in id order, `size` at a time, each chunk read by its own query after the last id."""
    last = 0
    while chunk := list(queryset.filter(pk__gt=last).order_by("pk")[:size]):
        yield chunk
        last = chunk[-1]["id"] if isinstance(chunk[-1], dict) else chunk[-1].pk
