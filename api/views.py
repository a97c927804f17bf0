"""The read API at /api/v1/: one list and one detail operation per resource, and the deletions list.

Lists are paged by cursor in id order (params.page_of); `updated_since` keeps what changed; the filters are the
public list's FilterSets (filters.py). Bad parameters are a 400 naming each one; an unknown object a 404.
Caching, conditional GET, CORS, keys and rate limits are the middleware's (freshness, api.middleware).
"""

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from ninja import NinjaAPI, Path, Query
from ninja.errors import ValidationError

from recommendations.models import (
    Commitment,
    Committee,
    Department,
    Recommendation,
    Report,
    Review,
    Theme,
    WrittenQuestion,
)
from recommendations.params import BadParameters as ListBadParameters
from recommendations.params import clean_params

from . import schemas, serialize
from .filters import FILTERSETS, problems
from .models import Tombstone
from .params import MAX_ID, BadParameters, changed_since, check_known, includes, page_of


class TrackerAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The description, with the optional API keys: anonymous clients need none."""
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {})["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "description": "An API key, for a higher rate limit."},
            "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key", "description": "The same, another way."},
        }
        schema["security"] = [{}, {"bearer": []}, {"apiKey": []}]
        return schema


api = TrackerAPI(
    title="Select committee recommendation tracker",
    version="1",
    description="Read-only. Every list takes `cursor` and `page_size` (up to 100), and every list but departments "
    "`updated_since`; see /api/ for examples, keys and rate limits.",
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)

ERRORS = {400: schemas.Error, 401: schemas.Error, 404: schemas.Error, 429: schemas.Error}


@dataclass(frozen=True)
class Resource:
    name: str  # the path segment, e.g. "recommendations"
    title: str
    queryset: Any  # a callable giving the public objects
    rows: Any  # a callable narrowing a queryset to what `build` reads
    build: Any  # serialize's function: rows, include -> dicts
    item: type
    params: type
    lookup: str  # "pk", "slug" or "key"
    includes: tuple[str, ...] = ()


RESOURCES = [
    Resource(
        "recommendations",
        "recommendation",
        Recommendation.objects.all,
        serialize.recommendation_rows,
        serialize.recommendations,
        schemas.Recommendation,
        schemas.RecommendationParams,
        "pk",
        serialize.INCLUDES,
    ),
    Resource(
        "reports",
        "report",
        Report.objects.all,
        serialize.report_rows,
        serialize.reports,
        schemas.Report,
        schemas.ReportParams,
        "slug",
    ),
    Resource(
        "committees",
        "committee",
        Committee.objects.all,
        lambda qs: qs,
        serialize.committees,
        schemas.Committee,
        schemas.ListParams,
        "slug",
    ),
    Resource(
        "departments",
        "department",
        Department.objects.all,
        lambda qs: qs,
        serialize.departments,
        schemas.Department,
        schemas.PageParams,
        "slug",
    ),
    Resource(
        "commitments",
        "commitment",
        Commitment.objects.public,
        serialize.commitment_rows,
        serialize.commitments,
        schemas.Commitment,
        schemas.CommitmentParams,
        "pk",
    ),
    Resource(
        "reviews",
        "review",
        Review.objects.all,
        lambda qs: qs,
        serialize.reviews,
        schemas.Review,
        schemas.ListParams,
        "slug",
    ),
    Resource(
        "themes", "theme", Theme.objects.all, lambda qs: qs, serialize.themes, schemas.Theme, schemas.ListParams, "slug"
    ),
    Resource(
        "questions",
        "written question",
        WrittenQuestion.objects.all,
        lambda qs: qs,
        serialize.questions,
        schemas.Question,
        schemas.QuestionParams,
        "key",
    ),
]


def _filtered(request: HttpRequest, resource: Resource):
    queryset = resource.queryset()
    filterset_class = FILTERSETS.get(resource.name)
    if filterset_class is None:
        return queryset
    names = tuple(name for name in filterset_class.base_filters if name in resource.params.model_fields)
    try:
        data = clean_params(request.GET, names)
    except ListBadParameters as error:
        raise BadParameters(*error.args) from None
    filterset = filterset_class(data, queryset=queryset)
    if not filterset.is_valid():
        raise BadParameters(*problems(filterset))
    return filterset.filter_queryset(queryset)  # the API orders by id (keyset paging), not as the list does


def list_response(request: HttpRequest, resource: Resource, params) -> dict:
    check_known(request.GET, set(resource.params.model_fields))
    include = includes(getattr(params, "include", None), resource.includes)
    # Departments have no change time: a list without `updated_since` is read whole (it is short).
    queryset = changed_since(_filtered(request, resource), getattr(params, "updated_since", None))
    page = page_of(resource.rows(queryset), request.GET, request.path, cursor=params.cursor, page_size=params.page_size)
    return {"results": resource.build(page.rows, include), "next": page.next, "previous": page.previous}


def detail_response(request: HttpRequest, resource: Resource, key) -> dict:
    known = {"include"} if resource.includes else set()
    check_known(request.GET, known)
    include = includes(request.GET.get("include"), resource.includes)
    queryset = resource.rows(resource.queryset().filter(**{resource.lookup: key}))
    rows = list(queryset[:1])
    if not rows:
        raise Http404
    return resource.build(rows, include)[0]


def _add_operations(resource: Resource) -> None:
    def list_operation(request, params: Query[resource.params]):
        return list_response(request, resource, params)

    if resource.lookup == "pk":

        def detail_operation(
            request, key: int = Path(..., ge=1, le=MAX_ID), extra: Query[_detail_params(resource)] = None
        ):
            return detail_response(request, resource, key)
    else:

        def detail_operation(request, key: str, extra: Query[_detail_params(resource)] = None):
            return detail_response(request, resource, key)

    plural = resource.name
    api.default_router.add_api_operation(
        f"/{plural}/",
        ["GET"],
        list_operation,
        response={200: schemas.page_of(resource.item), **ERRORS},
        operation_id=f"list_{plural}",
        summary=f"List {plural}",
        tags=[plural],
    )
    api.default_router.add_api_operation(
        f"/{plural}/{{key}}/",
        ["GET"],
        detail_operation,
        response={200: resource.item, **ERRORS},
        operation_id=f"get_{plural}",
        summary=f"One {resource.title}, by {'id' if resource.lookup == 'pk' else resource.lookup}",
        tags=[plural],
    )


def _detail_params(resource: Resource) -> type:
    return schemas.IncludeParams if resource.includes else schemas.NoParams


for _resource in RESOURCES:
    _add_operations(_resource)


@api.get("/deletions/", response={200: schemas.page_of(schemas.Deletion), **ERRORS}, tags=["deletions"])
def list_deletions(request, params: Query[schemas.ListParams]):
    """Objects deleted since `updated_since` (by resource and id), for mirrors to delete too."""
    check_known(request.GET, set(schemas.ListParams.model_fields))
    queryset = changed_since(Tombstone.objects.all(), params.updated_since, field="deleted_at")
    page = page_of(queryset, request.GET, request.path, cursor=params.cursor, page_size=params.page_size)
    results = [
        {"id": row.pk, "resource": row.resource, "object_id": row.object_id, "deleted_at": row.deleted_at}
        for row in page.rows
    ]
    return {"results": results, "next": page.next, "previous": page.previous}


def _error(request, status: int, detail: str, errors: list[str] = ()) -> JsonResponse:
    return api.create_response(request, {"detail": detail, "errors": list(errors)}, status=status)


@api.exception_handler(BadParameters)
def bad_parameters(request, error: BadParameters):
    return _error(request, 400, "These parameters cannot be used.", error.args)


@api.exception_handler(ValidationError)
def invalid_parameters(request, error: ValidationError):
    messages = []
    for problem in error.errors:
        where = [str(part) for part in problem.get("loc", ()) if part not in ("query", "path", "params", "extra")]
        messages.append(f"{'.'.join(where) or 'parameters'}: {problem.get('msg', 'not valid')}.")
    return _error(request, 400, "These parameters cannot be used.", messages)


@api.exception_handler(Http404)
def not_found(request, error):
    return _error(request, 404, "There is no such object.")


def unknown_path(request, rest: str = ""):
    """Any other address under /api/v1/: a 404 in JSON, as the API's own."""
    return JsonResponse(
        {"detail": "There is no such address in this API; see /api/v1/openapi.json.", "errors": []}, status=404
    )
