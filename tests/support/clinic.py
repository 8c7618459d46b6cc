"""The services' context over a test's store, with the bundled protocol and catalogue (what
`sprintback.bootstrap` builds for the app)."""

from __future__ import annotations

from sprintback.catalogue_files import load_default_library
from sprintback.protocol_files import load_default_protocol
from sprintback.services.context import ServiceContext
from sprintback.services.ports import Store


def clinic(store: Store) -> ServiceContext:
    return ServiceContext(store, load_default_protocol(), load_default_library())
