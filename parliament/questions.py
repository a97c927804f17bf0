"""Written questions that may follow a tracked report up (`sync_parliament --questions`).

For each report published in the span asked (the last year by default), the Written Questions API is searched by
the report's title from its publication date on, a year at a time (large skips fail); each candidate is fetched by
id, since the list cuts its text. A question whose full text or answer names the report's title or paper number
becomes a proposal, with the words matched, for an editor to confirm or reject. Nothing is linked silently.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from recommendations.models import Report

from .client import ApiError, Client, Tally
from .models import QuestionProposal
from .records import parse_date
from .walk import walk, windows

DEFAULT_SPAN_DAYS = 365
PATH = "writtenquestions/questions"


@dataclass
class QuestionSummary:
    counts: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)

    def lines(self) -> list[str]:
        counts = self.counts
        lines = [
            f"reports searched: {counts['reports']}",
            f"questions: {counts['proposed']} proposed, {counts['known']} already proposed, "
            f"{counts['unmatched']} not naming the report",
            f"requests: {self.tally.requests} ({self.tally.retries} retried)",
        ]
        lines += [f"error: {error}" for error in self.errors]
        if not counts["proposed"] and not self.errors:
            lines.append("Nothing changed: no new question to propose.")
        return lines


def _phrase(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def matched_words(report: Report, question: dict) -> list[str]:
    """The report's title, paper number and committee, as far as the question or its answer names them."""
    text = _phrase(" ".join(strip_tags(question.get(name) or "") for name in ("heading", "questionText", "answerText")))
    candidates = [report.title, report.hc_number, report.committee.name]
    found = [words for words in candidates if words and _phrase(words) and f" {_phrase(words)} " in f" {text} "]
    return found if set(found) & {report.title, report.hc_number} else []


class QuestionSearch:
    def __init__(self, *, since=None, until=None, dry_run=False, progress=lambda message: None):
        self.until = until or timezone.localdate()
        self.since = since or self.until - datetime.timedelta(days=DEFAULT_SPAN_DAYS)
        self.dry_run = dry_run
        self.progress = progress
        self.client = Client(settings.PARLIAMENT_QUESTIONS_API_URL)
        self.summary = QuestionSummary(tally=self.client.tally)

    def run(self) -> QuestionSummary:
        reports = Report.objects.filter(published_on__range=(self.since, self.until)).select_related("committee")
        for number, report in enumerate(reports.order_by("published_on", "pk"), 1):
            self.summary.counts["reports"] += 1
            try:
                with transaction.atomic():
                    self.search(report)
                    transaction.set_rollback(self.dry_run)
            except ApiError as error:
                self.summary.errors.append(f"{report.title}: {error}")
            self.progress(f"report {number}, {self.client.tally.requests} requests")
        return self.summary

    def search(self, report: Report) -> None:
        known = set(QuestionProposal.objects.filter(report=report).values_list("question_id", flat=True))
        for window in windows(report.published_on, timezone.localdate(), months=12):
            params = {"searchTerm": report.title, "tabledWhenFrom": str(window.starts_on)}
            params["tabledWhenTo"] = str(window.ends_on)
            for item in walk(self.client, PATH, params, key="skip", take_key="take"):
                question_id = (item.get("value") or {}).get("id")
                if question_id is None or question_id in known:
                    self.summary.counts["known" if question_id else "unmatched"] += 1
                    continue
                known.add(question_id)
                self.propose(report, self.client.get_json(f"{PATH}/{question_id}").get("value") or {})

    def propose(self, report: Report, question: dict) -> None:
        matched = matched_words(report, question)
        if not matched:
            self.summary.counts["unmatched"] += 1
            return
        QuestionProposal.objects.create(
            report=report,
            question_id=question["id"],
            uin=str(question.get("uin") or "")[:30],
            heading=(question.get("heading") or "")[:300],
            asked_on=parse_date(question.get("dateTabled")),
            answered_on=parse_date(question.get("dateAnswered")),
            answering_body=(question.get("answeringBodyName") or "")[:200],
            question_text=question.get("questionText") or "",
            answer_text=strip_tags(question.get("answerText") or ""),
            matched=matched,
            data=question,
        )
        self.summary.counts["proposed"] += 1
