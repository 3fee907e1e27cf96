"""Lint reads non-JSON example bodies as their Content-Type says: a form example is checked as form data
against the documented form fields, a text example is not mistaken for invalid JSON."""

from __future__ import annotations

from pathlib import Path

from validator.config import Config
from validator.lint import lint
from validator.openapi import build_spec
from validator.pipeline import ExtractOptions, extract_paths

PAGE = """Login
=====

.. http:post:: /login

   Log in.

   :form user: the user name (required)
   :form password: the password
   :statuscode 200: logged in

   **Example request**:

   .. sourcecode:: http

      POST /login HTTP/1.1
      Content-Type: application/x-www-form-urlencoded

      {form}

   **Example response**:

   .. sourcecode:: http

      HTTP/1.1 200 OK
      Content-Type: text/plain

      welcome, bob
"""


def findings(tmp_path: Path, form: str) -> list:
    page = tmp_path / "login.rst"
    page.write_text(PAGE.replace("{form}", form), encoding="utf-8")
    extraction = extract_paths([page], ExtractOptions())
    return lint(extraction, build_spec(extraction.operations), Config()).sorted()


def test_form_and_text_examples_are_read_by_their_content_type(tmp_path: Path) -> None:
    assert [d.code for d in findings(tmp_path, "user=bob&password=secret")] == []


def test_a_form_example_is_checked_against_the_form_fields(tmp_path: Path) -> None:
    found = findings(tmp_path, "password=secret")
    assert [(d.code, d.location.line) for d in found] == [("lint.example-mismatch", 19)]
    assert "'user' is a required property" in found[0].message


def test_an_operation_openapi_has_no_field_for_lints_without_false_alarms(tmp_path: Path) -> None:
    page = tmp_path / "copy.rst"
    page.write_text(PAGE.replace(".. http:post:: /login", ".. http:copy:: /login").replace(
        "POST /login HTTP/1.1", "COPY /login HTTP/1.1").replace("{form}", "password=secret"), encoding="utf-8")
    extraction = extract_paths([page], ExtractOptions())
    assert [op.method for op in extraction.operations] == ["copy"]
    assert [e.role for e in extraction.operations[0].examples] == ["request", "response"]
    assert lint(extraction, build_spec(extraction.operations), Config()).sorted() == []
