"""What the use cases that evaluate a case need besides their inputs: the store, the clinic's protocol and
its prescription catalogue. Built once by the composition root (`sprintback.bootstrap`) and handed down;
no service loads a protocol or a catalogue itself."""

from __future__ import annotations

from dataclasses import dataclass

from sprintback.domain.prescription.library import PrescriptionLibrary
from sprintback.domain.protocol import Protocol
from sprintback.services.ports import Store


@dataclass(frozen=True)
class ServiceContext:
    store: Store
    protocol: Protocol
    catalogue: PrescriptionLibrary
