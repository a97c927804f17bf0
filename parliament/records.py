"""Writing what the API says into the domain's committees, departments and reports, without overwriting editors.

Each synced row keeps in `synced` the values the sync last wrote. A value is replaced only where the row still
holds that value (or nothing): a value an editor changed stays as the editor left it.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.utils.text import slugify

from recommendations import timephrases
from recommendations.changes import Change, ChangeKind, announce
from recommendations.models import COMMITTEE_HOUSES, Committee, Department, Report, ResponseLink

HOUSES = dict(zip(("Commons", "Lords", "Joint"), COMMITTEE_HOUSES, strict=True))
MISSING = object()


def digest(item: dict) -> str:
    return hashlib.sha256(json.dumps(item, sort_keys=True).encode()).hexdigest()


def parse_date(value) -> datetime.date | None:
    """The date of an API timestamp ("2019-10-23T00:00:00"), or None."""
    if not isinstance(value, str) or not timephrases.ISO_DATE.match(value.strip()):
        return None
    try:
        return timephrases.parse_date(value)
    except ValueError:
        return None


def paper_number(item: dict) -> str:
    """The paper number as printed: "HC 20" or "HL Paper 12"."""
    for key, prefix in (("hcNumber", "HC"), ("hlPaper", "HL Paper")):
        number = (item.get(key) or {}).get("number")
        if number:
            return f"{prefix} {number}"[:20]
    return ""


def session_of(item: dict) -> str:
    for key in ("hcNumber", "hlPaper"):
        session = (item.get(key) or {}).get("sessionDescription")
        if session:
            return session.removeprefix("Session ").strip()[:20]
    return ""


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def merge(row, values: dict) -> list[str]:
    """Set each value the editor left alone; the names of the fields changed."""
    synced = dict(row.synced or {})
    changed = []
    for name, value in values.items():
        current, new, last = _plain(getattr(row, name)), _plain(value), synced.get(name, MISSING)
        left_alone = row.pk is None or current == last or (last is MISSING and current in ("", None, False))
        if not left_alone:
            continue
        if current != new:
            setattr(row, name, value)
            changed.append(name)
        synced[name] = new
    if synced != row.synced:
        row.synced = synced
        changed.append("synced")
    return changed


def unique_slug(model, text: str, parliament_id: int) -> str:
    slug = slugify(text)[:180] or f"item-{parliament_id}"
    return slug if not model.objects.filter(slug=slug).exists() else f"{slug}-{parliament_id}"


def save_department(item: dict | None) -> Department | None:
    """The department the API names (by its id, else by its name), created if new."""
    if not item or not item.get("name"):
        return None
    pid, name = item.get("departmentId", item.get("id")), item["name"].strip()[:200]
    department = Department.objects.filter(parliament_id=pid).first() if pid else None
    department = department or Department.objects.filter(name=name).first()
    if department is None:
        department = Department.objects.create(
            name=name, slug=unique_slug(Department, name, pid or 0), parliament_id=pid
        )
        announce(Change(kind=ChangeKind.EDIT, summary=f"Department {name} added"))
    elif department.parliament_id is None and pid:
        department.parliament_id = pid
        department.save(update_fields=["parliament_id"])
        announce(Change(kind=ChangeKind.EDIT, summary=f"Department {name} given its Parliament id"))
    return department


def save_committee(item: dict) -> tuple[Committee, str]:
    """The committee (found by Parliament's id, else an editor's of the same name and house); its outcome."""
    name, house = (item.get("name") or "").strip()[:200], HOUSES.get(item.get("house"), item.get("house") or "")
    committee = Committee.objects.filter(parliament_id=item["id"]).first()
    if committee is None:
        committee = Committee.objects.filter(name=name, house=house, parliament_id__isnull=True).first()
    values = {
        "name": name,
        "house": house,
        "category": ((item.get("category") or {}).get("name") or "")[:100],
        "started_on": parse_date(item.get("startDate")),
        "ended_on": parse_date(item.get("endDate")),
    }
    if committee is None:
        committee = Committee(parliament_id=item["id"], slug=unique_slug(Committee, name, item["id"]))
        outcome = "created"
    else:
        outcome = "unchanged"
    changed = merge(committee, values)
    if committee.parliament_id is None:
        committee.parliament_id = item["id"]
        changed.append("parliament_id")
    if committee.pk is None or changed:
        committee.save()
        outcome = "created" if outcome == "created" else "updated"
    departments = [save_department(d) for d in item.get("scrutinisingDepartments") or []]
    known = set(committee.departments.values_list("pk", flat=True)) if outcome != "created" else set()
    new = [d for d in departments if d and d.pk not in known]
    if new:
        committee.departments.add(*new)
        outcome = "updated" if outcome == "unchanged" else outcome
    if outcome != "unchanged":
        announce(Change(kind=ChangeKind.EDIT, summary=f"{committee.name} {outcome} from Parliament"))
    return committee, outcome


def publication_url(item: dict) -> str:
    return item.get("additionalContentUrl") or settings.PARLIAMENT_PUBLICATION_PAGE_URL.format(id=item["id"])


def report_values(item: dict, committee: Committee) -> dict:
    responses = item.get("governmentResponses") or {}
    department = save_department(item.get("respondingDepartment"))
    return {
        "committee_id": committee.pk,
        "title": (item.get("description") or "").strip()[:300] or f"Report {item['id']}",
        "published_on": parse_date(item.get("publicationStartDate")),
        "hc_number": paper_number(item),
        "session": session_of(item),
        "url": publication_url(item)[:200],
        "response_deadline": parse_date(responses.get("responseDeadline")),
        "response_excepted": bool(responses.get("responseExcepted")),
        "responding_department_id": department.pk if department else None,
        "has_no_document": not item.get("documents"),
    }


def save_report(item: dict, committee: Committee) -> tuple[Report, str]:
    """The report (found by Parliament's id, else an editor's with the same committee, paper and date)."""
    values = report_values(item, committee)
    report = Report.objects.filter(parliament_id=item["id"]).first()
    if report is None and values["hc_number"] and values["published_on"]:
        report = Report.objects.filter(
            committee=committee,
            hc_number=values["hc_number"],
            published_on=values["published_on"],
            parliament_id__isnull=True,
        ).first()
    outcome = "unchanged"
    if report is None:
        report = Report(parliament_id=item["id"], slug=unique_slug(Report, values["title"], item["id"]))
        outcome = "created"
    changed = merge(report, values)
    if report.parliament_id is None:
        report.parliament_id = item["id"]
        changed.append("parliament_id")
    if report.pk is None or changed:
        report.save()
        outcome = "created" if outcome == "created" else "updated"
        summary = f"Report “{report.title}” {outcome} from Parliament"
        announce(Change(kind=ChangeKind.EDIT, report_id=report.pk, summary=summary))
    return report, outcome


def save_response(report: Report, response, how: str) -> str:
    """Record a response on its report, unless an editor set the link or a better-known response is there."""
    if report.response_link == ResponseLink.EDITOR:
        return "kept"
    if report.response_parliament_id not in (None, response.parliament_id):
        better = report.response_link == ResponseLink.RECORDED and how == ResponseLink.INFERRED
        earlier = (
            report.response_received_on
            and response.published_on
            and report.response_received_on < response.published_on
        )
        if better or earlier:
            return "kept"
    values = {
        "response_title": response.description[:300],
        "response_received_on": response.published_on,
        "response_session": session_of(response.data),
        "response_url": publication_url(response.data)[:200],
    }
    if response.kind == "special_report":
        values["response_printed_on"] = response.published_on
    changed = merge(report, values)
    if (report.response_parliament_id, report.response_link) != (response.parliament_id, how):
        report.response_parliament_id, report.response_link = response.parliament_id, how
        changed.append("response_link")
    if not changed:
        return "unchanged"
    report.save()
    received = "inferred" if how == ResponseLink.INFERRED else "linked"
    announce(Change(kind=ChangeKind.EDIT, report_id=report.pk, summary=f"Government response {received}: {report}"))
    return received
