"""Search over the words of recommendations and of their replies.

On PostgreSQL: full-text search with the English configuration over the recommendation's text (weight A)
and the text of its replies (weight B), read with websearch_to_tsquery, ranked, with highlighted snippets.
The vector is stored in the column `search_vector` of the recommendation, GIN-indexed and kept up to date by
triggers (migration 0003): it is not a model field, StoredVector refers to it. Elsewhere (SQLite): every word
of the query must appear in the recommendation or in one of its replies; recommendations holding every word
themselves rank first.

The replies are joined through a subquery that aggregates their texts, so each recommendation appears once.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Expression,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Replace
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Reply

MAX_QUERY_LENGTH = 500
CONFIG = "english"
# Delimiters of highlighted words (Unicode private use characters), replaced by <mark> tags only after the
# snippet has been escaped. A stored text could hold them too: they are removed from it before the snippet is
# made, so that only the search can mark words.
START, STOP = "\ue000", "\ue001"
SNIPPET_LENGTH = 240


def full_text() -> bool:
    return connection.vendor == "postgresql"


class JoinTexts(Aggregate):
    """STRING_AGG(text, separator), called GROUP_CONCAT by SQLite before 3.44."""

    function = "STRING_AGG"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


class StoredVector(Expression):
    """The recommendation's `search_vector` column (PostgreSQL), under whatever alias the query gives the table."""

    output_field = SearchVectorField()

    def __init__(self):
        super().__init__()
        self.pk = F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(self.pk.alias)}.search_vector", []


def reply_texts() -> Subquery:
    """The texts of a recommendation's replies, joined, as one value (NULL when it has none)."""
    links = Reply.recommendations.through.objects.filter(recommendation_id=OuterRef("pk"))
    joined = links.values("recommendation_id").annotate(texts=JoinTexts("reply__text", Value("\n"))).values("texts")
    return Subquery(joined, output_field=TextField())


def words_of(query: str) -> list[str]:
    """The distinct words of a query, in order, as the SQLite search matches them."""
    distinct = {}
    for word in re.findall(r"\w+", query):
        distinct.setdefault(word.casefold(), word)
    return list(distinct.values())


def search(queryset, query: str):
    """The recommendations matching the query, annotated with `rank` (higher is better)."""
    if full_text():
        terms = SearchQuery(query, config=CONFIG, search_type="websearch")
        return (
            queryset.annotate(search_vector=StoredVector())
            .filter(search_vector=terms)
            .annotate(rank=SearchRank(F("search_vector"), terms))
        )
    words = words_of(query)
    if not words:
        return queryset.none()
    links = Reply.recommendations.through.objects
    every_word, in_text = Q(), Q()
    for word in words:
        in_replies = Q(pk__in=links.filter(reply__text__icontains=word).values("recommendation_id"))
        every_word &= Q(text__icontains=word) | in_replies
        in_text &= Q(text__icontains=word)
    rank = Case(When(in_text, then=Value(1.0)), default=Value(0.5), output_field=FloatField())
    return queryset.filter(every_word).annotate(rank=rank)


def with_snippets(queryset, query: str):
    """Annotate what `snippets` needs: highlighted headlines on PostgreSQL, the replies' text elsewhere."""
    if not full_text():
        return queryset.annotate(reply_text=reply_texts())
    terms = SearchQuery(query, config=CONFIG, search_type="websearch")
    options = {"config": CONFIG, "start_sel": START, "stop_sel": STOP, "max_words": 45, "min_words": 20}
    return queryset.annotate(
        text_headline=SearchHeadline(_without_delimiters(F("text")), terms, **options),
        reply_headline=SearchHeadline(_without_delimiters(reply_texts()), terms, **options),
    )


def _without_delimiters(text):
    return Replace(Replace(text, Value(START), Value("")), Value(STOP), Value(""))


def _strip_delimiters(text: str) -> str:
    return text.replace(START, "").replace(STOP, "")


def snippets(recommendation, query: str) -> tuple[SafeString | None, SafeString | None]:
    """Highlighted passages of the recommendation and of its replies, or None where no word matched."""
    if full_text():
        text = _with_ellipses(recommendation.text_headline, _strip_delimiters(recommendation.text))
        reply = recommendation.reply_headline
    else:
        pattern = re.compile("|".join(re.escape(word) for word in words_of(query)) or "(?!)", re.IGNORECASE)
        text = _mark_words(_strip_delimiters(recommendation.text), pattern)
        reply = _mark_words(_strip_delimiters(recommendation.reply_text or ""), pattern)
    return _as_html(text), _as_html(reply)


def _mark_words(text: str, pattern: re.Pattern) -> str:
    """A passage of about SNIPPET_LENGTH characters around the first match, its matches between delimiters."""
    first = pattern.search(text)
    if first is None:
        return ""
    start = max(0, first.start() - SNIPPET_LENGTH // 4)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = text.find(" ", start + SNIPPET_LENGTH)
    passage = text[start:] if end == -1 else text[start:end]
    passage = pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", passage)
    return ("… " if start else "") + passage + (" …" if end != -1 else "")


def _with_ellipses(headline: str, text: str) -> str:
    """The headline, with an ellipsis where it leaves out the start or the end of the text."""
    plain = _strip_delimiters(headline).strip()
    return ("" if text.startswith(plain) else "… ") + headline + ("" if text.endswith(plain) else " …")


def _as_html(headline: str | None) -> SafeString | None:
    if not headline or START not in headline:
        return None
    return mark_safe(escape(headline).replace(START, "<mark>").replace(STOP, "</mark>"))
