"""The command line: argparse subcommands → pipeline. The only module that prints or exits."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from validator import __version__
from validator.config import ConfigError, load_config
from validator.contract import ContractError, ContractOptions, run_contract
from validator.diagnostics import Severity
from validator.files import atomic_write, display_path
from validator.lint import lint
from validator.pipeline import ExtractOptions, extract_paths, extract_spec
from validator.readers.attributes import parse_attributes_file
from validator.report import compliance
from validator.report.findings import render_json, render_text, summary
from validator.report.sarif import render_sarif
from validator.specvalidate import iter_spec_errors
from validator.traffic import read_exchanges, validate_traffic

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command-line or configuration mistake (exit 2)."""


def add_extraction_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that reads documentation."""
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="documentation files or directories")
    parser.add_argument("--input-format", choices=("auto", "asciidoc", "rst", "text"), default="auto")
    parser.add_argument("-a", "--attribute", action="append", default=[], metavar="NAME=VALUE",
                        help="AsciiDoc attribute (repeatable)")
    parser.add_argument("--attributes", type=Path, metavar="FILE", help="AsciiDoc file of :name: value lines")
    parser.add_argument("--include-path", action="append", type=Path, default=[], metavar="DIR",
                        help="directory searched for (and allowed as a root of) include targets")
    parser.add_argument("--jobs", type=int, default=1, metavar="N", help="extract with N processes")


def extraction_options(args: argparse.Namespace) -> ExtractOptions:
    """ExtractOptions from parsed arguments; raises UsageError on bad values."""
    attributes: dict[str, str] = {}
    if args.attributes:
        try:
            attributes.update(parse_attributes_file(args.attributes.read_text(encoding="utf-8")))
        except OSError as exc:
            raise UsageError(f"cannot read attributes file {args.attributes}: {exc.strerror}") from exc
    for item in args.attribute:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"-a expects NAME=VALUE, got {item!r}")
        attributes[name.strip()] = value
    for directory in args.include_path:
        if not directory.is_dir():
            raise UsageError(f"--include-path {directory} is not a directory")
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise UsageError("no such file or directory: " + ", ".join(missing))
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    return ExtractOptions(args.input_format, attributes, tuple(args.include_path), args.jobs)


def cmd_extract(args: argparse.Namespace) -> int:
    """doccontract extract: docs → OpenAPI 3.1 (stdout or -o FILE, written atomically)."""
    options = extraction_options(args)
    text, extraction = extract_spec(args.paths, options, title=args.title or "")
    for diagnostic in extraction.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    if not extraction.files or (not extraction.documents and extraction.diagnostics.worst()):
        print("doccontract: no readable input", file=sys.stderr)
        return EXIT_USAGE
    if args.output:
        atomic_write(args.output, text)
    else:
        sys.stdout.write(text)
    counts = _summary(extraction)
    print(f"doccontract: {len(extraction.files)} files, {len(extraction.operations)} operations; {counts}"
          + (f"; spec written to {args.output}" if args.output else ""), file=sys.stderr)
    return EXIT_FINDINGS if extraction.diagnostics.worst() == Severity.ERROR else EXIT_OK


def _summary(extraction) -> str:
    levels = [d.level for d in extraction.diagnostics.sorted()]
    return ", ".join(f"{levels.count(s)} {s.label}s" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))


def _emit(text: str, output: Path | None) -> None:
    """Data goes to --output (atomically) or stdout."""
    if output:
        atomic_write(output, text)
    else:
        sys.stdout.write(text)


def _render(diagnostics: list, fmt: str, files: int) -> str:
    if fmt == "sarif":
        return render_sarif(diagnostics)
    if fmt == "json":
        return render_json(diagnostics, files)
    return render_text(diagnostics, files)


def _exit_for(diagnostics: list, fail_on: Severity) -> int:
    return EXIT_FINDINGS if any(d.level >= fail_on for d in diagnostics) else EXIT_OK


def cmd_lint(args: argparse.Namespace) -> int:
    """doccontract lint: documentation defects as text, JSON or SARIF."""
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc
    extraction = extract_paths(args.paths, extraction_options(args))
    if not extraction.documents:
        for diagnostic in extraction.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        print("doccontract: no readable input", file=sys.stderr)
        return EXIT_USAGE
    findings = lint(extraction, config).sorted()
    _emit(_render(findings, args.format, len(extraction.files)), args.output)
    fail_on = Severity.parse(args.fail_on) if args.fail_on else config.fail_on
    if args.output or args.format != "text":
        counts = summary(findings)
        print(f"doccontract lint: {len(extraction.files)} files, {counts['error']} errors, {counts['warning']} "
              f"warnings, {counts['info']} infos", file=sys.stderr)
    return _exit_for(findings, fail_on)


def cmd_validate(args: argparse.Namespace) -> int:
    """doccontract validate: a spec against OpenAPI, and recorded traffic against the spec."""
    try:
        spec = yaml.safe_load(args.spec.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UsageError(f"cannot read spec {args.spec}: {exc}") from exc
    if not isinstance(spec, dict):
        raise UsageError(f"{args.spec} is not an OpenAPI document")
    shown = display_path(args.spec)
    findings = list(iter_spec_errors(spec, shown))
    files = 1
    if args.traffic and not findings:
        if not args.traffic.is_file():
            raise UsageError(f"no such traffic file: {args.traffic}")
        exchanges, problems = read_exchanges(args.traffic, display_path(args.traffic))
        result = validate_traffic(spec, exchanges, shown)
        findings.extend(problems + result.diagnostics)
        files += 1
        for label, stats in sorted(result.per_operation.items()):
            print(f"{label}: {stats['exchanges']} exchanges, {stats['violations']} violations", file=sys.stderr)
    findings.sort(key=lambda d: d.sort_key())
    _emit(_render(findings, args.format, files), args.output)
    return _exit_for(findings, Severity.parse(args.fail_on))


def _credentials(value: str | None, option: str) -> tuple[str, str] | None:
    if value is None:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user:
        raise UsageError(f"{option} expects USER:PASS")
    return user, password


def _header_option(values: list[str]) -> dict[str, str]:
    headers = {}
    for value in values:
        name, sep, content = value.partition(":")
        if not sep or not name.strip():
            raise UsageError(f"--header expects 'Name: value', got {value!r}")
        headers[name.strip()] = content.strip()
    return headers


def write_reports(result, report_dir: Path | None, junit: Path | None) -> list[Path]:
    """report.json, report.md, report.html (and JUnit) written atomically; returns the paths."""
    written = []
    if report_dir is not None:
        for name, render in (("report.json", compliance.render_json), ("report.md", compliance.render_markdown),
                             ("report.html", compliance.render_html), ("junit.xml", compliance.render_junit)):
            atomic_write(report_dir / name, render(result))
            written.append(report_dir / name)
    if junit is not None:
        atomic_write(junit, compliance.render_junit(result))
        written.append(junit)
    return written


def cmd_test(args: argparse.Namespace) -> int:
    """doccontract test: contract-test a server against a spec; reports for CI and for people."""
    try:
        spec = yaml.safe_load(args.spec.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UsageError(f"cannot read spec {args.spec}: {exc}") from exc
    errors = list(iter_spec_errors(spec, display_path(args.spec))) if isinstance(spec, dict) else ["not a mapping"]
    if errors:
        raise UsageError(f"{args.spec} is not a valid OpenAPI document: {errors[0]}")
    if args.max_examples < 1 or args.workers < 1 or args.request_timeout <= 0:
        raise UsageError("--max-examples and --workers must be at least 1, --request-timeout positive")
    options = ContractOptions(
        base_url=args.base_url, auth=_credentials(args.auth, "--auth"),
        unprivileged_auth=_credentials(args.unprivileged_auth, "--unprivileged-auth"),
        headers=_header_option(args.header), max_examples=args.max_examples, workers=args.workers,
        seed=args.seed, operation=args.operation or "", request_timeout=args.request_timeout)
    try:
        result = run_contract(spec, options, progress=lambda message: print(f"  … {message}", file=sys.stderr))
    except ContractError as exc:
        raise UsageError(str(exc)) from exc
    for op in result.operations:
        print(f"{op.status:>8}  {op.label}", file=sys.stderr)
    for path in write_reports(result, args.report_dir, args.junit):
        print(f"doccontract: wrote {path}", file=sys.stderr)
    print(f"doccontract: {result.reason} ({result.requests} requests, {result.seconds:.1f} s)", file=sys.stderr)
    return result.exit_code


def cmd_demo(args: argparse.Namespace) -> int:
    """doccontract demo: the whole product on the seed pages."""
    from validator.demo import run_demo

    return run_demo(args.out, lambda message: print(message, file=sys.stderr))


def _add_output_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    parser.add_argument("--output", type=Path, metavar="FILE", help="write the report here (default stdout)")
    parser.add_argument("--fail-on", choices=("error", "warning", "info"), default="error",
                        help="exit 1 when a finding reaches this level (default error)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="doccontract",
        description="Make REST API documentation executable: extract OpenAPI 3.1 from AsciiDoc, reStructuredText "
                    "and rendered pages, lint the docs against themselves, validate specs and traffic, and "
                    "contract-test servers.")
    parser.add_argument("--version", action="version", version=f"doccontract {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    extract = sub.add_parser("extract", help="extract an OpenAPI 3.1 spec from documentation")
    add_extraction_arguments(extract)
    extract.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the spec here (default stdout)")
    extract.add_argument("--title", help="info.title of the spec")
    extract.set_defaults(handler=cmd_extract)
    lint_parser = sub.add_parser("lint", help="check documentation against itself")
    add_extraction_arguments(lint_parser)
    _add_output_arguments(lint_parser)
    lint_parser.add_argument("--config", type=Path, metavar="FILE",
                             help="doccontract.toml or pyproject.toml (default: found in the working directory)")
    lint_parser.set_defaults(handler=cmd_lint, fail_on=None)
    validate = sub.add_parser("validate", help="check a spec against OpenAPI, and traffic against the spec")
    validate.add_argument("spec", type=Path, metavar="SPEC")
    validate.add_argument("--traffic", type=Path, metavar="FILE", help="HAR 1.2 or JSON lines of {request, response}")
    _add_output_arguments(validate)
    validate.set_defaults(handler=cmd_validate)
    test = sub.add_parser("test", help="contract-test a server against a spec")
    test.add_argument("spec", type=Path, metavar="SPEC")
    test.add_argument("--base-url", required=True, metavar="URL")
    test.add_argument("--auth", metavar="USER:PASS", help="credentials with the documented privileges")
    test.add_argument("--unprivileged-auth", metavar="USER:PASS", help="credentials without them")
    test.add_argument("--header", action="append", default=[], metavar="'Name: value'")
    test.add_argument("--max-examples", type=int, default=25, metavar="N")
    test.add_argument("--workers", type=int, default=1, metavar="N")
    test.add_argument("--seed", type=int, default=1, metavar="N")
    test.add_argument("--operation", metavar="PATTERN", help="regex over 'METHOD /path' or operationId")
    test.add_argument("--request-timeout", type=float, default=10.0, metavar="S")
    test.add_argument("--report-dir", type=Path, metavar="DIR", help="write report.json/.md/.html and junit.xml")
    test.add_argument("--junit", type=Path, metavar="FILE")
    test.set_defaults(handler=cmd_test)
    demo = sub.add_parser("demo", help="run everything on the built-in example (the seed pages)")
    demo.add_argument("--out", type=Path, default=Path("out/demo"), metavar="DIR")
    demo.set_defaults(handler=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `doccontract` console command."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and EXIT_USAGE
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"doccontract: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("doccontract: interrupted; previous outputs were left intact", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
