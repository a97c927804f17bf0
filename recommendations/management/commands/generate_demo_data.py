"""`manage.py generate_demo_data --recommendations N [--seed S] [--force]`: synthetic data to try the tracker at scale.

Adds, beside the real SEND data (which it never changes), a few hundred demo committees and some departments, with
reports published over 25 years (2000–2024), each with its responding department, some with a deadline of
Parliament's own, some answered late and a few never; their recommendations with words drawn from a vocabulary,
1–3 replies each, themes and bodies addressed, status histories of 1–4 entries ending in the copied current
status, implementation histories and commitments, some of them overdue (_demo_followthrough.py), and written
questions.

Everything it makes is marked as demo data: committees are named "Demo …", report titles begin "Demo: ", slugs
and question keys begin "demo-", the themes, bodies and reviews it adds are named "… (demo)" or "Demo …", and
every status entry's note says "Generated demo data". A second run first removes the demo data of the first.

The same --seed and --recommendations give the same data. Rows are written with bulk_create in batches, inside
one transaction, which announces the change (the public pages' caches refresh); then the tables are analysed
(bulk.gather_statistics), so that the site is fast at once. On a terminal it shows its progress (count, rate,
time left); elsewhere it prints only its summary. It refuses to run when DEBUG is off unless given --force.
"""

import datetime
import random
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.text import slugify

from recommendations.bulk import TerminalCounter, gather_statistics
from recommendations.changes import Change, ChangeKind, announce
from recommendations.models import (
    Body,
    Commitment,
    CommitmentEvent,
    Committee,
    Department,
    ImplementationEntry,
    Kind,
    Recommendation,
    Reply,
    Report,
    Review,
    Status,
    StatusEntry,
    Theme,
    WrittenQuestion,
)

from . import _demo_followthrough as followthrough
from ._demo_words import COMMITTEES, REVIEWS, Words

PREFIX = "demo-"
NOTE = "Generated demo data."
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_PUBLISHED = datetime.date(2024, 12, 31)
LAST_CHANGE = datetime.date(2025, 6, 30)
BATCH = 2000  # recommendations written per round of bulk inserts
QUESTIONS_PER = 100  # one written question per this many recommendations
REPORT_SIZES = (5, 75)
EXTRA_COMMITTEES = 300  # beside one per spec, sharing a spec's topics: "Demo Committee 17 on …"
DEPARTMENTS = 25
PARLIAMENT_DEADLINE_SHARE = 0.3  # reports given a deadline of Parliament's own (else two months after)
UNANSWERED_SHARE = 0.03  # reports never answered (beside those too recent to be)

Link = Reply.recommendations.through
ThemeLink = Recommendation.themes.through
BodyLink = Recommendation.addressed_to.through
QuestionLink = WrittenQuestion.recommendations.through
QuestionThemeLink = WrittenQuestion.themes.through
QuestionGroupLink = WrittenQuestion.grouped_with.through

# The first status a reply of each stance supports, and how often each stance is drawn.
STANCES = {
    "accept": (Status.ACCEPTED, 30),
    "partly": (Status.PARTIALLY_ACCEPTED, 15),
    "reject": (Status.REJECTED, 15),
    "consider": (Status.UNDER_CONSIDERATION, 14),
    "review": (Status.UNDER_REVIEW, 6),
    "note": (Status.NOTED, 20),
}
LATER_STATUSES = [Status.ACCEPTED, Status.PARTIALLY_ACCEPTED, Status.REJECTED, Status.UNDER_CONSIDERATION]
STANCE_WEIGHTS = [weight for _, weight in STANCES.values()]
HISTORY_LENGTHS = ([1, 2, 3, 4], [55, 25, 13, 7])


class Command(BaseCommand):
    help = "Add synthetic demo data (marked as such) beside the real data, to try the tracker at scale."

    def add_arguments(self, parser):
        parser.add_argument("--recommendations", type=int, default=1000, help="How many (default 1000).")
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same data (default 1).")
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")

    def handle(self, *args, recommendations, seed, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this may be a real site: demo data would mix with real records. "
                "Set DJANGO_DEBUG=1, or give --force if you mean it."
            )
        if recommendations < 1:
            raise CommandError("--recommendations must be at least 1.")
        started = time.monotonic()
        counter = TerminalCounter(recommendations, "recommendations")
        summary = generate(recommendations, seed=seed, counter=counter)
        counter.finish()
        gather_statistics(
            [
                Committee,
                Department,
                Report,
                Recommendation,
                Reply,
                StatusEntry,
                ImplementationEntry,
                Commitment,
                CommitmentEvent,
                WrittenQuestion,
            ]
        )
        self.stdout.write(f"Demo data (seed {seed}): {summary} in {time.monotonic() - started:.1f} s.")


@dataclass
class Summary:
    removed: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, rows: list) -> None:
        self.counts[name] = self.counts.get(name, 0) + len(rows)

    def __str__(self):
        made = ", ".join(f"{n} {name}" for name, n in self.counts.items())
        return f"removed {self.removed} earlier demo recommendations; created {made}"


@transaction.atomic
def generate(count: int, *, seed: int = 1, counter: TerminalCounter | None = None) -> Summary:
    """Replace the demo data with `count` recommendations (and all that goes with them) drawn from `seed`."""
    rng = random.Random(seed)
    follow_rng = followthrough.generator(seed)
    words = Words(rng)
    summary = Summary(removed=remove_demo_data())
    committees = _committees(summary)
    departments = _departments(rng, committees, summary)
    reviews = _reviews(summary)
    reports = _reports(rng, words, committees, departments, count, summary)
    samples: dict[int, list[int]] = {}  # committee id -> some of its recommendation ids, for the questions
    batch: list[tuple[Report, int]] = []
    for report, size in reports:
        batch.append((report, size))
        if sum(size for _, size in batch) >= BATCH:
            _recommendations(rng, follow_rng, words, batch, committees, reviews, samples, summary)
            batch = []
            if counter:
                counter.update(summary.counts["recommendations"])
    if batch:
        _recommendations(rng, follow_rng, words, batch, committees, reviews, samples, summary)
    _questions(rng, words, committees, samples, max(1, count // QUESTIONS_PER), summary)
    announce(Change(kind=ChangeKind.EDIT, summary="Demo data generated"))
    return summary


def remove_demo_data() -> int:
    """Delete every demo record, and only those. Returns how many demo recommendations there were.

    Each statement deletes rows without loading them; foreign keys are checked at the end of the transaction,
    so parents go first and the links they leave behind after (which spares the search triggers recomputing
    vectors of recommendations about to go).
    """
    reports = Report.objects.filter(slug__startswith=PREFIX)
    commitments = Commitment.objects.filter(report__in=reports)
    _delete(CommitmentEvent.objects.filter(commitment__in=commitments))
    _delete(followthrough.CommitmentLink.objects.filter(commitment__in=commitments))
    _delete(commitments)
    _delete(ImplementationEntry.objects.filter(recommendation__report__in=reports))
    removed = _delete(Recommendation.objects.filter(report__in=reports))
    _delete(Reply.objects.filter(report__in=reports))
    _delete(WrittenQuestion.objects.filter(key__startswith=PREFIX))
    _delete(StatusEntry.objects.filter(~Exists(Recommendation.objects.filter(pk=OuterRef("recommendation_id")))))
    for link, column in [
        (Link, "recommendation_id"),
        (Link, "reply_id"),
        (ThemeLink, "recommendation_id"),
        (BodyLink, "recommendation_id"),
        (QuestionLink, "recommendation_id"),
        (QuestionLink, "writtenquestion_id"),
        (QuestionThemeLink, "writtenquestion_id"),
        (QuestionGroupLink, "from_writtenquestion_id"),
        (QuestionGroupLink, "to_writtenquestion_id"),
    ]:
        target = link._meta.get_field(column).related_model
        _delete(link.objects.filter(~Exists(target.objects.filter(pk=OuterRef(column)))))
    _delete(ThemeLink.objects.filter(theme__slug__startswith=PREFIX))
    _delete(QuestionThemeLink.objects.filter(theme__slug__startswith=PREFIX))
    _delete(BodyLink.objects.filter(body__slug__startswith=PREFIX))
    _delete(reports)
    _delete(Committee.departments.through.objects.filter(committee__slug__startswith=PREFIX))
    for model in (Committee, Department, Theme, Body, Review):
        _delete(model.objects.filter(slug__startswith=PREFIX))
    return removed


def _delete(queryset) -> int:
    # QuerySet.delete() would load every row to cascade; here the caller has already dealt with the dependents.
    return queryset._raw_delete(queryset.db)


def _get(model, slug: str, **defaults):
    return model.objects.get_or_create(slug=slug, defaults=defaults)[0]


@dataclass
class DemoCommittee:
    committee: Committee
    topics: list[str]
    themes: list[int]
    bodies: list[Body]
    department: Body


def _committees(summary: Summary) -> list[DemoCommittee]:
    """The demo committees, with their themes (real ones reused when they exist) and bodies."""
    made = []
    for spec in COMMITTEES:
        committee = Committee.objects.create(name=f"Demo {spec.name}", house=spec.house, slug=PREFIX + spec.slug)
        themes = [
            theme.pk
            for theme in (
                _demo(Theme, name) if slug is None else Theme.objects.filter(slug=slug).first()
                for slug, name in spec.themes
            )
            if theme
        ]
        bodies = [_demo(Body, name) if slug is None else _get(Body, slug, name=name) for slug, name in spec.bodies]
        made.append(DemoCommittee(committee, list(spec.topics), themes, bodies, bodies[0]))
    houses = [spec.house for spec in COMMITTEES]
    extra = Committee.objects.bulk_create(
        Committee(name=f"Demo Committee {n}", house=houses[n % len(houses)], slug=f"{PREFIX}committee-{n}")
        for n in range(1, EXTRA_COMMITTEES + 1)
    )
    made += [
        DemoCommittee(
            row,
            made[n % len(made)].topics,
            made[n % len(made)].themes,
            made[n % len(made)].bodies,
            made[n % len(made)].department,
        )
        for n, row in enumerate(extra)
    ]
    summary.add("committees", made)
    return made


def _departments(rng, committees: list[DemoCommittee], summary: Summary) -> list[Department]:
    """Demo departments, each committee scrutinising one or two of them."""
    departments = Department.objects.bulk_create(
        Department(name=f"Demo Department {n}", slug=f"{PREFIX}department-{n}") for n in range(1, DEPARTMENTS + 1)
    )
    Link = Committee.departments.through
    Link.objects.bulk_create(
        Link(committee_id=demo.committee.pk, department_id=department.pk)
        for demo in committees
        for department in rng.sample(departments, rng.randint(1, 2))
    )
    summary.add("departments", departments)
    return departments


def _deadlines(rng, reports: list[Report], departments: list[Department]) -> None:
    """A responding department for every report, some deadlines of Parliament's own, some reports never answered."""
    for report in reports:
        report.responding_department = departments[report.committee.pk % len(departments)]
        if rng.random() < PARLIAMENT_DEADLINE_SHARE:
            report.response_deadline = report.published_on + datetime.timedelta(days=rng.randint(56, 80))
        if rng.random() < UNANSWERED_SHARE:
            report.response_title = report.response_session = report.response_introduction = ""
            report.response_received_on = None


def _demo(model, name: str):
    """A theme or body that exists only in the demo data: "Housing (demo)", slug demo-housing."""
    fields = {"name": f"{name} (demo)"}
    if model is Theme:
        fields["description"] = NOTE
    return _get(model, PREFIX + slugify(name), **fields)


def _reviews(summary: Summary) -> list[Review]:
    reviews = [
        _get(Review, PREFIX + slug, name=f"Demo {name}", announced=announced, description=NOTE)
        for slug, name, announced in REVIEWS
    ]
    summary.add("reviews", reviews)
    return reviews


def _reports(rng, words, committees, departments, count, summary) -> list[tuple[Report, int]]:
    """Reports spread over 25 years, with how many recommendations each will have (`count` in all)."""
    sizes = []
    while sum(sizes) < count:
        sizes.append(rng.randint(*REPORT_SIZES))
    sizes[-1] -= sum(sizes) - count
    span = (LAST_PUBLISHED - FIRST_DAY).days
    reports = []
    for index in range(1, len(sizes) + 1):
        demo = rng.choice(committees)
        published = FIRST_DAY + datetime.timedelta(days=rng.randrange(span + 1))
        session = f"{published.year - (published.month < 7)}–{(published.year + (published.month >= 7)) % 100:02d}"
        answered = published + datetime.timedelta(days=rng.randint(45, 150))
        title = f"Demo: {words.title(demo.topics)}"
        reports.append(
            Report(
                committee=demo.committee,
                title=title,
                slug=f"{PREFIX}{demo.committee.slug[len(PREFIX) :]}-{published.year}-{index}",
                hc_number=f"HC {rng.randint(20, 1500)}",
                session=session,
                report_number=f"{words.ordinal(rng.randint(1, 12))} Report",
                published_on=published,
                response_title=f"{title}: Government Response" if answered <= LAST_PUBLISHED else "",
                response_session=session if answered <= LAST_PUBLISHED else "",
                response_received_on=answered if answered <= LAST_PUBLISHED else None,
                response_introduction=words.reply("note", demo.topics) if answered <= LAST_PUBLISHED else "",
                source_document=NOTE,
            )
        )
    _deadlines(rng, reports, departments)
    Report.objects.bulk_create(reports, batch_size=BATCH)
    summary.add("reports", reports)
    return list(zip(reports, sizes, strict=True))


def _recommendations(rng, follow_rng, words, batch, committees, reviews, samples, summary) -> None:
    """The recommendations of a batch of reports, then their replies, links, status and implementation histories
    and commitments."""
    recommendations, plans = _drawn_recommendations(rng, follow_rng, words, batch, committees, reviews)
    Recommendation.objects.bulk_create(recommendations, batch_size=BATCH)

    replies, links, entries, theme_links, body_links, progress_entries = [], [], [], [], [], []
    covers: dict[int, list[int]] = {}  # a reply's recommendations, by the reply's index in `replies`
    positions: dict[int, int] = {}
    shared = None  # (a reply that also answers the next recommendations, how many more it may answer)
    for recommendation, (report, demo, stance, history, progress) in zip(recommendations, plans, strict=True):
        progress_entries.extend(followthrough.implementation_entries(recommendation, progress))
        samples.setdefault(demo.committee.pk, []).append(recommendation.pk)
        theme_links += _theme_links(rng, recommendation, demo)
        body_links += _body_links(rng, recommendation, demo)
        entries.extend(
            StatusEntry(recommendation=recommendation, status=status, review=review, effective_on=day, note=NOTE)
            for status, review, day in history
        )
        if report.response_received_on is None:
            shared = None
            continue
        # Each recommendation has 1–3 replies; now and then one reply answers two or three in a row.
        own = rng.choice([1, 1, 1, 2, 3])
        if shared and shared[0].report is report and shared[1]:
            links.append(Link(reply=shared[0], recommendation=recommendation))
            covers[id(shared[0])].append(recommendation.pk)
            own, shared = own - 1, (shared[0], shared[1] - 1)
        else:
            shared = None
        for extra in range(own):
            positions[report.pk] = positions.get(report.pk, 0) + 1
            body = demo.department if extra == 0 else rng.choice(demo.bodies)
            reply = Reply(
                report=report,
                position=positions[report.pk],
                responder=body,
                heading=f"Response from {body.name}: paragraph {recommendation.paragraphs[0]}" if extra else "",
                text=words.reply(stance if extra == 0 else rng.choice(list(STANCES)), demo.topics),
            )
            replies.append(reply)
            links.append(Link(reply=reply, recommendation=recommendation))
            covers[id(reply)] = [recommendation.pk]
            if extra == 0 and shared is None and rng.random() < 0.15:
                shared = (reply, rng.randint(1, 2))
    Reply.objects.bulk_create(replies, batch_size=BATCH)
    for rows, model in [
        (links, Link),
        (theme_links, ThemeLink),
        (body_links, BodyLink),
        (entries, StatusEntry),
        (progress_entries, ImplementationEntry),
    ]:
        model.objects.bulk_create(rows, batch_size=BATCH)
    followthrough.commitments(follow_rng, replies, {r.pk: covers[id(r)] for r in replies}, LAST_CHANGE, summary)
    for name, rows in [("recommendations", recommendations), ("replies", replies)]:
        summary.add(name, rows)
    summary.add("status entries", entries)
    summary.add("implementation entries", progress_entries)


def _theme_links(rng, recommendation, demo) -> list[ThemeLink]:
    themes = rng.sample(demo.themes, k=min(len(demo.themes), rng.choice([1, 1, 2])))
    return [ThemeLink(recommendation=recommendation, theme_id=theme) for theme in themes]


def _body_links(rng, recommendation, demo) -> list[BodyLink]:
    """The bodies asked to act: most recommendations name one, a few conclusions do."""
    if recommendation.kind != Kind.RECOMMENDATION and rng.random() >= 0.3:
        return []
    bodies = rng.sample(demo.bodies, k=min(len(demo.bodies), rng.choice([1, 1, 1, 2])))
    return [BodyLink(recommendation=recommendation, body=body) for body in bodies]


def _drawn_recommendations(rng, follow_rng, words, batch, committees, reviews) -> tuple[list, list]:
    """The batch's recommendations, unsaved, each with its plan: (report, demo committee, the first reply's
    stance, its status history, its implementation history)."""
    by_committee = {demo.committee.pk: demo for demo in committees}
    recommendations, plans = [], []
    for report, size in batch:
        demo = by_committee[report.committee_id]
        dotted = rng.random() < 0.15
        paragraph = rng.randint(3, 12)
        for position in range(1, size + 1):
            paragraph += rng.randint(1, 6)
            kind = Kind.CONCLUSION if rng.random() < 0.3 else Kind.RECOMMENDATION
            recommendation = Recommendation(
                report=report,
                number=f"{position // 8 + 1}.{position % 8 + 1}" if dotted else str(position),
                position=position,
                paragraphs=[str(paragraph)] if rng.random() < 0.85 else [str(paragraph), str(paragraph + 1)],
                kind=kind,
                text=words.recommendation(kind, demo.topics),
            )
            stance, history = _history(rng, report, kind, reviews)
            if history:
                recommendation.status, recommendation.review, recommendation.status_changed_on = history[-1]
            progress = followthrough.implementation_history(follow_rng, report.response_received_on, LAST_CHANGE)
            if progress:
                recommendation.implementation, _, recommendation.implementation_changed_on = progress[-1]
            recommendations.append(recommendation)
            plans.append((report, demo, stance, history, progress))
    return recommendations, plans


def _history(rng, report, kind, reviews) -> tuple[str, list[tuple[str, Review | None, datetime.date]]]:
    """The stance of the first reply, and a status history of 1–4 (status, review, date) drawn to follow it.

    No history before the government has responded; dates strictly increase and never pass LAST_CHANGE; each
    entry changes the status. The recommendation's copied status is the last entry's.
    """
    stances = list(STANCES)
    stance = "note" if kind == Kind.CONCLUSION and rng.random() < 0.7 else rng.choices(stances, STANCE_WEIGHTS)[0]
    day = report.response_received_on
    if day is None:
        return stance, []
    status, history = STANCES[stance][0], []
    for _ in range(rng.choices(*HISTORY_LENGTHS)[0]):
        if day > LAST_CHANGE:
            break
        history.append((status, rng.choice(reviews) if status == Status.UNDER_REVIEW else None, day))
        day += datetime.timedelta(days=rng.randint(60, 900))
        status = rng.choice([later for later in LATER_STATUSES if later != status])
    return stance, history


def _questions(rng, words, committees, samples, count, summary) -> None:
    questions, theme_links, links = [], [], []
    span = (LAST_PUBLISHED - FIRST_DAY).days
    for index in range(1, count + 1):
        demo = rng.choice(committees)
        asked = FIRST_DAY + datetime.timedelta(days=rng.randrange(span + 1))
        topic = rng.choice(demo.topics)
        questions.append(
            WrittenQuestion(
                key=f"{PREFIX}q-{index}",
                uin=f"DEMO{index}",
                house=demo.committee.house,
                asking_member=f"Demo Member {rng.randint(1, 650)}",
                answering_member=f"Demo Minister {rng.randint(1, 120)}",
                department=demo.department.name,
                asked_on=asked,
                answered_on=asked + datetime.timedelta(days=rng.randint(3, 40)),
                heading=f"Demo: {topic[:1].upper()}{topic[1:]}",
                question_text=words.question(topic),
                answer_text=words.reply(rng.choice(list(STANCES)), demo.topics),
                source_document=NOTE,
            )
        )
        theme_links.append((index - 1, rng.choice(demo.themes)))
        pool = samples.get(demo.committee.pk, [])
        links.extend((index - 1, pk) for pk in rng.sample(pool, k=min(len(pool), rng.randint(0, 3))))
    WrittenQuestion.objects.bulk_create(questions, batch_size=BATCH)
    QuestionThemeLink.objects.bulk_create(
        [QuestionThemeLink(writtenquestion_id=questions[i].pk, theme_id=theme) for i, theme in theme_links],
        batch_size=BATCH,
    )
    QuestionLink.objects.bulk_create(
        [QuestionLink(writtenquestion_id=questions[i].pk, recommendation_id=pk) for i, pk in links], batch_size=BATCH
    )
    summary.add("written questions", questions)
