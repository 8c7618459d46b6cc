"""Sprintback: criteria-based hamstring strain rehabilitation."""

__version__ = "0.1.0"
