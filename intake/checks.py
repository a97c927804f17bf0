"""Before a draft is saved, every value it would write is held to the site's text rules (the model fields'
validators: length, characters, number format, web addresses, names that make a web address), so that the
command, the admin's publish and any later writer refuse a bad value with a message naming its place, before
anything is saved."""

from django.core.exceptions import ValidationError

from recommendations.models import Body, Committee, Recommendation, Reply, Report
from recommendations.validators import field_problem, validate_slug_source

from .common import DocumentError
from .draft import DraftResponse
from .rules import tables


def check_draft(draft: DraftResponse, target) -> None:
    """DocumentError for the first value of the draft (or of where it goes) that the site would not store."""
    front = draft.front
    _check(draft.path, 1, "the report's title", Report, "title", target.title)
    _check(draft.path, 1, "the link to the response", Report, "response_url", target.source_url)
    _check(draft.path, 1, "the response's title", Report, "response_title", front.response_title)
    _check(draft.path, 1, "the introduction", Report, "response_introduction", front.introduction)
    for name in ("hc_number", "session", "report_number", "response_session"):
        _check(draft.path, 1, f"the front matter's {name.replace('_', ' ')}", Report, name, getattr(front, name))
    if target.committee:
        _check(draft.path, 1, "the committee's name", Committee, "name", target.committee)
        _named(draft.path, 1, "the committee's name", target.committee)
    for item in draft.recommendations:
        what = f"recommendation {item.number[:20]}"
        _check(draft.path, item.line, f"{what}'s number", Recommendation, "number", item.number)
        _check(draft.path, item.line, f"{what}'s paragraphs", Recommendation, "paragraphs", item.paragraphs)
        _check(draft.path, item.line, what, Recommendation, "text", item.text)
    for position, reply in enumerate(draft.replies, start=1):
        what = f"reply {position}"
        _check(draft.path, reply.line, f"{what}'s heading", Reply, "heading", reply.heading)
        _check(draft.path, reply.line, what, Reply, "text", reply.text)
        if reply.responder not in tables.BY_SLUG:
            _check(draft.path, reply.line, f"{what}'s responder", Body, "name", reply.responder)
            _named(draft.path, reply.line, f"{what}'s responder", reply.responder)


def _check(path, line, what: str, model, name: str, value) -> None:
    if value in ("", None, []) and model._meta.get_field(name).blank:
        return
    problem = field_problem(model, name, value)
    if problem:
        raise DocumentError(path, line, f"{what}: {problem}")


def _named(path, line, what: str, name: str) -> None:
    try:
        validate_slug_source(name)
    except ValidationError as error:
        raise DocumentError(path, line, f"{what}: {error.messages[0]}") from None
