"""Every spec extraction writes is valid OpenAPI 3.1: every corpus in ../shared/corpus (skipped when
absent), every fixture page of ours; `extract` checks its own output and never exits 0 on an invalid
spec; the same docs give the same bytes from any working directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from casefile import read_cases
from conftest import FIXTURES, ROOT, SEEDS, SHARED
from openapi_schema_validator import OAS31Validator

from validator import pipeline
from validator.cli import main
from validator.pipeline import ExtractOptions, extract_spec
from validator.readers.attributes import parse_attributes_file
from validator.specvalidate import iter_spec_errors

CORPUS = SHARED / "corpus"
SUFFIXES = {"asciidoc": ".asciidoc", "rst": ".rst", "text": ".txt"}


def corpus_options(name: str) -> tuple[list[Path], ExtractOptions]:
    """The inputs and options a corpus needs (Elasticsearch: its attributes and include path)."""
    base = CORPUS / name
    if not base.is_dir():
        pytest.skip(f"../shared/corpus/{name} is absent")
    if name != "elasticsearch":
        return [base], ExtractOptions()
    attributes = parse_attributes_file((base / "attributes/shared/attributes.asciidoc").read_text(encoding="utf-8"))
    return [base / "docs"], ExtractOptions(attributes=attributes, include_paths=(base / "docs/reference",))


def errors_of(text: str) -> list[str]:
    """OpenAPI errors of a spec, and parameter examples that contradict their own schema (a URL value
    written as the string it is in the URL where the page types it: '2' for an integer)."""
    spec = yaml.safe_load(text)
    errors = [d.message for d in iter_spec_errors(spec, "spec")]
    for item in spec.get("paths", {}).values():
        for op in [o for k, o in item.items() if not k.startswith("x-")] + list(
                item.get("x-additional-operations", {}).values()):
            for param in op.get("parameters", []):
                if "example" in param:
                    schema = {**param["schema"], "components": spec.get("components", {})}
                    errors += [f"{param['name']}: {e.message}" for e in OAS31Validator(schema).iter_errors(
                        param["example"])]
    return errors


@pytest.mark.parametrize("name", ["elasticsearch", "otc", "httpdomain", "kinto"])
def test_every_corpus_gives_a_valid_spec(name: str) -> None:
    paths, options = corpus_options(name)
    text, extraction = extract_spec(paths, options)
    assert errors_of(text) == []
    assert not [d for d in extraction.diagnostics if d.code in ("extract.invalid-spec", "internal.crash")]


def fixture_pages(tmp: Path) -> list[Path]:
    """Our own pages: the seeds, the hostile inputs, and every case of every case file (written out)."""
    pages = sorted(SEEDS.iterdir()) + sorted((FIXTURES / "bad").iterdir())
    for syntax, suffix in SUFFIXES.items():
        for kind in ("cases", "cases/spec"):
            for path in sorted((FIXTURES / kind / syntax).glob("*.txt")):
                for case in read_cases(path):
                    page = tmp / f"{syntax}-{path.stem}-{case.line}{suffix}"
                    page.write_text(case.source, encoding="utf-8")
                    pages.append(page)
    return pages


def test_every_fixture_page_gives_a_valid_spec(tmp_path: Path) -> None:
    pages = fixture_pages(tmp_path)
    assert len(pages) > 30
    invalid = {}
    for page in pages:
        text, _ = extract_spec([page], ExtractOptions())
        if errors_of(text):
            invalid[page.name] = errors_of(text)
    assert invalid == {}


def test_an_invalid_spec_is_an_error_and_a_nonzero_exit(monkeypatch, tmp_path, capsys) -> None:
    real = pipeline.build_spec

    def broken(*args, **kwargs):
        spec = real(*args, **kwargs)
        for item in spec["paths"].values():
            item["copy"] = item.pop(next(iter(item)))  # a method key OpenAPI 3.1 does not allow
        return spec

    monkeypatch.setattr(pipeline, "build_spec", broken)
    out = tmp_path / "spec.yaml"
    assert main(["extract", str(SEEDS / "002_727d8cbb163ba174.txt"), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "[extract.invalid-spec]" in err and "'copy' was unexpected" in err


def test_same_bytes_from_any_working_directory(monkeypatch, tmp_path, capsys) -> None:
    outputs = []
    for cwd in (ROOT, tmp_path):
        monkeypatch.chdir(cwd)
        for given in (str(SEEDS), os.path.relpath(SEEDS, cwd)):  # absolute, and relative ('../..' from tmp)
            out = tmp_path / f"spec-{len(outputs)}.yaml"
            assert main(["extract", given, "-o", str(out)]) == 0
            outputs.append(out.read_bytes())
    assert len(set(outputs)) == 1
    assert b"file: 000_dfb95d691bb6c584.txt" in outputs[0]  # relative to the common parent of the inputs
    assert main(["extract", str(SEEDS), "--source-root", str(ROOT), "-o", str(tmp_path / "r.yaml")]) == 0
    assert b"file: fixtures/seeds/000_dfb95d691bb6c584.txt" in (tmp_path / "r.yaml").read_bytes()


def test_diagnostics_keep_the_paths_given(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.chdir(ROOT)
    main(["extract", "fixtures/seeds/001_9028318b457f8488.txt", "-o", str(tmp_path / "s.yaml")])
    lines = [ln for ln in capsys.readouterr().err.splitlines() if "[extract." in ln]
    assert lines and all(ln.startswith("fixtures/seeds/001_9028318b457f8488.txt:") for ln in lines)


PAGE = ".. http:get:: /widgets/(int:id)\n\n   Get a widget.\n"  # no success response: an info at line 1


@pytest.mark.parametrize("form", ["relative", "absolute"])
def test_diagnostics_keep_the_input_as_given(form, monkeypatch, capsys, tmp_path) -> None:
    (tmp_path / "docs" / "api" / "v1").mkdir(parents=True)
    (tmp_path / "docs" / "api" / "v1" / "page.rst").write_text(PAGE, encoding="utf-8")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    given = "../docs/api" if form == "relative" else str(tmp_path / "docs" / "api")
    assert main(["extract", given, "-o", str(tmp_path / "s.yaml")]) == 0
    lines = [ln for ln in capsys.readouterr().err.splitlines() if "[extract." in ln]
    assert lines and all(ln.startswith(f"{given}/v1/page.rst:1:") for ln in lines), lines
    assert b"file: v1/page.rst" in (tmp_path / "s.yaml").read_bytes()  # the spec: relative to the root


def test_sources_through_a_symlinked_directory_and_includes(tmp_path: Path) -> None:
    docs = tmp_path / "real" / "docs"
    (docs / "shared").mkdir(parents=True)
    (docs / "shared" / "params.asciidoc").write_text("`<id>`::\n(Required, string) The widget.\n", encoding="utf-8")
    (docs / "widget.asciidoc").write_text(
        "=== Get widget API\n\n==== {api-request-title}\n\n`GET _widgets/<id>`\n\n"
        "==== {api-path-parms-title}\n\ninclude::shared/params.asciidoc[]\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    text, _ = extract_spec([tmp_path / "link" / "docs"], ExtractOptions())
    spec = yaml.safe_load(text)
    op = spec["paths"]["/_widgets/{id}"]["get"]
    assert op["x-source"] == {"file": "widget.asciidoc", "line": 5}
    assert op["parameters"][0]["x-source"] == {"file": "shared/params.asciidoc", "line": 1}


def test_the_writer_does_not_reach_back_into_extraction() -> None:
    source = (ROOT / "validator" / "openapi.py").read_text(encoding="utf-8")
    assert "validator.extract" not in source


def test_a_code_one_source_states_replaces_the_assumed_one_of_another(tmp_path: Path) -> None:
    (tmp_path / "a.rst").write_text("A\n=\n\n.. http:post:: /widgets\n\n   Create a widget.\n\n"
                                    "   :<json string name: the name\n", encoding="utf-8")
    (tmp_path / "b.rst").write_text("B\n=\n\n.. http:post:: /widgets\n\n   :status 201: created\n",
                                    encoding="utf-8")
    text, _ = extract_spec([tmp_path], ExtractOptions())
    responses = yaml.safe_load(text)["paths"]["/widgets"]["post"]["responses"]
    assert responses == {"201": {"description": "created", "x-source": {"file": "b.rst", "line": 6}}}
