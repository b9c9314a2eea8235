"""The portal under gunicorn, with production settings, on a free loopback port."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.urls import FLOOR_PATH

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def gunicorn_workers(cpu_count: int | None = None) -> int:
    """Gunicorn's own advice for sync workers: (2 x cores) + 1, so one worker can be parsing a
    request while another waits on PostgreSQL."""
    return 2 * (cpu_count or os.cpu_count() or 1) + 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, env: dict[str, str], workers: int, log_path: Path):
        self.env, self.workers, self.log_path = env, workers, log_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def command(self) -> list[str]:
        # The same worker class as docker-compose's web service (sync); the access log is off
        # because writing it would be measured too.
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "goodwork.wsgi:application",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--backlog",
            "2048",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ]

    def start(self, timeout: float = 60) -> Gunicorn:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                self.command(),
                env={**os.environ, **self.env},
                cwd=BASE_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/{FLOOR_PATH}", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout}s; see {self.log_path}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# -- First page load -------------------------------------------------------------------------

STYLESHEET_RE = re.compile(r"<link\b[^>]*\brel=[\"']?stylesheet[^>]*>", re.I)
SCRIPT_RE = re.compile(r"<script\b[^>]*\bsrc=[\"']([^\"']+)[\"']", re.I)
HREF_RE = re.compile(r"\bhref=[\"']([^\"']+)[\"']", re.I)
JS_IMPORT_RE = re.compile(r"""\bimport\s*(?:[^"'()]*?\bfrom\s*)?["']([^"']+)["']""")
CSS_IMPORT_RE = re.compile(r"""@import\s+(?:url\()?["']?([^"')\s;]+)""")
ACCEPT_ENCODING = "br, gzip"


def _fetch(url: str) -> tuple[bytes, str, str]:
    """(bytes on the wire, content encoding, content type), as a browser would receive them."""
    request = urllib.request.Request(  # noqa: S310 (http on loopback)
        url, headers={"Accept-Encoding": ACCEPT_ENCODING, "User-Agent": "goodwork-bench/1"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return (
            response.read(),
            response.headers.get("Content-Encoding", "identity"),
            response.headers.get("Content-Type", ""),
        )


def _decoded(body: bytes, encoding: str) -> str:
    if encoding == "br":
        import brotli

        body = brotli.decompress(body)
    elif encoding == "gzip":
        import gzip

        body = gzip.decompress(body)
    return body.decode("utf-8", "replace")


def first_page_load(base_url: str, path: str) -> dict:
    """Every HTML, CSS and JS byte a first visit to `path` downloads, following stylesheets,
    scripts and the modules they import, as compressed as the server sends them."""
    import gzip

    page_url = urllib.parse.urljoin(base_url, path)
    html_bytes, html_encoding, _ = _fetch(page_url)
    html = _decoded(html_bytes, html_encoding)
    queue: list[tuple[str, str]] = []
    for tag in STYLESHEET_RE.findall(html):
        href = HREF_RE.search(tag)
        if href:
            queue.append((urllib.parse.urljoin(page_url, href.group(1)), "css"))
    queue += [(urllib.parse.urljoin(page_url, src), "js") for src in SCRIPT_RE.findall(html)]
    assets, seen = [], set()
    while queue:
        url, kind = queue.pop(0)
        if (
            url in seen
            or urllib.parse.urlsplit(url).netloc != urllib.parse.urlsplit(base_url).netloc
        ):
            continue
        seen.add(url)
        body, encoding, _ = _fetch(url)
        text = _decoded(body, encoding)
        pattern = JS_IMPORT_RE if kind == "js" else CSS_IMPORT_RE
        queue += [(urllib.parse.urljoin(url, ref), kind) for ref in pattern.findall(text)]
        assets.append(
            {
                "url": urllib.parse.urlsplit(url).path,
                "kind": kind,
                "encoding": encoding,
                "bytes": len(body),
                "uncompressed_bytes": len(text.encode()),
            }
        )
    served = len(html_bytes) + sum(a["bytes"] for a in assets)
    # Django itself does not compress HTML (no GZipMiddleware, because of BREACH); a front
    # proxy usually does. Both totals are reported; the target is judged on what this stack sends.
    html_gzip = len(gzip.compress(html.encode(), compresslevel=6))
    return {
        "path": path,
        "html": {"encoding": html_encoding, "bytes": len(html_bytes), "gzip_bytes": html_gzip},
        "assets": assets,
        "total_kb": round(served / 1024, 1),
        "total_kb_html_gzipped": round((html_gzip + sum(a["bytes"] for a in assets)) / 1024, 1),
    }
