"""The web face: server-rendered pages over the same services as the API and the CLI.

`router` is mounted by the app factory at `/` (the API stays under `/api/v1`). No JavaScript
framework, no external assets; charts are SVG. See docs/web.md.
"""

from fastapi import APIRouter

from sprintback.web import athlete_pages, auth_pages, document_pages, import_pages, plan_pages, staff_pages

PAGE_MODULES = (auth_pages, staff_pages, plan_pages, athlete_pages, document_pages, import_pages)

router = APIRouter(include_in_schema=False)
for _pages in PAGE_MODULES:
    router.include_router(_pages.router)

__all__ = ["PAGE_MODULES", "router"]
