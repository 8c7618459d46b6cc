"""Alembic environment and revisions, shipped inside the package so `sprintback db upgrade` works anywhere."""
