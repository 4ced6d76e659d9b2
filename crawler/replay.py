"""Replay saved portal pages on 127.0.0.1, misbehaving the way real government servers do.

Used by the crawl tests (``tests/fixtures/portals/``) and the crawl benchmark.  A folder
is served as a site, with these behaviours on top of plain files:

* ``PATH?QUERY`` is answered from the file ``PATH@QUERY`` when there is one (list pages
  paged by a query parameter), else from ``PATH``; a folder answers with its ``index.html``.
* Every page (.html .htm .shtml .jsp) is sent as ``text/html; charset=utf-8`` whatever
  its bytes are — so GBK pages arrive behind a wrong charset header, as they do.
* ``POST /module/web/jpage/dataproxy.jsp?startrecord=…&endrecord=…&perpage=…`` answers
  like Hanweb's data proxy: the records ``startrecord…endrecord`` of the datastore file
  ``module/web/jpage/<columnid>.xml`` (all records of the column), with ``<totalrecord>``.
* ``http://HOST`` in a served page or JSON file is replaced by the server's own
  ``http://127.0.0.1:<port>`` (for saved answers that carry absolute URLs).
* ``routes.json`` in the folder (and the ``routes`` argument) maps a path to a behaviour:
  ``["status", 404]``, ``["redirect", "/to/here.html"]`` (301), ``["slow", 3.0]``
  (seconds before answering), ``["flaky", 1]`` (that many 500s, then the file).

Every request is recorded in ``server.requests`` as ``(method, path, user agent)``.
"""

from __future__ import annotations

import contextlib
import json
import mimetypes
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qsl, unquote, urlsplit

PAGE_SUFFIXES = (".html", ".htm", ".shtml", ".jsp")
RECORD = re.compile(r"<record>.*?</record>", re.S)
_Server = TypeVar("_Server", bound=ThreadingHTTPServer)


class LoopbackServer(ThreadingHTTPServer):
    """A threading HTTP server on 127.0.0.1 that is never the slowest part of a crawl test."""

    daemon_threads = True
    # the stdlib's listen backlog of 5 drops connection attempts beyond it; the client then
    # retries after a one-second SYN timeout, which is the server's delay, not the crawler's
    request_queue_size = 128


class ReplayServer(LoopbackServer):
    """A threading HTTP server over a folder of saved pages, with the behaviours of ``routes``."""

    def __init__(self, root: str | Path, routes: dict[str, list] | None = None, port: int = 0,
                 latency: float = 0.0):  # fmt: skip
        self.root = Path(root).resolve()
        self.latency = latency  # seconds before every answer, as a distant server takes
        self.routes: dict[str, list] = {}
        routes_file = self.root / "routes.json"
        if routes_file.exists():
            self.routes.update(json.loads(routes_file.read_text(encoding="utf-8")))
        self.routes.update(routes or {})
        self.requests: list[tuple[str, str, str]] = []
        self.hits: Counter[str] = Counter()
        self.active = 0  # requests being answered now
        self.max_active = 0  # most requests answered at once (not counting ``slow`` routes)
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", port), _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up (a crawler's timeout) is not an error of the server; others are printed.

        Input: the request socket and ``("127.0.0.1", 37984)`` while a ConnectionResetError is being handled.
        """
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``, e.g. ``http://127.0.0.1:40123``."""
        return f"http://127.0.0.1:{self.server_address[1]}"

    def paths(self, method: str = "GET") -> list[str]:
        """Every path (with query) requested with ``method``, in order.

        ``server.paths("POST")`` → ``["/module/web/jpage/dataproxy.jsp?startrecord=31&endrecord=60&perpage=10"]``
        """
        return [p for m, p, _ in self.requests if m == method]


class _Handler(BaseHTTPRequestHandler):
    server: ReplayServer
    protocol_version = "HTTP/1.1"
    # headers and body go out in two writes; with Nagle's algorithm on, the second waits for
    # the client's delayed ACK of the first (40 ms on Linux) on a kept-alive connection
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:  # fmt: skip
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self._done()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _record(self) -> tuple[str, str, int]:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        with self.server.lock:
            self.server.requests.append((self.command, self.path, self.headers.get("User-Agent", "")))
            self.server.hits[path] += 1
            hits = self.server.hits[path]
        return path, parts.query, hits

    def _route(self, path: str, hits: int) -> bool:
        """Apply the behaviour configured for ``path``; True when the answer has been sent."""
        rule = self.server.routes.get(path)
        if not rule:
            return False
        kind, arg = rule[0], rule[1]
        if kind == "status":
            self._send(int(arg), f"{arg}\n".encode())
            return True
        if kind == "redirect":
            self._send(301, b"moved\n", headers={"Location": str(arg)})
            return True
        if kind == "slow":
            time.sleep(float(arg))
            return False
        if kind == "flaky" and hits <= int(arg):
            self._send(500, b"busy, try again\n")
            return True
        return False

    def _file(self, path: str, query: str) -> Path | None:
        root = self.server.root
        candidates = []
        if query:
            candidates.append(root / (path.lstrip("/") + "@" + query))
        target = root / path.lstrip("/")
        candidates += [target, target / "index.html", target / "index.htm"]
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved.is_file() and resolved.is_relative_to(root):
                return resolved
        return None

    def do_HEAD(self) -> None:  # noqa: N802 - the stdlib's name
        self.do_GET()

    @contextlib.contextmanager
    def _active(self) -> Iterator[None]:
        slow = (self.server.routes.get(unquote(urlsplit(self.path).path)) or [""])[0] == "slow"
        self._counted = not slow
        with self.server.lock:
            self.server.active += 1 if self._counted else 0
            self.server.max_active = max(self.server.max_active, self.server.active)
        try:
            yield
        finally:
            self._done()

    def _done(self) -> None:
        """The answer is going out: this request no longer counts as being answered."""
        if getattr(self, "_counted", False):
            self._counted = False
            with self.server.lock:
                self.server.active -= 1

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.server.latency:
            time.sleep(self.server.latency)
        with self._active():
            self._get()

    def _get(self) -> None:
        path, query, hits = self._record()
        if self._route(path, hits):
            return
        found = self._file(path, query)
        if found is None:
            self._send(404, b"not found\n")
            return
        body = found.read_bytes()
        self._send(*self._typed(found, body))

    def _typed(self, found: Path, body: bytes) -> tuple[int, bytes, str]:
        name = found.name.split("@")[0]
        head = body[:64].lstrip().lower()
        if body.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")):
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            if name.endswith(PAGE_SUFFIXES):  # a download script (VSB download.jsp) sending a file
                kind = "application/octet-stream"
        elif name.endswith(PAGE_SUFFIXES) or head.startswith((b"<!doctype html", b"<html")):
            kind = "text/html; charset=utf-8"  # whatever the bytes are, as many portals do
        elif head.startswith((b"{", b"[")):
            kind = "application/json; charset=utf-8"
        else:
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if kind.startswith(("text/", "application/json")):
            body = body.replace(b"http://HOST", self.server.base_url.encode("ascii"))
        return 200, body, kind

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        with self._active():
            self._post()

    def _post(self) -> None:
        path, query, hits = self._record()
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(parse_qsl(self.rfile.read(length).decode("utf-8", "replace")))
        if self._route(path, hits):
            return
        if path.endswith("/module/web/jpage/dataproxy.jsp"):
            self._dataproxy(dict(parse_qsl(query)), form)
            return
        self._send(405, b"method not allowed\n")

    def _dataproxy(self, query: dict[str, str], form: dict[str, str]) -> None:
        """Hanweb's jpage data proxy: a slice of the column's records as a ``<datastore>``."""
        store = self.server.root / "module/web/jpage" / f"{form.get('columnid', '')}.xml"
        if not store.is_file():
            self._send(404, b"no such column\n")
            return
        records = RECORD.findall(store.read_text(encoding="utf-8"))
        start = max(int(query.get("startrecord") or 1), 1)
        end = min(int(query.get("endrecord") or start + 44), len(records))
        page = "".join(records[start - 1 : end])
        link = (f"/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid={form.get('webid', '')}&path=/"
                f"&columnid={form.get('columnid', '')}&unitid={form.get('unitid', '')}&permissiontype=0")  # fmt: skip
        xml = (f'<?xml version="1.0" encoding="UTF-8"?><datastore><nextgroup><![CDATA[<a href="{link}"></a>]]>'
               f"</nextgroup><recordset>{page}</recordset><totalrecord>{len(records)}</totalrecord></datastore>")  # fmt: skip
        self._send(200, xml.encode("utf-8"), "text/xml; charset=UTF-8")


@contextlib.contextmanager
def running(server: _Server) -> Iterator[_Server]:
    """Serve with ``server`` from a background thread while the block runs; yields it; shut and closed after.

    >>> with running(LoopbackServer(("127.0.0.1", 0), BaseHTTPRequestHandler)) as server:
    ...     server.server_address[0]
    '127.0.0.1'
    """
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def serve(root: str | Path, routes: dict[str, list] | None = None, port: int = 0,
          latency: float = 0.0) -> Iterator[ReplayServer]:  # fmt: skip
    """Serve ``root`` on 127.0.0.1 (port 0: any free port) while the block runs; yields the server.

    ``latency`` delays every answer by that many seconds (a portal across the country).

    >>> with serve("tests/fixtures/portals/trs") as server:  # doctest: +SKIP
    ...     server.base_url
    'http://127.0.0.1:40123'
    """
    with running(ReplayServer(root, routes, port, latency)) as server:
        yield server
