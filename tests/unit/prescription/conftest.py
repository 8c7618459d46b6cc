from __future__ import annotations

import pytest

from sprintback.catalogue_files import load_default_library
from sprintback.domain.prescription import PrescriptionLibrary


@pytest.fixture(scope="session")
def lib() -> PrescriptionLibrary:
    return load_default_library()
