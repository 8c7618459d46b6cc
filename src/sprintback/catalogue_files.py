"""Read the prescription data files (YAML) shipped in `sprintback/catalogue/` or from a directory."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sprintback.domain.errors import InvalidCatalogue
from sprintback.domain.prescription.catalogue import DEFAULT_PHASE_IDS
from sprintback.domain.prescription.library import PrescriptionLibrary, build_library
from sprintback.protocol_files import SAFE_LOADER

FILES = ("exercises", "doses", "sessions", "education")


def _read(text: str, name: str) -> Any:
    try:
        return yaml.load(text, Loader=SAFE_LOADER)  # a safe loader (libyaml's when available)
    except yaml.YAMLError as e:
        raise InvalidCatalogue(f"not valid YAML: {e}", name) from None


def load_library(directory: Path | None = None, phase_ids: tuple[str, ...] = DEFAULT_PHASE_IDS) -> PrescriptionLibrary:
    """Load and validate exercises/doses/sessions/education.yaml from `directory` (default: packaged)."""
    data: dict[str, Any] = {}
    for name in FILES:
        if directory is None:
            text = resources.files("sprintback.catalogue").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
        else:
            path = Path(directory) / f"{name}.yaml"
            if not path.exists():
                raise InvalidCatalogue(f"missing file {path}", name)
            text = path.read_text(encoding="utf-8")
        data[name] = _read(text, name)
    return build_library(data["exercises"], data["doses"], data["sessions"], data["education"], phase_ids)


@lru_cache(maxsize=1)
def load_default_library() -> PrescriptionLibrary:
    return load_library()
