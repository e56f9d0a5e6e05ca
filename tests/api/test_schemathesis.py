"""Every operation of the live OpenAPI document, called with generated input by schemathesis,
as a member (a signed-in account without a role) and as a program manager of a lab: no answer
is a server error, and every answer is what the document promises (a documented status code,
its content type and a body matching its schema). Issue 12: "schemathesis runs against the
live OpenAPI schema in make test".

The schema is read from the application itself, in process, through WSGI; requests carry a
personal token. Path parameters that name the lab's organization, program, mission,
recruitment, agreement version and an idea are set to the real ones, so the operations reach
their code rather than a 404; everything else (bodies, queries, other ids) is generated.
Writes run too, against the test database; deletions come last, so a deleted object cannot
hide the other operations. The examples are derandomised: the same run every time."""

import traceback

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cocreate.accounts.services import api_token_create
from tests import factories as f

pytestmark = pytest.mark.django_db

#: Generated examples per operation and role; 185 operations × 2 roles stay within about a
#: minute and a half per database on two cores.
EXAMPLES = 6
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def app():
    """Django as a WSGI application, in process. Django closes the database connection when
    a request finishes, which would end the test's transaction; keep it open for the test,
    as Django's own test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def server_errors():
    """The tracebacks of the requests that failed, to name the cause in the failure report."""
    seen: list[str] = []

    def record(sender, request=None, **kwargs):
        seen.append(f"{request.method} {request.get_full_path()}\n{traceback.format_exc()}")

    signals.got_request_exception.connect(record)
    yield seen
    signals.got_request_exception.disconnect(record)


def known_path_values(lab) -> dict:
    idea = f.IdeaFactory(organization=lab.org, author=lab.user("partner"))
    f.CommentFactory(idea=idea, author=lab.user("member"))
    return {
        "slug": lab.org.slug, "program_slug": lab.program.slug, "mission_id": lab.mission.pk,
        "recruitment_id": lab.recruitment.pk, "version": lab.agreement.version, "idea_id": idea.pk,
    }


def deletions_last(operations):
    return sorted(operations, key=lambda operation: operation.method.upper() == "DELETE")


@pytest.mark.parametrize("role", ["member", "program_manager"])
def test_every_operation_answers_as_documented(role, app, server_errors):
    lab = f.make_lab()
    values = known_path_values(lab)
    headers = {"Authorization": f"Bearer {api_token_create(lab.user(role), name='schemathesis')[1]}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = deletions_last(result.ok() for result in schema.get_all_operations())
    assert len(operations) > 150

    failures = []
    for operation in operations:

        @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def call(case):
            for name in case.path_parameters or {}:
                if name in values:
                    case.path_parameters[name] = values[name]
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            call()
        except Exception as error:  # noqa: BLE001 - every operation is run; the failures are listed at the end
            failures.append(f"{operation.label}: {error}".strip()[:3000])
    report = "\n\n".join(failures + server_errors[:5])
    assert (len(failures), len(server_errors)) == (0, 0), report
