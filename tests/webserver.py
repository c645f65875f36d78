"""A web server on 127.0.0.1 for the tests of reading paths over the network: it serves
versions of a path file (with an ETag, answering 304 when asked about the one it has),
and every failure a real server can give. No test reaches beyond loopback."""

from __future__ import annotations

import hashlib
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Site:
    """What the server serves; tests change ``files`` between requests."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.requests: list[tuple[str, str]] = []  # (method, path)
        self.base = ""


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_HEAD(self) -> None:
            self._answer(head=True)

        def do_GET(self) -> None:
            self._answer(head=False)

        def _answer(self, head: bool) -> None:
            site.requests.append(("HEAD" if head else "GET", self.path))
            path = self.path
            redirects = {
                "/moved": "/files/kurs.yaml",
                "/loop": "/loop2",
                "/loop2": "/loop",
                "/to-file": "file:///etc/passwd",
            }
            if path in redirects:
                self._status(301, location=redirects[path])
            elif path.startswith("/chain/"):
                n = int(path.rsplit("/", 1)[1])
                self._status(302, location=f"/chain/{n - 1}" if n else "/files/kurs.yaml")
            elif path in ("/missing", "/gone", "/forbidden"):
                self._status({"/missing": 404, "/gone": 410, "/forbidden": 403}[path])
            elif path == "/no-head":
                self._status(405) if head else self._body(b"<p>GET only</p>", "utf-8")
            elif path == "/hang":
                time.sleep(5)
            elif path == "/big":
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"title: x\n" + b"#" * 5000)
            elif path == "/latin1":
                path_file = (
                    "title: Größe\nsections:\n  - title: Teil\n    steps:\n      - {title: Übung}\n"
                )
                self._body(path_file.encode("latin-1"), "iso-8859-1")
            elif path.startswith("/files/") and path[7:] in site.files:
                self._body(site.files[path[7:]], None, head)
            else:
                self._status(404)

        def _status(self, code: int, location: str | None = None) -> None:
            self.send_response(code)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _body(self, body: bytes, charset: str | None, head: bool = False) -> None:
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            kind = "text/yaml" + (f"; charset={charset}" if charset else "")
            self.send_header("Content-Type", kind)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)

    return Handler


@contextmanager
def serve(context: ssl.SSLContext | None = None) -> Iterator[Site]:
    """A server on a free loopback port for as long as the block runs."""
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    scheme = "https" if context is not None else "http"
    site.base = f"{scheme}://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def refused_url() -> str:
    """A loopback URL where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/files/kurs.yaml"
