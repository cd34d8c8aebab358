"""The OpenAPI schema documents the errors each operation can answer, not only its success.

drf-spectacular describes the success response; clients (and schemathesis in CI) also
need the 400, 401, 403, 404 and 409 answers. Which apply follows from the operation:
400 where it takes a body or query parameters, 401 and 403 where it writes or its view
requires more than reading, 404 where its path names an object or its list is paginated
(a page past the end), 409 where it deletes (something may still refer to the object),
415 where it takes a body (in a media type it may not read), and 429 everywhere (the
API's rate limits).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticatedOrReadOnly

DETAIL_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# Per-field messages ({"title": ["..."]}, "non_field_errors"), or {"detail": "..."} when the
# body cannot be parsed at all.
VALIDATION_SCHEMA = {
    "type": "object",
    "additionalProperties": {},
    "description": "Messages by field (lists of strings), or `detail` for a body that "
    "cannot be read.",
}
ERRORS = {
    "400": ("The request is not valid; nothing was changed.", VALIDATION_SCHEMA),
    "401": ("No valid credentials were given.", DETAIL_SCHEMA),
    "403": ("The user may not do this; nothing was changed.", DETAIL_SCHEMA),
    "404": ("No such object, or not one the user may see.", DETAIL_SCHEMA),
    "409": ("Something still refers to the object; nothing was deleted.", DETAIL_SCHEMA),
    "415": (
        "The body is in a media type the operation does not read (it reads JSON, form and "
        "multipart bodies); nothing was changed.",
        DETAIL_SCHEMA,
    ),
    "429": (
        "Too many requests from this user or client (the API's rate limits, or sign-ins "
        "paused after repeated failures); try again after Retry-After seconds.",
        DETAIL_SCHEMA,
    ),
}
BODY_METHODS = ("POST", "PUT", "PATCH")
READ_ONLY_PERMISSIONS = (AllowAny, IsAuthenticatedOrReadOnly)


class ErrorDocumentingAutoSchema(AutoSchema):
    def _map_basic_serializer(self, serializer, direction: str) -> dict[str, Any]:
        """Fields only some users receive (a serializer's `Meta.restricted_fields`, such as
        an article's moderation fields for the secretariat) are documented but not
        required: a visitor's answer without them still matches the schema."""
        schema = super()._map_basic_serializer(serializer, direction)
        restricted = set(getattr(getattr(serializer, "Meta", None), "restricted_fields", ()))
        if restricted and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in restricted]
            if not schema["required"]:
                del schema["required"]
        return schema

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                description, schema = ERRORS[code]
                responses[code] = {
                    "description": description,
                    "content": {"application/json": {"schema": schema}},
                }
        return responses

    def _error_codes(self) -> list[str]:
        codes = []
        if self.method not in SAFE_METHODS or self._has_query_parameters():
            codes.append("400")
        if self.method not in SAFE_METHODS or not self._reads_freely():
            codes += ["401", "403"]
        if "{" in self.path or (self._is_list_view() and self._get_paginator() is not None):
            codes.append("404")
        if self.method == "DELETE":
            codes.append("409")
        if self.method in BODY_METHODS:
            codes.append("415")
        codes.append("429")  # every operation is rate-limited (settings.REST_FRAMEWORK)
        return codes

    def _reads_freely(self) -> bool:
        permissions = getattr(self.view, "permission_classes", [])
        return all(issubclass(p, READ_ONLY_PERMISSIONS) for p in permissions)

    def _has_query_parameters(self) -> bool:
        return any(p.get("in") == "query" for p in self._get_parameters())
