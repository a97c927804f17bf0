"""A small run of the benchmark (bench/bench.py), so that it cannot rot: the SEND data, then 1,000 demo
recommendations more; every page's queries explained; one request per page through the test client (not
gunicorn, not wrk: `make bench` does that); the results table. On both databases."""

import io
import re

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client

from bench import bench
from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db
NUMBER = r"-?\d[\d,]*\.\d+"


@pytest.fixture
def static_files_served(settings):
    settings.WHITENOISE_USE_FINDERS = True  # no collectstatic in tests: whitenoise serves from the finders


def test_a_small_run_explains_every_page_and_prints_the_table(static_files_served):
    call_command("load_send_data", stdout=io.StringIO())
    pages = bench.pages(static("tracker.css"))
    assert [name for name, _ in pages][-1] == bench.FLOOR and len(pages) == len(bench.PAGES) + 1
    results = {}
    for extra in (0, 1000):
        if extra:
            call_command("generate_demo_data", recommendations=extra, force=True, stdout=io.StringIO())
        size = Recommendation.objects.count()
        client = Client()
        for name, path in pages[:-1]:
            plans = bench.explain_page(client, path)
            assert plans.startswith(f"### {path}: status 200,"), plans[:200]
            assert any(f"-- query 1: {start}" in plans for start in ("SELECT", "(SELECT", "WITH")), name
            assert len(plans.splitlines()) > 3
        results[size] = {name: bench.time_in_process(client, path, requests=1) for name, path in pages}
    assert sorted(results) == [38, 1038]

    table = bench.table(results, {38: "peak memory: not measured in tests"}).splitlines()
    assert "38 recommendations" in table[0] and "1,038 recommendations" in table[0]
    assert table[1].startswith("page") and set(table[2]) == {"-"}
    rows = table[3 : 3 + len(pages)]
    for (name, _), row in zip(pages, rows, strict=True):
        assert row.startswith(name)
        numbers = re.findall(NUMBER, row[len(name) :])
        assert len(numbers) == 3 * 2 + 2 + 1 + 1, (
            row
        )  # median, p95, req/s at each size; two ×floor; req/s of floor; growth
    assert rows[-1].split("|")[-1].strip() != ""
    assert table[-1] == "at 38: peak memory: not measured in tests"
    verdicts = bench.targets(results, "in-process")
    assert len(verdicts) == 3 and all(line.startswith("in-process: ") for line in verdicts)
