"""What doccontract declares it needs (its installed metadata, i.e. pyproject.toml) and the error that
names the package to upgrade when an import fails or finds a version below the declared floor."""

from __future__ import annotations

import re
from importlib import metadata

__all__ = ["DependencyError", "check_floor", "upgrade_hint"]


class DependencyError(RuntimeError):
    """A part of doccontract cannot start: a package it needs is missing or older than declared."""


def declared_floor(package: str) -> str:
    """The minimum version of ``package`` that doccontract declares (``""`` if none is declared)."""
    try:
        requirements = metadata.requires("doccontract") or []
    except metadata.PackageNotFoundError:
        return ""
    for requirement in requirements:
        match = re.match(r"\s*([A-Za-z0-9_.-]+)\s*(?:\[[^\]]*\])?\s*([^;]*)", requirement)
        if match and _norm(match.group(1)) == _norm(package) and ";" not in requirement:
            floor = re.search(r">=\s*([\w.]+)", match.group(2))
            return floor.group(1) if floor else ""
    return ""


def installed(package: str) -> str:
    """The installed version of ``package`` (``""`` when it is not installed)."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def upgrade_hint(package: str, what: str, cause: str = "") -> str:
    """One line: what cannot start, the package and floor to install, and what is installed now."""
    floor, have = declared_floor(package), installed(package)
    need = f"{package}>={floor}" if floor else package
    now = f"installed: {have}" if have else "not installed"
    because = f" ({cause})" if cause else ""
    return f"{what} cannot start{because}: it needs {need} ({now}); run: pip install --upgrade '{need}'"


def check_floor(package: str, what: str) -> None:
    """DependencyError when the installed ``package`` is older than the declared floor."""
    floor, have = declared_floor(package), installed(package)
    if floor and have and _release(have) < _release(floor):
        raise DependencyError(upgrade_hint(package, what))


def _release(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version.split("+")[0])[:3])


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
