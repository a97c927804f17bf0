"""Data for the read API's tests, built from the SEND documents' words with something in every relation the API
embeds."""

import datetime

from recommendations.models import Department, Implementation, Recommendation, Reply, Report, WrittenQuestion
from recommendations.services.implementation import record_implementation
from tests.builders import add_commitment, build_report


def build_world(count: int, *, slug: str = "special-educational-needs-and-disabilities") -> Report:
    """`build_report(count)` answered by the Department for Education (which its committee scrutinises) plus, for
    every recommendation, an implementation entry, a confirmed commitment and a written question linked to it."""
    report = build_report(count, slug=slug)
    department, _ = Department.objects.get_or_create(
        slug="department-for-education", defaults={"name": "Department for Education", "parliament_id": 60}
    )
    Report.objects.filter(pk=report.pk).update(responding_department=department)
    report.committee.departments.add(department)
    for reply in Reply.objects.filter(report=report).prefetch_related("recommendations"):
        add_commitment(reply)
    for recommendation in Recommendation.objects.filter(report=report):
        record_implementation(
            recommendation=recommendation,
            implementation=Implementation.IN_PROGRESS,
            basis="government_says",
            effective_on=datetime.date(2021, 3, 1),
            note="The Department says it has begun the work.",
        )
        question = WrittenQuestion.objects.create(
            key=f"{slug}-q-{recommendation.pk}",
            heading="Special Educational Needs",
            question_text="To ask the Secretary of State for Education what steps he is taking on SENCO training.",
            house="House of Commons",
        )
        question.recommendations.add(recommendation)
    return report
