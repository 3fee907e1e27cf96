"""Media types named in prose: parameters kept, sentence punctuation not."""

from __future__ import annotations

import pytest

from validator.extract.media import media_types_in


@pytest.mark.parametrize(("text", "expected"), [
    ("Use application/json.", ("application/json",)),
    ("Set it to application/json;charset=utf8.", ("application/json; charset=utf8",)),
    ("``text/plain; charset=utf-8`` or ``text/markdown``", ("text/plain; charset=utf-8", "text/markdown")),
    ("application/vnd.api+json, multipart/form-data", ("application/vnd.api+json", "multipart/form-data")),
    ("this depends on the Accept header", ()),
])
def test_media_types_in(text: str, expected: tuple[str, ...]) -> None:
    assert media_types_in(text) == expected
