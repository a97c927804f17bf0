"""One run of the sync: publication types, committees, then reports, government responses and special reports
window by window, then the links between responses and reports, then the responses' documents as drafts."""

import contextlib
import datetime
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from recommendations.models import Committee, Report

from . import records, schedule
from .client import ApiError, Client, Tally
from .documents import draft_response_document
from .link import report_for
from .models import Publication, PublicationKind
from .walk import walk, windows

TYPE_NAMES = {
    PublicationKind.REPORT: "report",
    PublicationKind.GOVERNMENT_RESPONSE: "government response",
    PublicationKind.SPECIAL_REPORT: "special report",
}
RESPONSES = [PublicationKind.GOVERNMENT_RESPONSE, PublicationKind.SPECIAL_REPORT]


@dataclass
class Summary:
    outcomes: Counter = field(default_factory=Counter)  # (kind, created|updated|unchanged)
    links: Counter = field(default_factory=Counter)
    documents: Counter = field(default_factory=Counter)
    windows: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)

    @property
    def changed(self) -> bool:
        written = sum(n for (_, outcome), n in self.outcomes.items() if outcome != "unchanged")
        return bool(written or self.links["linked"] or self.links["inferred"] or self.documents["drafted"])

    def lines(self) -> list[str]:
        kinds = sorted({kind for kind, _ in self.outcomes})
        lines = [
            f"{kind}: " + ", ".join(f"{self.outcomes[kind, o]} {o}" for o in ("created", "updated", "unchanged"))
            for kind in kinds
        ]
        lines.append(
            "links: " + ", ".join(f"{n} {how}" for how, n in sorted(self.links.items()))
            if self.links
            else "links: none new"
        )
        lines.append(
            "documents: " + ", ".join(f"{n} {o}" for o, n in sorted(self.documents.items()))
            if self.documents
            else "documents: none fetched"
        )
        lines.append(f"windows: {self.windows['walked']} walked, {self.windows['skipped']} already done")
        lines.append(
            f"requests: {self.tally.requests} ({self.tally.retries} retried), {self.tally.rate():.1f} a second"
        )
        lines += [f"error: {error}" for error in self.errors]
        if not self.changed and not self.errors:
            lines.append("Nothing changed: everything was already up to date.")
        return lines


class Sync:
    def __init__(
        self,
        *,
        since: datetime.date | None = None,
        until: datetime.date | None = None,
        committee_id: int | None = None,
        dry_run: bool = False,
        progress: Callable[[str], None] = lambda message: None,
    ):
        self.explicit = since is not None or until is not None
        self.since = since or datetime.date.fromisoformat(settings.PARLIAMENT_SYNC_SINCE)
        self.until = until or timezone.localdate()
        self.committee_id = committee_id
        self.dry_run = dry_run
        self.progress = progress
        self.client = Client(settings.PARLIAMENT_COMMITTEES_API_URL)
        self.summary = Summary(tally=self.client.tally)
        self.touched: set[int] = set()

    def run(self) -> Summary:
        # A dry run writes in one transaction and rolls it back; a real one commits window by window (resumable).
        with schedule.one_run_at_a_time(), transaction.atomic() if self.dry_run else contextlib.nullcontext():
            types = self.publication_types()
            self.sync_committees()
            plan = [(kind, window) for kind in TYPE_NAMES for window in windows(self.since, self.until)]
            started = time.monotonic()
            for done, (kind, window) in enumerate(plan, 1):
                self.sync_window(kind, types[kind], window)
                self.report_progress(done, len(plan), started)
            self.link_responses()
            if not self.dry_run:
                self.fetch_documents()
            transaction.set_rollback(self.dry_run)
        return self.summary

    def publication_types(self) -> dict[str, int]:
        """The type ids by the names Parliament gives them (read from the API, never assumed)."""
        answer = self.client.get_json("PublicationType")
        by_name = {str(t.get("name", "")).strip().lower(): t["id"] for t in answer if isinstance(t, dict)}
        missing = [name for name in TYPE_NAMES.values() if name not in by_name]
        if missing:
            raise ApiError(f"the API lists no publication type named {', '.join(missing)}.")
        return {kind: by_name[name] for kind, name in TYPE_NAMES.items()}

    def sync_committees(self) -> None:
        params = {"CommitteeStatus": "All"}
        if self.committee_id:
            params["CommitteeIds"] = [self.committee_id]
        try:
            items = walk(self.client, "Committees", params)
        except ApiError as error:
            self.summary.errors.append(f"committees: {error}")
            return
        with transaction.atomic():
            for item in items:
                _, outcome = records.save_committee(item)
                self.summary.outcomes["committees", outcome] += 1

    def window_key(self, kind: str, window) -> str:
        return f"publications:{kind}:{self.committee_id or 'all'}:{window}"

    def sync_window(self, kind: str, type_id: int, window) -> None:
        key = self.window_key(kind, window)
        if not self.explicit and schedule.is_done(key):
            self.summary.windows["skipped"] += 1
            return
        params = {
            "PublicationTypeIds": [type_id],
            "StartDate": window.starts_on.isoformat(),
            "EndDate": window.ends_on.isoformat(),
            "SortOrder": "PublicationDateAscending",
        }
        if self.committee_id:
            params["CommitteeId"] = self.committee_id
        try:
            items = walk(self.client, "Publications", params)
        except ApiError as error:
            self.summary.errors.append(f"{TYPE_NAMES[kind]}s {window}: {error}")
            return
        with transaction.atomic():
            for item in items:
                self.save_publication(kind, item)
            schedule.mark_done(key, window.ends_on, len(items))
        self.summary.windows["walked"] += 1

    def save_publication(self, kind: str, item: dict) -> None:
        digest = records.digest(item)
        publication = Publication.objects.filter(parliament_id=item["id"]).first()
        if publication is not None and publication.digest == digest and publication.kind == kind:
            self.summary.outcomes[TYPE_NAMES[kind] + "s", "unchanged"] += 1
            return
        existed = publication is not None
        publication, _ = Publication.objects.update_or_create(
            parliament_id=item["id"],
            defaults={
                "kind": kind,
                "committee_parliament_id": (item.get("committee") or {}).get("id"),
                "description": (item.get("description") or "").strip(),
                "published_on": records.parse_date(item.get("publicationStartDate")),
                "paper_number": records.paper_number(item),
                "response_to": item.get("responseToPublicationId"),
                "responses": [p["id"] for p in (item.get("governmentResponses") or {}).get("publication") or []],
                "data": item,
                "digest": digest,
                "fetched_at": timezone.now(),
            },
        )
        self.touched.add(publication.parliament_id)
        outcome = "updated" if existed else "created"
        if kind == PublicationKind.REPORT and item.get("committee"):
            committee = Committee.objects.filter(parliament_id=item["committee"]["id"]).first()
            committee = committee or records.save_committee(item["committee"])[0]
            _, outcome = records.save_report(item, committee)
        self.summary.outcomes[TYPE_NAMES[kind] + "s", outcome] += 1

    def link_responses(self) -> None:
        touched_reports = Publication.objects.filter(kind=PublicationKind.REPORT, parliament_id__in=self.touched)
        relisted = {pid for report in touched_reports.only("responses") for pid in report.responses}
        candidates = Publication.objects.filter(kind__in=RESPONSES).filter(
            Q(parliament_id__in=self.touched | relisted) | Q(answers__isnull=True) | Q(answers__in=self.touched)
        )
        for response in candidates.order_by("published_on", "parliament_id"):
            answers, how = report_for(response)
            if (answers, how) != (response.answers, response.link):
                response.answers, response.link = answers, how
                response.save(update_fields=["answers", "link"])
            report = Report.objects.filter(parliament_id=answers).first() if answers else None
            if report is not None:
                with transaction.atomic():
                    self.summary.links[records.save_response(report, response, how)] += 1

    def fetch_documents(self) -> None:
        linked = Report.objects.filter(response_parliament_id__isnull=False).values_list(
            "response_parliament_id", flat=True
        )
        waiting = Publication.objects.filter(kind__in=RESPONSES, parliament_id__in=linked).filter(
            Q(parliament_id__in=self.touched) | Q(document_sha256="", document_error="")
        )
        for response in waiting.order_by("parliament_id"):
            report = Report.objects.select_related("committee").filter(response_parliament_id=response.parliament_id)[0]
            self.summary.documents[draft_response_document(self.client, response, report)] += 1

    def report_progress(self, done: int, total: int, started: float) -> None:
        elapsed = time.monotonic() - started
        left = elapsed / done * (total - done)
        tally = self.client.tally
        self.progress(
            f"window {done}/{total}, {tally.requests} requests, {tally.rate():.1f}/s, about {left / 60:.0f} min left"
        )
