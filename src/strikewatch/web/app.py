"""The FastAPI app: JSON API under /api, dashboard pages, no third-party requests."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from strikewatch import __version__
from strikewatch.errors import Busy, StrikewatchError
from strikewatch.web import core


def create_app(db: str | None = None) -> FastAPI:
    """An app serving the ledger ``db`` (path or URL; default ``$STRIKEWATCH_DB``).

    The write token is read from ``$STRIKEWATCH_TOKEN`` at request time, so an operator can
    rotate it without a restart.
    """
    from strikewatch.ledger import connect
    from strikewatch.web import api, pages

    app = FastAPI(
        title="strikewatch",
        version=__version__,
        description="Sourced claims about massed air attacks on Ukraine, resolved into nightly "
        "records. Reads are public; writes need `Authorization: Bearer $STRIKEWATCH_TOKEN`.",
        docs_url=None,  # Swagger/ReDoc load scripts from a CDN; /docs is rendered locally
        redoc_url=None,
    )
    app.state.engine = connect(db)
    app.state.ledger_version = core.LedgerVersion(app.state.engine)
    app.state.response_cache = core.ResponseCache()
    app.include_router(api.router)
    app.include_router(pages.router)
    # innermost: only requests the cache cannot answer spend a token or a worker
    app.add_middleware(core.ThrottleMiddleware)
    # inside the headers, so cached answers still get the security headers added outside it
    app.add_middleware(
        core.CacheMiddleware, version=app.state.ledger_version, cache=app.state.response_cache
    )
    app.add_middleware(core.BodyLimitMiddleware, limits={"/api/import": core.IMPORT_BODY_LIMIT})
    app.add_middleware(core.SecurityHeadersMiddleware)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        """422 with a readable message naming each bad parameter (the site's page off /api)."""
        problems = []
        for err in exc.errors():
            where = ".".join(
                str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")
            )
            problems.append(f"{where or 'request'}: {err.get('msg')}")
        if not _is_api(request):
            return await pages.error_response(request, 422, "; ".join(problems))
        return JSONResponse(
            {
                "detail": "; ".join(problems) or "invalid request",
                "errors": [
                    {"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in exc.errors()
                ],
            },
            status_code=422,
        )

    @app.exception_handler(StrikewatchError)
    async def failed(request: Request, exc: StrikewatchError) -> JSONResponse:
        """Our errors with their status (errors.py); a Busy write is 503 with Retry-After."""
        from strikewatch.web.ingest import retry_after

        headers = {"Retry-After": str(retry_after(exc))} if isinstance(exc, Busy) else None
        return JSONResponse({"detail": str(exc)}, status_code=exc.http_status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """The site's own error page for pages; the JSON error for the API."""
        if _is_api(request):
            return await http_exception_handler(request, exc)
        return await pages.error_response(
            request, exc.status_code, str(exc.detail), getattr(exc, "headers", None)
        )

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        """A 500 that names no internals: the site's page, or a JSON detail for the API."""
        if _is_api(request):
            return JSONResponse({"detail": "internal error"}, status_code=500)
        return await pages.error_response(request, 500, "Something went wrong on our side.")

    return app


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api") or path in ("/openapi.json",)
