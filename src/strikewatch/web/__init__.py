"""Web app: JSON API and dashboard (``strikewatch serve``). See docs/web.md."""

from strikewatch.web.app import create_app

__all__ = ["create_app"]
