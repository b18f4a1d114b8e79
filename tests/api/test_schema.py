"""The committed OpenAPI schema is the one the code generates, and it validates."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command

SCHEMA = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"
REGENERATE = (
    "docs/openapi.yaml is out of date: regenerate it with "
    "`python manage.py spectacular --validate --fail-on-warn --lang en --file docs/openapi.yaml`"
)


def test_committed_schema_is_current(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--lang", "en", "--file", str(generated)
    )
    assert generated.read_text() == SCHEMA.read_text(), REGENERATE


def test_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"/static/drf_spectacular_sidecar/" in docs.content
