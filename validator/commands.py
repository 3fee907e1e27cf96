"""What each subcommand does: check its inputs and outputs first (usage errors before any work), run the
pipeline stages it needs (imported here, per command), and hand one Report to the writers. Exit codes
come from Report.exit_code only."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from validator.cli import UsageError, say
from validator.clio import (
    check_output,
    check_paths,
    load_spec,
    progress_printer,
    read_text_input,
    secrets_of,
    valid_base_url,
    write_file,
)
from validator.diagnostics import Diagnostic, Severity
from validator.report import WRITERS, Report, render

__all__ = ["cmd_demo", "cmd_extract", "cmd_lint", "cmd_merge", "cmd_test", "cmd_validate", "extraction_options",
           "finish"]


def extraction_options(args: argparse.Namespace):
    """ExtractOptions from parsed arguments; raises UsageError on bad values."""
    from validator.pipeline import ExtractOptions
    from validator.readers.attributes import parse_attributes_file

    attributes: dict[str, str] = {}
    if args.attributes:
        attributes.update(parse_attributes_file(read_text_input(args.attributes, "attributes file")))
    for item in args.attribute:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"-a expects NAME=VALUE, got '{item}'")
        attributes[name.strip()] = value
    for directory in args.include_path:
        if not directory.is_dir():
            raise UsageError(f"--include-path {directory} is not a directory")
    check_paths(args.paths)
    if args.jobs < 0:
        raise UsageError("--jobs must be 0 (one per CPU) or more")
    if args.source_root is not None and not args.source_root.is_dir():
        raise UsageError(f"--source-root {args.source_root} is not a directory")
    return ExtractOptions(args.input_format, attributes, tuple(args.include_path), args.jobs, args.source_root,
                          debug=getattr(args, "debug", False))


def _unreadable(report: Report, extraction) -> bool:
    """True (with a usage.error added) when no input could be read at all."""
    if extraction.files and (extraction.readable or not extraction.diagnostics.worst()):
        return False
    report.diagnostics.append(Diagnostic("usage.error", "no readable input"))
    return True


def cmd_extract(args: argparse.Namespace) -> int:
    """doccontract extract: docs → OpenAPI 3.1 (stdout or -o FILE, written atomically)."""
    from validator.pipeline import extract_spec

    options = dataclasses.replace(extraction_options(args), keep_documents=False)  # the spec needs no pages
    check_output(args.output, "-o")
    text, extraction = extract_spec(args.paths, options, title=args.title or "")
    report = Report("extract", extraction.diagnostics.sorted(), len(extraction.files))
    for diagnostic in report.diagnostics:
        say(diagnostic.format())
    if _unreadable(report, extraction):
        say("doccontract: error: no readable input")
        return report.exit_code
    if args.output:
        write_file(args.output, text)
    else:
        sys.stdout.write(text)
    say(f"doccontract: {len(extraction.files)} files, {len(extraction.operations)} operations; "
          + report.verdict().split(": ", 1)[1] + (f"; spec written to {args.output}" if args.output else ""))
    return report.exit_code


def finish(report: Report, args: argparse.Namespace) -> int:
    """Render the report to stdout or --output (and every format to --report-dir, JUnit to --junit);
    returns the report's exit code."""
    text = render(report, args.format)
    if args.output:
        write_file(args.output, text)
    else:
        sys.stdout.write(text)
    written = []
    if getattr(args, "report_dir", None) is not None:
        for writer in WRITERS:
            write_file(args.report_dir / writer.file_name, render(report, writer.name))
            written.append(args.report_dir / writer.file_name)
    if getattr(args, "junit", None) is not None:
        write_file(args.junit, render(report, "junit"))
        written.append(args.junit)
    for path in written:
        say(f"doccontract: wrote {path}")
    if args.output or args.format != "text":
        say(f"doccontract {report.command}: {render(report, 'text').splitlines()[-1]}")
    return report.exit_code


def _config(path: Path | None):
    from validator.config import ConfigError, load_config

    if path is not None:
        read_text_input(path, "configuration file")  # regular, readable, UTF-8
    try:
        return load_config(path)
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc


def cmd_lint(args: argparse.Namespace) -> int:
    """doccontract lint: documentation defects in any report format."""
    from validator.lint import lint
    from validator.openapi import build_spec
    from validator.pipeline import extract_paths

    config = _config(args.config)
    options = extraction_options(args)
    check_output(args.output, "--output")
    extraction = extract_paths(args.paths, options)
    fail_on = Severity.parse(args.fail_on) if args.fail_on else config.fail_on
    if not extraction.readable:
        report = Report("lint", extraction.diagnostics.sorted(), len(extraction.files), fail_on)
        if _unreadable(report, extraction):
            for diagnostic in report.diagnostics:
                say(diagnostic.format())
            return report.exit_code
    findings = lint(extraction, build_spec(extraction.operations), config).sorted()
    return finish(Report("lint", findings, len(extraction.files), fail_on), args)


def cmd_validate(args: argparse.Namespace) -> int:
    """doccontract validate: a spec against OpenAPI, and recorded traffic against the spec."""
    from validator.files import display_path
    from validator.specvalidate import iter_spec_errors

    check_output(args.output, "--output")
    spec = load_spec(args.spec)
    shown = display_path(args.spec)
    findings = list(iter_spec_errors(spec, shown))
    files = 1
    if args.traffic and not findings:
        from validator.traffic import read_exchanges, validate_traffic

        read_text_input(args.traffic, "traffic file")  # regular, readable, UTF-8, before the reader opens it
        exchanges, problems = read_exchanges(args.traffic, display_path(args.traffic))
        result = validate_traffic(spec, exchanges, shown)
        findings.extend(problems + result.diagnostics)
        files += 1
        for label, stats in sorted(result.per_operation.items()):
            say(f"{label}: {stats['exchanges']} exchanges, {stats['violations']} violations")
    return finish(Report("validate", findings, files, Severity.parse(args.fail_on)), args)


def _contract_options(args: argparse.Namespace):
    from validator.contract import ContractOptions

    def credentials(value: str | None, option: str) -> tuple[str, str] | None:
        if value is None:
            return None
        user, sep, password = value.partition(":")
        if not sep or not user:
            raise UsageError(f"{option} expects USER:PASS")
        return user, password

    headers = {}
    for value in args.header:
        name, sep, content = value.partition(":")
        if not sep or not name.strip():
            raise UsageError("--header expects 'Name: value'")
        headers[name.strip()] = content.strip()
    if args.max_examples < 1 or args.workers < 1 or not args.request_timeout > 0:
        raise UsageError("--max-examples and --workers must be at least 1, --request-timeout positive")
    return ContractOptions(
        base_url=valid_base_url(args.base_url), auth=credentials(args.auth, "--auth"),
        unprivileged_auth=credentials(args.unprivileged_auth, "--unprivileged-auth"), headers=headers,
        max_examples=args.max_examples, workers=args.workers, seed=args.seed, operation=args.operation or "",
        request_timeout=args.request_timeout, exclude_operation=args.exclude_operation or "",
        include_disruptive=args.include_disruptive)


def _check_report_targets(args: argparse.Namespace) -> None:
    check_output(args.output, "--output")
    check_output(args.junit, "--junit")
    if args.report_dir is not None:
        check_output(args.report_dir / WRITERS[0].file_name, "--report-dir")


def cmd_test(args: argparse.Namespace) -> int:
    """doccontract test: contract-test a server against a spec; reports for CI and for people."""
    from validator.report.contract import contract_report
    from validator.shard import parse_shard, shard_spec
    from validator.specvalidate import iter_spec_errors

    spec = load_spec(args.spec)
    errors = list(iter_spec_errors(spec, args.spec.as_posix()))
    if errors:
        raise UsageError(f"{args.spec} is not a valid OpenAPI document: {errors[0].message}")
    shard = parse_shard(args.shard) if args.shard else None
    options = _contract_options(args)
    _check_report_targets(args)
    from validator.contract import ContractError, run_contract

    fail_on, secrets = Severity.parse(args.fail_on), secrets_of(args)
    if shard is not None:
        spec = shard_spec(spec, *shard)
        if not spec["paths"]:
            from validator.report.model import ContractRun

            empty = ContractRun(options.base_url, str(spec.get("info", {}).get("title", "")))
            return finish(Report("test", [], 1, fail_on, empty, secrets), args)
    methods = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
    total = sum(m in methods for item in spec["paths"].values() if isinstance(item, dict) for m in item)
    progress = progress_printer(total=total)
    try:
        result = run_contract(spec, options, progress=progress)
    except ContractError as exc:
        raise UsageError(str(exc)) from exc
    finally:
        progress.close()
    return finish(contract_report(result, fail_on, secrets), args)


def _load_report(path: Path) -> Report:
    import json

    from validator.report.jsondoc import from_dict

    path = path / "report.json" if path.is_dir() else path
    text = read_text_input(path, "report")
    try:
        return from_dict(json.loads(text))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UsageError(f"{path} is not a doccontract report.json of this version ({type(exc).__name__})") from exc


def cmd_merge(args: argparse.Namespace) -> int:
    """doccontract report merge: shard reports → one report and one exit code."""
    from validator.report.merge import merge_reports

    check_output(args.output, "--output")
    if args.report_dir is not None:
        check_output(args.report_dir / WRITERS[0].file_name, "--report-dir")
    reports = [_load_report(path) for path in args.dirs]
    return finish(merge_reports(reports, Severity.parse(args.fail_on)), args)


def cmd_demo(args: argparse.Namespace) -> int:
    """doccontract demo: the whole product on the seed pages."""
    from validator.demo import run_demo

    return run_demo(args.out, say)
