"""A response's document (HTML, else PDF) fetched into an intake draft, for an editor to review and publish.

The size is limited while reading, and the type is read from the content (never from the name or the headers).
Nothing here publishes: a draft waits in the editors' admin (Intake → Drafts).
"""

import hashlib

from django.conf import settings

from intake.common import DocumentError
from intake.draft import to_json
from intake.models import Draft
from intake.pipeline import make_draft
from intake.readers import HTML, PDF, sniff
from recommendations.models import Report

from .client import ApiError, Client
from .models import Publication

PREFERRED = ("Html", "Pdf")


def document_file(publication: Publication, base_url: str) -> dict | None:
    """The file to read (HTML before PDF) with its address, or None if the publication has neither."""
    files = [
        {**file, "documentId": document.get("documentId")}
        for document in publication.data.get("documents") or []
        for file in document.get("files") or []
    ]
    for wanted in PREFERRED:
        for file in files:
            if file.get("fileDataFormat") == wanted:
                url = file.get("url") or (
                    f"{base_url}/Publications/{publication.parliament_id}/Document/{file['documentId']}/{wanted}"
                )
                return {**file, "url": url}
    return None


def draft_response_document(client: Client, publication: Publication, report: Report) -> str:
    """Fetch the document and keep it as a draft: "drafted", "unchanged", "none" or "failed" (the reason kept)."""
    file = document_file(publication, client.base_url)
    if file is None:  # kept, so that the next run does not look again (a changed publication is looked at anew)
        publication.document_error = "no HTML or PDF file in the API"
        publication.save(update_fields=["document_error"])
        return "none"
    limit = settings.PARLIAMENT_MAX_DOCUMENT_BYTES
    name = (file.get("fileName") or f"publication-{publication.parliament_id}")[:200]
    try:
        if (file.get("fileSize") or 0) > limit:
            raise ApiError(f"{name} is {file['fileSize']:,} bytes, over the limit of {limit:,}.")
        data = client.get_bytes(file["url"], limit)
        if sniff(data) not in (HTML, PDF):
            raise ApiError(f"{name} is neither HTML nor PDF.")
        digest = hashlib.sha256(data).hexdigest()
        if digest == publication.document_sha256:
            return "unchanged"
        if not Draft.objects.filter(sha256=digest, report_slug=report.slug).exists():
            _keep(name, data, digest, publication, report)
    except (ApiError, DocumentError) as error:
        publication.document_error = str(error)
        publication.save(update_fields=["document_error"])
        return "failed"
    publication.document_sha256, publication.document_error = digest, ""
    publication.save(update_fields=["document_sha256", "document_error"])
    return "drafted"


def _keep(name: str, data: bytes, digest: str, publication: Publication, report: Report) -> Draft:
    draft = make_draft(name, data)
    return Draft.objects.create(
        file_name=name,
        original=data,
        sha256=digest,
        format=draft.format,
        content=to_json(draft),
        title=report.title,
        committee=report.committee.name,
        report_slug=report.slug,
        response_date=publication.published_on,
        source_url=report.response_url,
    )
