"""A feed server on the loopback address, for the import tests: path -> (status, body, headers)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, bytes, dict[str, str]]] = {}
        self.hits: list[str] = []
        routes, hits = self.routes, self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                hits.append(self.path)
                status, body, headers = routes.get(self.path, (404, b"not here", {}))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def serve_json(self, path: str, document: Any, status: int = 200) -> str:
        body = json.dumps(document).encode()
        self.routes[path] = (status, body, {"Content-Type": "application/json"})
        return self.base + path

    def serve(self, path: str, status: int, body: bytes = b"", **headers: str) -> str:
        self.routes[path] = (status, body, headers)
        return self.base + path


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
