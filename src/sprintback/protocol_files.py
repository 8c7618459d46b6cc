"""Read protocol YAML files (the domain validates the content)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sprintback.domain.errors import InvalidProtocol, SprintbackError
from sprintback.domain.protocol import Protocol, parse_protocol

DEFAULT_PROTOCOL = "hamstring-default.yaml"
# libyaml's loader, when PyYAML was built with it, parses the same documents about five times faster than the
# pure-Python one (tests/unit/adapters/test_yaml_loaders.py checks both give the same values).
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(
    text: str, name: str, error: type[SprintbackError] = InvalidProtocol, loader: type[yaml.SafeLoader] = SAFE_LOADER
) -> Any:
    """Parse YAML (safe: plain data only), turning syntax errors into a SprintbackError that names the line."""
    try:
        return yaml.load(text, Loader=loader)  # a safe loader, C or pure Python
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"
        raise error(f"not valid YAML at {where}: {getattr(exc, 'problem', exc)}", name) from None


def load_protocol(path: str | Path) -> Protocol:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidProtocol(f"cannot read {p}: {exc.strerror}", str(p)) from None
    return parse_protocol(read_yaml(text, str(p)))


@cache
def load_default_protocol() -> Protocol:
    text = resources.files("sprintback.protocols").joinpath(DEFAULT_PROTOCOL).read_text(encoding="utf-8")
    return parse_protocol(read_yaml(text, DEFAULT_PROTOCOL))
