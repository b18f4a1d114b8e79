"""Document, on every operation, the errors any endpoint may answer with."""

from typing import Any

ERROR_SCHEMA = {"$ref": "#/components/schemas/Error"}
COMMON_ERRORS = {
    "400": "The input is not valid, or a service refused it (see `code`).",
    "401": "Credentials are missing or wrong.",
    "403": "Not allowed (a session request without its CSRF token, for one).",
    "404": "No such object, or not yours.",
    "429": "Too many requests; retry after the `Retry-After` seconds.",
}


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Add the shared error shape and the errors every operation may return."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "properties": {
            "detail": {"type": "string"},
            "code": {"type": "string"},
            "errors": {"type": "object", "additionalProperties": {}},
        },
        "required": ["detail", "code"],
    }
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for status, description in COMMON_ERRORS.items():
                responses.setdefault(
                    status,
                    {
                        "content": {"application/json": {"schema": ERROR_SCHEMA}},
                        "description": description,
                    },
                )
    return result
