"""Request body parsers of the API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from innobridge.core.validators import has_lone_surrogate

# Arrays and objects within each other: no body of ours nests more than a few; Python's own
# limit (about 1,000) would let a 900-deep body through to code that recurses over it again.
MAX_DEPTH = 32


class SafeJSONParser(JSONParser):
    """JSON, with a body nested too deeply (`[[[[…` 100,000 levels deep raised
    RecursionError, a 500) or holding a lone surrogate (`"\\ud800"`: no UTF-8 text holds it,
    so echoing it in an error message or folding it for search was a 500) refused as a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("The JSON body is nested too deeply.")) from error
        check_json_body(data)
        return data


def check_json_body(data: Any) -> None:
    """Raise ParseError for nesting deeper than MAX_DEPTH or a key or string holding a lone
    surrogate, naming where (`parties.0.role`), without recursing. (NUL characters are
    refused field by field: DRF's CharField and our JSON field validators.)"""
    pending: list[tuple[tuple[str, ...], Any]] = [((), data)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, dict | list) and len(path) >= MAX_DEPTH:
            raise ParseError(_("The JSON body is nested too deeply."))
        if isinstance(value, dict):
            for key, item in value.items():
                if has_lone_surrogate(key):
                    _refuse_text(path)
                pending.append(((*path, key), item))
        elif isinstance(value, list):
            pending.extend(((*path, str(index)), item) for index, item in enumerate(value))
        elif isinstance(value, str) and has_lone_surrogate(value):
            _refuse_text(path)


def _refuse_text(path: tuple[str, ...]) -> None:
    if not path:
        raise ParseError(
            _("The JSON body holds a lone surrogate (half of a UTF-16 pair), which is not text.")
        )
    raise ParseError(
        _(
            "“{path}” in the JSON body holds a lone surrogate (half of a UTF-16 pair), which is "
            "not text."
        ).format(path=".".join(path))
    )
