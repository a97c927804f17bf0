"""What the API answers and what it reads, as the OpenAPI description shows them (django-ninja, pydantic).

Filter parameters are read as text and judged by the public list's FilterSets (one set of rules); the choices
shown here for documentation come from the same vocabularies.
"""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import WithJsonSchema, create_model

from recommendations.filters import STATES
from recommendations.models import CommitmentState, Implementation, Kind, Status

from .params import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from .serialize import INCLUDES


class Error(Schema):
    detail: str
    errors: list[str] = []


def choice_of(values: list[str]):
    return Annotated[str, WithJsonSchema({"type": "string", "enum": list(values)})]


Text = Annotated[str, WithJsonSchema({"type": "string"})]


class PageParams(Schema):
    cursor: str | None = Field(None, description="Where the page starts: copy it from a `next` or `previous` link.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Results per page.")


class ListParams(PageParams):
    updated_since: datetime.datetime | None = Field(
        None,
        description="Only objects changed at or after this time (ISO 8601; UTC unless it says otherwise). "
        "Deletions are listed at /api/v1/deletions/.",
    )


DEPARTMENT_DESCRIPTION = "Slugs of the departments responding to the report (any of them)."
INCLUDE_DESCRIPTION = f"Related data to embed, comma-separated: {', '.join(INCLUDES)} (at most 20 of each)."


class RecommendationParams(ListParams):
    include: str | None = Field(None, description=INCLUDE_DESCRIPTION)
    q: str | None = Field(None, description="Words searched in the recommendation and its replies.")
    status: list[choice_of(Status.values)] | None = Field(None, description="Any of these statuses.")
    implementation: list[choice_of(Implementation.values)] | None = Field(None, description="Any of these.")
    kind: list[choice_of(Kind.values)] | None = Field(None, description="conclusion or recommendation.")
    theme: list[Text] | None = Field(None, description="Theme slugs (any of them).")
    addressed_to: list[Text] | None = Field(None, description="Slugs of the bodies addressed (any of them).")
    report: list[Text] | None = Field(None, description="Report slugs (any of them).")
    committee: list[Text] | None = Field(None, description="Committee slugs (any of them).")
    department: list[Text] | None = Field(None, description=DEPARTMENT_DESCRIPTION)


class ReportParams(ListParams):
    committee: list[Text] | None = Field(None, description="Committee slugs (any of them).")
    department: list[Text] | None = Field(None, description=DEPARTMENT_DESCRIPTION)


class CommitmentParams(ListParams):
    state: list[choice_of([value for value, _ in STATES])] | None = Field(
        None, description="Any of these states; `overdue` is an open commitment past its due date."
    )
    report: list[Text] | None = Field(None, description="Report slugs (any of them).")
    theme: list[Text] | None = Field(None, description="Theme slugs of the recommendations (any of them).")
    responder: list[Text] | None = Field(None, description="Slugs of the bodies that made them (any of them).")


class QuestionParams(ListParams):
    q: str | None = Field(None, description="Words in the heading, question or answer.")
    theme: str | None = Field(None, description="A theme slug.")
    department: str | None = Field(None, description="The answering department, as printed.")
    house: str | None = Field(None, description="House of Commons or House of Lords.")


class IncludeParams(Schema):
    include: str | None = Field(None, description=INCLUDE_DESCRIPTION)


class NoParams(Schema):
    pass


class Reply(Schema):
    id: int
    position: int
    responder: str
    responder_name: str
    heading: str
    text: str


class HistoryEntry(Schema):
    axis: Literal["status", "implementation"]
    id: int
    value: str
    label: str
    basis: str | None
    effective_on: datetime.date
    target_on: datetime.date | None
    note: str
    source_url: str


class CommitmentBrief(Schema):
    id: int
    text: str
    responder: str
    due_on: datetime.date | None
    due_label: str
    state: str
    state_label: str
    overdue: bool
    api_url: str


class QuestionBrief(Schema):
    id: int
    key: str
    heading: str
    asked_on: datetime.date | None
    answered_on: datetime.date | None
    url: str | None
    api_url: str


class Recommendation(Schema):
    id: int
    report: str
    number: str
    position: int
    paragraphs: list[str]
    kind: str
    text: str
    status: str
    status_label: str
    status_changed_on: datetime.date | None
    review: str | None
    implementation: str
    implementation_label: str
    implementation_changed_on: datetime.date | None
    themes: list[str]
    addressed_to: list[str]
    url: str | None
    api_url: str
    updated_at: datetime.datetime
    replies: list[Reply] | None = Field(None, description="With include=replies; else null.")
    history: list[HistoryEntry] | None = Field(None, description="With include=history; else null.")
    commitments: list[CommitmentBrief] | None = Field(None, description="With include=commitments; else null.")
    questions: list[QuestionBrief] | None = Field(None, description="With include=questions; else null.")


class Response(Schema):
    title: str
    received_on: datetime.date | None
    printed_on: datetime.date | None
    due_on: datetime.date | None
    overdue: bool
    document_url: str | None


class Report(Schema):
    id: int
    slug: str
    title: str
    committee: str
    department: str | None = Field(..., description="The department responding to the report, if known.")
    hc_number: str
    session: str
    report_number: str
    published_on: datetime.date | None
    document_url: str | None
    response: Response
    url: str | None
    api_url: str
    recommendations_api_url: str
    updated_at: datetime.datetime


class Committee(Schema):
    id: int
    slug: str
    name: str
    house: str
    url: str | None
    api_url: str
    reports_api_url: str
    updated_at: datetime.datetime


class Department(Schema):
    id: int
    slug: str
    name: str
    parliament_id: int | None
    committees: list[str] = Field(..., description="Slugs of the committees that scrutinise it.")
    url: str | None
    api_url: str
    reports_api_url: str
    recommendations_api_url: str


class Theme(Schema):
    id: int
    slug: str
    name: str
    description: str
    url: str | None
    api_url: str
    recommendations_api_url: str
    updated_at: datetime.datetime


class ReviewDocument(Schema):
    title: str
    published_on: datetime.date
    url: str


class Review(Schema):
    id: int
    slug: str
    name: str
    description: str
    announced: str
    documents: list[ReviewDocument]
    url: str | None
    api_url: str
    updated_at: datetime.datetime


class Commitment(Schema):
    id: int
    report: str
    text: str
    responder: str
    responder_name: str
    made_on: datetime.date
    period: str
    due_on: datetime.date | None
    due_label: str
    state: choice_of(CommitmentState.values)
    state_changed_on: datetime.date | None
    overdue: bool
    state_label: str
    recommendations: list[int]
    question: str | None
    source_url: str | None
    url: str | None
    api_url: str
    updated_at: datetime.datetime


class Question(Schema):
    id: int
    key: str
    uin: str
    house: str
    asking_member: str
    asking_member_party: str
    answering_member: str
    answering_member_role: str
    department: str
    asked_on: datetime.date | None
    answered_on: datetime.date | None
    heading: str
    question_text: str
    answer_text: str
    answer_is_html: bool
    source_url: str | None
    themes: list[str]
    recommendations: list[int]
    url: str | None
    api_url: str
    updated_at: datetime.datetime


class Deletion(Schema):
    id: int
    resource: str
    object_id: int
    deleted_at: datetime.datetime


def page_of(item: type[Schema]) -> type[Schema]:
    return create_model(
        f"{item.__name__}Page",
        __base__=Schema,
        results=(list[item], ...),
        next=(str | None, Field(..., description="The next page, or null on the last.")),
        previous=(str | None, Field(..., description="The previous page, or null on the first.")),
    )
