"""Schemathesis against the OpenAPI description the site serves: every operation, generated requests through the
whole middleware stack (WSGI), and no server error; every answer as the description says (status, content type,
body)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test.utils import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.api_world import build_world
from tracker.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Per operation: with the boundary cases schemathesis adds, about 2,200 requests over the 17 operations (about
# 35 s of CPU).
EXAMPLES = 100


# Loaded when the module is imported, from the site itself, as a client would (the host schemathesis sends).
with override_settings(ALLOWED_HOSTS=["localhost"]):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def world(db, settings):
    """The data, and the test's connection kept through every request: as Django's test client does, the WSGI
    calls must not close it at the end of a request (it holds the test's transaction)."""
    settings.ALLOWED_HOSTS = ["localhost"]
    build_world(4)
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.usefixtures("world")
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_every_operation(case):
    case.call_and_validate(checks=CHECKS)


def test_the_description_is_openapi_3_1_and_covers_every_resource(client):
    described = client.get("/api/v1/openapi.json").json()
    assert described["openapi"].startswith("3.1")
    resources = ["recommendations", "reports", "committees", "departments", "commitments", "reviews", "themes"]
    for resource in [*resources, "questions"]:
        assert f"/api/v1/{resource}/" in described["paths"]
        assert f"/api/v1/{resource}/{{key}}/" in described["paths"]
    assert "/api/v1/deletions/" in described["paths"]
