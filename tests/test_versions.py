"""Pages documenting several versions of one API (os-api-ref microversions, fixtures/apiref-versions): the
spec describes the newest version; sections a later version supersedes are left out with an info
diagnostic; a member written as a scalar with members of its own names a map's keys; a prefix stated only
in what an operation refuses becomes its parameter's pattern."""

from __future__ import annotations

import pytest
import yaml
from conftest import FIXTURES
from openapi_spec_validator import validate

from validator.extract.versions import VersionRange, qualifier, superseding
from validator.pipeline import ExtractOptions, extract_spec

TREE = FIXTURES / "apiref-versions"


@pytest.fixture(scope="module")
def extracted():
    text, extraction = extract_spec([TREE], ExtractOptions(jobs=1))
    return yaml.safe_load(text), extraction.diagnostics


@pytest.mark.parametrize(("title", "versions"), [
    ("Response (microversions 1.2 - 1.6)", VersionRange("1.2", "1.6")),
    ("Response Example (1.38 - )", VersionRange("1.38", "")),
    ("Request (microversion 1.5)", VersionRange("1.5", "1.5")),
    ("Request (API version 2 and later)", VersionRange("2", "")),
    ("Response (2 - 3 items)", None),  # a bare range without a dotted version is not a version
    ("Body (deprecated)", None),
])
def test_version_qualifiers(title: str, versions: VersionRange | None) -> None:
    assert qualifier(title) == versions


def test_the_newest_section_supersedes_the_closed_ranges() -> None:
    titles = ["Response (1.0 - 1.11)", "Response (1.12 - 1.19)", "Response (1.20 - )", "Request (1.0 - 1.11)"]
    assert superseding(titles[0], titles) == "Response (1.12 - 1.19)"
    assert superseding(titles[2], titles) is None  # open-ended: the current form
    assert superseding(titles[3], titles) is None  # another subject
    assert superseding("Response (1.0 - 1.11)", ["Response", "Response (1.0 - 1.11)"]) == "Response"


def test_the_spec_describes_the_newest_version(extracted) -> None:
    spec, diagnostics = extracted
    validate(spec)
    show = spec["paths"]["/v3/widgets/{widget_name}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert list(show["examples"]) == ["example1"] and show["examples"]["example1"]["value"]["holdings"]["BIN"]
    # holdings.holder_kind is a string with members: holdings is keyed by holder kinds
    holdings = show["schema"]["properties"]["holdings"]
    assert "properties" not in holdings and holdings["additionalProperties"]["required"] == ["count"]
    put = spec["paths"]["/v3/widgets/{widget_name}"]["put"]
    assert put["summary"] == "Create widget" and "requestBody" not in put  # the 3.0-3.4 rename is left out
    assert list(put["responses"]) == ["201", "204", "400"]  # "200 (microversions 3.0 - 3.4)" is the older form
    older = sorted((d.location.line, d.found) for d in diagnostics if d.code == "extract.older-version")
    assert older == [(43, "'Response (microversions 3.0 - 3.4)'"), (51, "'Response Example (microversions 3.0 - 3.4)'"),
                     (83, "'Rename widget (microversions 3.0 - 3.4)'")]
    assert [d.format() for d in diagnostics if d.level.name != "INFO"] == []


def test_a_prefix_stated_in_what_the_operation_refuses(extracted) -> None:
    spec, _ = extracted
    put = spec["paths"]["/v3/widgets/{widget_name}"]["put"]
    assert put["parameters"][0]["schema"]["pattern"] == "^LOCAL_"
    get = spec["paths"]["/v3/widgets/{widget_name}"]["get"]
    assert "pattern" not in get["parameters"][0]["schema"]  # another operation states nothing of the kind
