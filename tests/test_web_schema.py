"""hadath.web against its own OpenAPI document: schemathesis generates requests for every
operation (in-process, over ASGI) and no answer may be a server error (5xx)."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")

from conftest import sibling  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from hadath.web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = sibling("test_web_api").build_store(tmp_path_factory.mktemp("webschema"))
    # A token, so the generated requests also meet the 401 path of /analyze.
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(db, token="schema-token"))


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_web_schema_no_server_errors(case: Any) -> None:
    case.call_and_validate(checks=[not_a_server_error])


@schema.include(path="/analyze").parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_web_schema_analyze_with_token_no_server_errors(case: Any) -> None:
    case.call_and_validate(headers={"Authorization": "Bearer schema-token"},
                           checks=[not_a_server_error])
