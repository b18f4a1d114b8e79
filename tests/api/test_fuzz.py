"""Every operation of the schema, with generated data: no 5xx, every response as documented."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from shop.wsgi import application
from tests.factories import AddressFactory, SKUFactory, UserFactory

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Serve the WSGI calls inside the test's transaction, as Django's test client does.

    After a request Django closes a connection whose autocommit differs from its settings; in
    a test transaction that would close the test's own connection on PostgreSQL.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "100000/min", "auth": "100000/min"},
    }
    user = UserFactory()
    AddressFactory(user=user)
    SKUFactory(stock=5)
    return Token.objects.create(user=user).key


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_schema(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )
