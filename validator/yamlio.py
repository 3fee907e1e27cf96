"""YAML in and out through libyaml's C loader and emitter when PyYAML has them (several times faster),
the pure Python classes otherwise. The two emitters differ on a few inputs (strings that must be
double-quoted — tabs, control or non-BMP characters — are folded differently; empty keys), so such data
goes through the Python emitter: the bytes never depend on which one ran."""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml import YAMLError

__all__ = ["YAMLError", "dump_yaml", "load_yaml", "spec_dumper"]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, loader: type = _LOADER) -> Any:
    """Parse YAML (or JSON) with the safe loader."""
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader


def spec_dumper(base: type) -> type:
    """A dumper class over ``base``: block style for multi-line strings, never aliases."""

    class Dumper(base):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    def represent_str(dumper: Any, value: str) -> yaml.Node:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)

    Dumper.add_representer(str, represent_str)
    return Dumper


_PYTHON_DUMPER = spec_dumper(yaml.SafeDumper)
_C_DUMPER = spec_dumper(yaml.CSafeDumper) if hasattr(yaml, "CSafeDumper") else _PYTHON_DUMPER
_UNSAFE = re.compile("[^\n\x20-\x7e\xa0-\ufeff]|\ufeff")
_SIMPLE_KEY = re.compile("[\x21-\x7e](?:[\x20-\x7e]{0,100}[\x21-\x7e])?")


def _plain(data: Any, depth: int = 0) -> bool:
    """True when both emitters give the same bytes for ``data`` (a mapping of printable strings)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if not isinstance(key, str) or not _SIMPLE_KEY.fullmatch(key):
                    return False
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and _UNSAFE.search(item):
            return False
    return isinstance(data, dict)


def dump_yaml(data: Any, dumper: type | None = None) -> str:
    """``data`` as YAML: keys in insertion order, stable formatting (C emitter when it gives the same bytes)."""
    if dumper is None:
        dumper = _C_DUMPER if _plain(data) else _PYTHON_DUMPER
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
