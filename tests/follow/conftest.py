"""A local stand-in for the preview site on 127.0.0.1: scripted responses, every request logged."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to stall before answering (a timeout)


class PreviewServer:
    """Serves ``pages`` (path → HTML); ``script`` (path → replies) is used up first."""

    def __init__(self) -> None:
        self.pages: dict[str, str | bytes] = {}
        self.script: dict[str, list[Reply]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.etags = False
        handler = self._handler()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]

    def _reply(self, path: str, headers: dict[str, str]) -> Reply:
        queue = self.script.get(path)
        if queue:
            return queue.pop(0)
        if path not in self.pages:
            return Reply(404, "<html><body>not found</body></html>")
        body = self.pages[path]
        data = body.encode() if isinstance(body, str) else body
        if self.etags:
            import hashlib

            tag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
            if headers.get("if-none-match") == tag:
                return Reply(304, b"", {"ETag": tag})
            return Reply(200, data, {"ETag": tag, "Content-Type": "text/html; charset=utf-8"})
        return Reply(200, data, {"Content-Type": "text/html; charset=utf-8"})

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                server.requests.append((self.path, headers))
                reply = server._reply(self.path, headers)
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body.encode() if isinstance(reply.body, str) else reply.body
                try:
                    self.send_response(reply.status)
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        return Handler


@pytest.fixture
def preview() -> Iterator[PreviewServer]:
    server = PreviewServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
