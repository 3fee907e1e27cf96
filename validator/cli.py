"""The command line: argparse subcommands → pipeline → one Report, rendered by the report writers.
The only module that prints; the exit code comes from Report.exit_code (or the boundary in main()).
Each subcommand imports only what it uses, so `doccontract --version` and `lint` start fast."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from validator import __version__
from validator.report.model import EXIT_CODE_HELP, Exit
from validator.requirements import DependencyError

__all__ = ["UsageError", "add_extraction_arguments", "build_parser", "main", "say"]

FORMATS = ("text", "json", "sarif", "junit", "markdown", "html")  # the names of validator.report.WRITERS


class UsageError(Exception):
    """A command-line, configuration, input or output mistake (exit 2)."""


def say(message: str) -> None:
    """One line for people on stderr (data goes to stdout or files)."""
    print(message, file=sys.stderr)


def _commands():
    from validator import commands

    return commands


def _handler(name: str):
    return lambda args: getattr(_commands(), name)(args)


def add_extraction_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that reads documentation."""
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="documentation files or directories")
    parser.add_argument("--input-format", choices=("auto", "asciidoc", "rst", "text"), default="auto",
                        help="the markup of the inputs (default: detected per file)")
    parser.add_argument("-a", "--attribute", action="append", default=[], metavar="NAME=VALUE",
                        help="AsciiDoc attribute (repeatable)")
    parser.add_argument("--attributes", type=Path, metavar="FILE", help="AsciiDoc file of :name: value lines")
    parser.add_argument("--include-path", action="append", type=Path, default=[], metavar="DIR",
                        help="directory searched for (and allowed as a root of) include targets")
    parser.add_argument("--jobs", type=int, default=0, metavar="N",
                        help="read pages with N processes (default 0: one per CPU, at most 8, one per 8 pages)")
    parser.add_argument("--source-root", type=Path, metavar="DIR",
                        help="x-source files are written relative to DIR (default: the common parent of the "
                             "PATHs), so the same docs give the same spec from any working directory")


def _add_output_arguments(parser: argparse.ArgumentParser, fail_on: str | None = "error") -> None:
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="report format on stdout or --output (default text)")
    parser.add_argument("--output", type=Path, metavar="FILE", help="write the report here (default stdout)")
    parser.add_argument("--fail-on", choices=("error", "warning", "info", "doc-defect"), default=fail_on,
                        help="exit 1 when a finding reaches this level (default error; doc-defect = warning)")


def _add_extract(sub) -> None:
    extract = sub.add_parser("extract", help="extract an OpenAPI 3.1 spec from documentation",
                             description="Extract an OpenAPI 3.1 spec; diagnostics go to stderr.")
    add_extraction_arguments(extract)
    extract.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the spec here (default stdout)")
    extract.add_argument("--title", help="info.title of the spec (default: from the input directories)")
    extract.set_defaults(handler=_handler("cmd_extract"))


def _add_lint(sub) -> None:
    lint = sub.add_parser("lint", help="check documentation against itself")
    add_extraction_arguments(lint)
    _add_output_arguments(lint, fail_on=None)
    lint.add_argument("--config", type=Path, metavar="FILE",
                      help="doccontract.toml or pyproject.toml (default: found in the working directory)")
    lint.set_defaults(handler=_handler("cmd_lint"))


def _add_validate(sub) -> None:
    validate = sub.add_parser("validate", help="check a spec against OpenAPI, and traffic against the spec")
    validate.add_argument("spec", type=Path, metavar="SPEC", help="the OpenAPI document (YAML or JSON)")
    validate.add_argument("--traffic", type=Path, metavar="FILE", help="HAR 1.2 or JSON lines of {request, response}")
    _add_output_arguments(validate)
    validate.set_defaults(handler=_handler("cmd_validate"))


def _add_test(sub) -> None:
    test = sub.add_parser("test", help="contract-test a server against a spec")
    test.add_argument("spec", type=Path, metavar="SPEC", help="the OpenAPI document the docs gave")
    test.add_argument("--base-url", required=True, metavar="URL", help="the server under test (http or https)")
    test.add_argument("--auth", metavar="USER:PASS", help="credentials with the documented privileges")
    test.add_argument("--unprivileged-auth", metavar="USER:PASS", help="credentials without them")
    test.add_argument("--header", action="append", default=[], metavar="'Name: value'",
                      help="header sent with every request (repeatable; its value is masked in reports)")
    test.add_argument("--max-examples", type=int, default=25, metavar="N",
                      help="schemathesis examples per operation and phase (default 25)")
    test.add_argument("--workers", type=int, default=1, metavar="N", help="concurrent schemathesis workers")
    test.add_argument("--seed", type=int, default=1, metavar="N", help="random seed (same seed, same requests)")
    test.add_argument("--operation", metavar="PATTERN", help="regex over 'METHOD /path' or operationId")
    test.add_argument("--exclude-operation", metavar="PATTERN", help="leave out operations matching this regex")
    test.add_argument("--include-disruptive", action="store_true",
                      help="also run operations the docs describe as disruptive (restart, flush, wipe …)")
    test.add_argument("--shard", metavar="K/N", help="test only the K-th of N deterministic parts of the "
                      "operations (linked operations stay together); merge with `doccontract report merge`")
    test.add_argument("--request-timeout", type=float, default=10.0, metavar="S",
                      help="seconds allowed for one request in total: connect and every read (default 10)")
    test.add_argument("--report-dir", type=Path, metavar="DIR",
                      help="write report.json/.md/.html/.sarif/.txt and junit.xml here")
    test.add_argument("--junit", type=Path, metavar="FILE", help="also write JUnit XML here")
    _add_output_arguments(test)
    test.set_defaults(handler=_handler("cmd_test"))


def _add_report(sub) -> None:
    report = sub.add_parser("report", help="work with saved reports")
    actions = report.add_subparsers(dest="action", required=True, metavar="ACTION")
    merge = actions.add_parser("merge", help="combine shard reports (report.json) into one report and exit code")
    merge.add_argument("dirs", nargs="+", type=Path, metavar="DIR", help="report directories (or report.json files)")
    merge.add_argument("--report-dir", type=Path, metavar="DIR", help="write every format of the merged report here")
    merge.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                       help="print the traceback of an internal error")
    _add_output_arguments(merge)
    merge.set_defaults(handler=_handler("cmd_merge"))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="doccontract", formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EXIT_CODE_HELP,
        description="Make REST API documentation executable: extract OpenAPI 3.1 from AsciiDoc, reStructuredText "
                    "and rendered pages, lint the docs against themselves, validate specs and traffic, and "
                    "contract-test servers.")
    parser.add_argument("--version", action="version", version=f"doccontract {__version__}")
    parser.add_argument("--debug", action="store_true", help="print the traceback of an internal error")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (_add_extract, _add_lint, _add_validate, _add_test, _add_report):
        add(sub)
    demo = sub.add_parser("demo", help="run everything on the built-in example (the seed pages)")
    demo.add_argument("--out", type=Path, default=Path("out/demo"), metavar="DIR",
                      help="where the spec and reports go (default out/demo)")
    demo.set_defaults(handler=_handler("cmd_demo"))
    for action in sub.choices.values():
        action.epilog, action.formatter_class = EXIT_CODE_HELP, argparse.RawDescriptionHelpFormatter
        action.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                            help="print the traceback of an internal error")
    return parser


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _os_error(exc: OSError) -> str:
    what = exc.strerror or type(exc).__name__
    return f"{exc.filename}: {what}" if exc.filename else what


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `doccontract` console command: the boundary where every error becomes one line
    on stderr and its exit code (2 usage and I/O, 5 internal, 130 interrupted)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(Exit.CLEAN) if exc.code in (0, None) else int(Exit.USAGE)
    try:
        return args.handler(args)
    except (UsageError, DependencyError) as exc:
        print(f"doccontract: error: {_one_line(exc)}", file=sys.stderr)
        return int(Exit.USAGE)
    except OSError as exc:
        print(f"doccontract: error: {_one_line(_os_error(exc))}", file=sys.stderr)
        return int(Exit.USAGE)
    except KeyboardInterrupt:
        print("doccontract: interrupted; previous outputs were left intact", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the process boundary: a bug of ours, never a traceback
        if args.debug:
            import traceback

            traceback.print_exc()
        where = getattr(exc, "doccontract_page", "")
        print(f"doccontract: internal error{' on ' + where if where else ''}: {type(exc).__name__}: "
              f"{_one_line(exc)[:300]} (a bug of doccontract; --debug shows the traceback)", file=sys.stderr)
        return int(Exit.INTERNAL)


if __name__ == "__main__":
    sys.exit(main())
