"""libyaml's loader (fast) and PyYAML's pure-Python one (the fallback) read our files to the same values."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from sprintback.casefile import case_from_dict
from sprintback.catalogue_files import FILES
from sprintback.domain.errors import InvalidCase
from sprintback.domain.protocol import parse_protocol
from sprintback.protocol_files import DEFAULT_PROTOCOL, SAFE_LOADER, read_yaml

HAS_LIBYAML = hasattr(yaml, "CSafeLoader")
C_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
needs_libyaml = pytest.mark.skipif(not HAS_LIBYAML, reason="PyYAML built without libyaml")


def _texts() -> dict[str, str]:
    out = {
        "demo case": resources.files("sprintback.demo").joinpath("sam-2b-sprint.yaml").read_text(encoding="utf-8"),
        "protocol": resources.files("sprintback.protocols").joinpath(DEFAULT_PROTOCOL).read_text(encoding="utf-8"),
    }
    for name in FILES:
        out[name] = resources.files("sprintback.catalogue").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return out


def test_the_c_loader_is_used_when_libyaml_is_there() -> None:
    assert SAFE_LOADER is C_LOADER
    assert (SAFE_LOADER is not yaml.SafeLoader) == HAS_LIBYAML


@needs_libyaml
@pytest.mark.parametrize(("name", "text"), sorted(_texts().items()))
def test_both_loaders_give_the_same_values(name: str, text: str) -> None:
    fast = read_yaml(text, name, loader=C_LOADER)
    plain = read_yaml(text, name, loader=yaml.SafeLoader)
    assert fast == plain
    if name == "demo case":
        assert case_from_dict(fast) == case_from_dict(plain)
    if name == "protocol":
        assert parse_protocol(fast) == parse_protocol(plain)


@needs_libyaml
@pytest.mark.parametrize("loader", [C_LOADER, yaml.SafeLoader], ids=["libyaml", "pure-python"])
def test_a_syntax_error_names_the_same_line_with_either_loader(loader: type[yaml.SafeLoader]) -> None:
    with pytest.raises(InvalidCase, match="line 4, column 1"):
        read_yaml("athlete:\n  id: a\n  name: [unclosed\n", "case.yaml", InvalidCase, loader=loader)


@needs_libyaml
def test_neither_loader_builds_python_objects() -> None:
    for loader in (C_LOADER, yaml.SafeLoader):
        with pytest.raises(InvalidCase, match="not valid YAML"):
            read_yaml("x: !!python/object/apply:os.system ['true']\n", "case.yaml", InvalidCase, loader=loader)
