"""Stored values no URL can carry, requests that ask for too much, and the smaller ones (long texts, deep JSON,
methods, direction controls, fake highlighting)."""

import csv
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from intake.common import DocumentError
from intake.pipeline import import_response
from intake.questions import import_questions
from recommendations.models import Recommendation, Reply, Report
from recommendations.params import MAX_VALUES, MAX_VALUES_PER_PARAMETER
from recommendations.validators import MAX_TEXT_LENGTH
from tests.builders import build_report
from tests.recommendations.test_admin import form_data

REPORT = "special-educational-needs-and-disabilities"
SEED = "/work/shared/seeds/004_d5d06911b5085a17.txt"


# Finding 3: a number like "1/2", stored before validation (or by hand), must not break any page


ODD_NUMBERS = ["1/2", "50%", "a b", "#1", "?x", "..", "ü", "%2F"]


def exported_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


@pytest.mark.django_db
@pytest.mark.parametrize("number", ODD_NUMBERS)
def test_a_stored_number_no_url_can_carry_breaks_no_page(client, number):
    report = build_report(30)
    Recommendation.objects.filter(report=report, position=3).update(number=number)
    Report.objects.filter(pk=report.pk).update(slug="odd slug/too")  # a slug stored by hand, as bad
    report.refresh_from_db()
    for url in [
        "/",
        report.get_absolute_url(),
        reverse("recommendation_detail", args=[report.slug, "2"]),
        reverse("recommendation_detail", args=[report.slug, "4"]),
        "/recommendations/",
        "/recommendations/?page=2",
        "/recommendations/?ordering=changed",
        "/feeds/",
        "/sitemap.xml",
        reverse("sitemap_page", args=["recommendations", 1]),
        reverse("sitemap_page", args=["reports", 1]),
        "/themes/send-workforce/",
    ]:
        assert client.get(url).status_code == 200, url

    # Its own page is reached through the link the report page gives.
    link = reverse("recommendation_detail", args=[report.slug, number])
    assert f'href="{link}"' in client.get(report.get_absolute_url()).content.decode()
    page = client.get(link)
    assert page.status_code == 200
    assert page.context["recommendation"].number == number

    # The exports finish: every row, the odd one with its link.
    rows = list(csv.DictReader(io.StringIO(exported_rows(client, "/recommendations/export.csv"))))
    assert len(rows) == 30
    assert {row["url"] for row in rows if row["number"] == number} == {link}
    assert json.loads(exported_rows(client, "/recommendations/export.json"))["count"] == 30


@pytest.mark.parametrize("number", ["12", "8.12", "12a", "A-3"])
def test_numbers_as_printed_are_valid(number):
    Recommendation._meta.get_field("number").run_validators(number)


@pytest.mark.parametrize("number", ["1/2", "a b", "50%", "..", "1.", "-1", "#1"])
def test_numbers_a_url_cannot_carry_are_refused(number):
    with pytest.raises(ValidationError):
        Recommendation._meta.get_field("number").run_validators(number)


@pytest.mark.django_db
def test_the_admin_refuses_such_a_number_with_a_message(editor_client):
    report = build_report(1)
    recommendation = Recommendation.objects.get(report=report)
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    response = editor_client.post(url, form_data(recommendation, number="1/2"))
    assert response.status_code == 200
    assert "letters and digits" in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.number == "1"


@pytest.mark.django_db
def test_an_import_with_an_unusable_report_slug_is_refused(tmp_path):
    with pytest.raises(DocumentError, match="report slug"):
        import_response(SEED, report_slug="send/2019")
    assert not Report.objects.exists()


# Finding 5: bounded requests


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/recommendations/", "/recommendations/export.csv", "/recommendations/export.json", "/feeds/"]
)
def test_too_many_values_get_a_short_clear_refusal(client, url):
    build_report(3)
    many = "&".join(f"kind={n}" for n in range(462))
    response = client.get(f"{url}?{many}")
    assert response.status_code == 400
    body = response.content.decode()
    assert f"at most {MAX_VALUES_PER_PARAMETER} values of one parameter" in body
    assert len(body) < 10_000


@pytest.mark.django_db
def test_too_many_values_in_all_are_refused_but_a_few_of_each_are_not(client):
    build_report(3)
    few = "status=accepted&status=noted&kind=conclusion&theme=funding&theme=send-workforce"
    assert client.get(f"/recommendations/?{few}").status_code == 200
    spread = "&".join(f"{name}=x{n}" for name in ["status", "theme", "report"] for n in range(MAX_VALUES // 3 + 1))
    response = client.get(f"/recommendations/?{spread}")
    assert response.status_code == 400
    assert f"{MAX_VALUES} in all" in response.content.decode()


# Finding 8: the smaller ones


@pytest.mark.django_db
def test_a_text_longer_than_the_limit_is_refused_in_the_admin(editor_client):
    recommendation = Recommendation.objects.get(report=build_report(1))
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    response = editor_client.post(url, form_data(recommendation, text="word " * (MAX_TEXT_LENGTH // 4)))
    assert response.status_code == 200
    assert f"at most {MAX_TEXT_LENGTH:,} characters" in response.content.decode()


@pytest.mark.django_db
def test_any_stored_text_fits_the_search_vector(client):
    """On PostgreSQL a 2 MB text used to fail with "string is too long for tsvector" (the 503 page)."""
    recommendation = Recommendation.objects.get(report=build_report(1))
    huge = " ".join(f"w{n}x" for n in range(400_000))  # every word distinct: the worst case, 2.8 MB
    Recommendation.objects.filter(pk=recommendation.pk).update(text=huge)
    Reply.objects.filter(recommendations=recommendation).update(text=huge)
    response = client.get("/recommendations/?q=w17x")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1


@pytest.mark.django_db
def test_an_import_with_a_text_too_long_is_refused_with_its_place(tmp_path):
    text = open(SEED, encoding="utf-8").read()
    long_words = " ".join(["provision"] * (MAX_TEXT_LENGTH // 9))
    document = tmp_path / "long.txt"
    document.write_text(text.replace("1. We are", f"1. {long_words} We are", 1), encoding="utf-8")
    with pytest.raises(DocumentError, match=r"line \d+: recommendation 1 has [\d,]+ characters; a text may"):
        import_response(document)
    assert not Recommendation.objects.exists()


@pytest.mark.django_db
def test_deeply_nested_paragraphs_are_refused_with_a_message(editor_client):
    recommendation = Recommendation.objects.get(report=build_report(1))
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    for nested in ["[" * 50_000 + "]" * 50_000, '[["17"]]']:
        response = editor_client.post(url, form_data(recommendation, paragraphs=nested))
        assert response.status_code == 200
        assert "paragraphs" in response.context["adminform"].form.errors
    recommendation.refresh_from_db()
    assert recommendation.paragraphs == ["17"]


@pytest.mark.django_db
def test_a_deeply_nested_api_file_is_refused_with_a_message(tmp_path):
    document = tmp_path / "deep.json"
    document.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(DocumentError, match="nested too deeply"):
        import_questions([document], format="api")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/recommendations/",
        "/recommendations/export.csv",
        "/recommendations/export.json",
        "/feeds/",
        f"/reports/{REPORT}/",
        f"/reports/{REPORT}/1/",
        "/themes/",
        "/questions/",
        "/sitemap.xml",
        "/robots.txt",
    ],
)
def test_read_only_pages_answer_get_and_head_only(client, url):
    build_report(1)
    assert client.get(url).status_code == 200
    assert client.head(url).status_code == 200
    for method in ("post", "put", "delete", "options", "trace"):
        response = getattr(client, method)(url)
        assert response.status_code == 405, (method, url)
        assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


@pytest.mark.django_db
def test_direction_controls_are_stripped_on_import(tmp_path):
    text = open(SEED, encoding="utf-8").read()
    document = tmp_path / "bidi.txt"
    document.write_text(text.replace("1. We are", "1. We \u202eare\u202c", 1), encoding="utf-8")
    import_response(document)
    first = Recommendation.objects.get(position=1)
    assert "\u202e" not in first.text and "We are confident" in first.text


@pytest.mark.django_db
def test_direction_controls_typed_in_the_admin_are_refused(editor_client):
    recommendation = Recommendation.objects.get(report=build_report(1))
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    response = editor_client.post(url, form_data(recommendation, text="Pay for \u202egpj.exe"))
    assert response.status_code == 200
    assert "invisible direction control (U+202E)" in response.content.decode()


@pytest.mark.django_db
def test_private_use_characters_in_a_text_cannot_fake_highlighting(client):
    recommendation = Recommendation.objects.get(report=build_report(1))
    Recommendation.objects.filter(pk=recommendation.pk).update(
        text="\ue000Fake\ue001 highlighting of SENCOs and \ue000more\ue001 words " + recommendation.text
    )
    response = client.get("/recommendations/?q=SENCOs")
    body = response.content.decode()
    marked = re.findall(r"<mark>(.*?)</mark>", body)
    assert marked and {word.casefold() for word in marked} <= {"sencos", "senco"}
    assert "\ue000" not in body and "\ue001" not in body
