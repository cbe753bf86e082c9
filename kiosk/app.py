"""The kiosk sub-app (skeleton; the full UI replaces this module)."""

from __future__ import annotations

from fastapi import FastAPI

from queue_server.container import Container


def create_kiosk_app(container: Container) -> FastAPI:
    """The kiosk's pages, authenticated by its device token."""
    app = FastAPI(title="Термінал ЦНАП", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.container = container
    return app
