"""Project configuration: `doccontract.toml`, or `[tool.doccontract]` in pyproject.toml.

    fail-on = "warning"                  # default "error"
    ignore = ["lint.no-description"]     # codes never reported
    [severity]                           # per-rule levels: "error" | "warning" | "info" | "off"
    "lint.undocumented-field" = "error"
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from validator.diagnostics import RULES, Diagnostic, Severity


class ConfigError(Exception):
    """The configuration file is unreadable or states something invalid."""


@dataclass(frozen=True)
class Config:
    fail_on: Severity = Severity.ERROR
    severities: dict[str, Severity | None] = field(default_factory=dict)  # None: off
    source: str = ""

    def apply(self, diagnostic: Diagnostic) -> Diagnostic | None:
        """The diagnostic at its configured severity, or None when the rule is switched off."""
        if diagnostic.code not in self.severities:
            return diagnostic
        level = self.severities[diagnostic.code]
        if level is None:
            return None
        return dataclasses.replace(diagnostic, severity=level)


def load_config(explicit: Path | None, start: Path | None = None) -> Config:
    """The explicit file, else doccontract.toml or pyproject.toml [tool.doccontract] in the working
    directory; defaults when none exists."""
    if explicit is not None:
        return _parse(explicit, explicit.name == "pyproject.toml")
    base = start or Path.cwd()
    if (base / "doccontract.toml").is_file():
        return _parse(base / "doccontract.toml", False)
    if (base / "pyproject.toml").is_file():
        return _parse(base / "pyproject.toml", True)
    return Config()


def _parse(path: Path, nested: bool) -> Config:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    if nested:
        data = data.get("tool", {}).get("doccontract", {})
    severities: dict[str, Severity | None] = {}
    for code in data.get("ignore", []):
        _known(code, path)
        severities[code] = None
    for code, level in data.get("severity", {}).items():
        _known(code, path)
        severities[code] = None if level == "off" else _level(level, path)
    fail_on = _level(data.get("fail-on", "error"), path)
    return Config(fail_on, severities, str(path))


def _known(code: str, path: Path) -> None:
    if code not in RULES:
        raise ConfigError(f"{path}: unknown rule {code!r}")


def _level(text: str, path: Path) -> Severity:
    try:
        return Severity.parse(text)
    except KeyError as exc:
        raise ConfigError(f"{path}: unknown severity {text!r} (error, warning, info or off)") from exc
