"""Reading a path file over http(s), always bounded. Standard library only, loaded by the
commands that exist for the network (add URL, update) and by nothing else.

Bounded in every way a server could stretch it: one deadline for the whole request
(connecting, redirects, reading), at most five redirects and only to http(s), a size
limit checked while reading, certificates always verified (SSL_CERT_FILE and
SSL_CERT_DIR honoured, as OpenSSL reads them; the proxy variables too). Every failure is
a FetchError of one line naming the URL and what happened.
"""

from __future__ import annotations

import os
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPException, HTTPResponse
from urllib.parse import urljoin

from learnpath.errors import LearnpathError
from learnpath.text import is_web_url

# The whole request may take this long, unless LEARNPATH_HTTP_TIMEOUT says otherwise
# (seconds, at most this).
TIMEOUT_S = 30.0
MAX_REDIRECTS = 5
_PIECE = 64 * 1024
_AGENT = {"User-Agent": "learnpath"}
# https://github.com/OWNER/REPO/blob/REF/PATH: the page around a file, not the file.
_GITHUB_PAGE = re.compile(r"https://github\.com/([^/]+)/([^/]+)/blob/(.+)")


class FetchError(LearnpathError):
    """A URL could not be read; the message names it and what happened."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a request came to: the body (None when the server said it had not changed),
    and what to send next time to ask whether it has."""

    url: str  # where the body came from, after redirects
    body: bytes | None
    etag: str | None
    modified: str | None
    charset: str | None

    def text(self, asked: str) -> str:
        """The body as text, by the charset the server declared, else UTF-8."""
        assert self.body is not None  # noqa: S101 - only called on a body
        charset = self.charset or "utf-8"
        try:
            return self.body.decode(charset).removeprefix("\ufeff")
        except (LookupError, UnicodeDecodeError):
            raise FetchError(f"{asked}: the answer is not {charset} text") from None


def raw_url(url: str) -> str:
    """The file behind a GitHub page URL (its raw form); any other URL as it is."""
    found = _GITHUB_PAGE.fullmatch(url.split("#")[0].split("?")[0])
    if found is None:
        return url
    owner, repo, rest = found.groups()
    return f"https://raw.githubusercontent.com/{owner}/{repo}/{rest}"


def timeout() -> float:
    """The deadline of one request: LEARNPATH_HTTP_TIMEOUT, within (0, 30] seconds."""
    given = os.environ.get("LEARNPATH_HTTP_TIMEOUT", "").strip()
    if not given:
        return TIMEOUT_S
    try:
        value = float(given)
    except ValueError:
        raise FetchError(
            f"LEARNPATH_HTTP_TIMEOUT={given!r} is not a number of seconds; give one up to 30"
        ) from None
    if not 0 < value <= TIMEOUT_S:
        raise FetchError(f"LEARNPATH_HTTP_TIMEOUT must be more than 0 and at most {TIMEOUT_S:g}")
    return value


def fetch(url: str, limit: int, etag: str | None = None, modified: str | None = None) -> Fetched:
    """GET ``url``, following redirects by hand; a conditional request when ``etag`` or
    ``modified`` are given (an unchanged file is then a 304: no body)."""
    deadline = time.monotonic() + timeout()
    opener = urllib.request.build_opener(_NoRedirects(), _https())
    headers = _AGENT | {"Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    if not is_web_url(url):
        raise FetchError(
            f"{url}: not a plain http(s) URL (a host, no credentials, nothing invisible)"
        )
    current, seen = url, {url}
    for _ in range(MAX_REDIRECTS + 1):
        if not is_web_url(current):
            raise FetchError(f"{url}: redirected to {current!r}, which is not an http(s) URL")
        response = _open(opener, urllib.request.Request(current, headers=headers), url, deadline)
        with response:
            target = _redirect(response, current)
            if target is None:
                return _answer(response, current, url, limit, deadline)
        if target in seen:
            raise FetchError(f"{url}: a redirect loop (back to {target})")
        seen.add(target)
        current = target
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects come back as answers: fetch follows them itself, counting and checking
    each target (urllib would follow one to any scheme it knows)."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _https() -> urllib.request.HTTPSHandler:
    # The default context verifies certificates and host names; OpenSSL reads
    # SSL_CERT_FILE and SSL_CERT_DIR for its default places.
    return urllib.request.HTTPSHandler(context=ssl.create_default_context())


def _open(
    opener: urllib.request.OpenerDirector,
    request: urllib.request.Request,
    asked: str,
    deadline: float,
) -> HTTPResponse:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"{asked}: timed out")
    try:
        response: HTTPResponse = opener.open(request, timeout=left)
        return response
    except urllib.error.HTTPError as err:
        # Any status is an answer: the caller says what a 404 or a redirect means to it.
        return err  # type: ignore[return-value]  # an HTTPError is a response too
    except urllib.error.URLError as err:
        raise FetchError(f"{asked}: {_reason(err.reason)}") from None
    except TimeoutError:
        raise FetchError(f"{asked}: timed out") from None
    except (OSError, HTTPException, ValueError) as err:
        raise FetchError(f"{asked}: {_reason(err)}") from None


def _redirect(response: HTTPResponse, current: str) -> str | None:
    """Where a redirect points (made absolute), or None for any other answer."""
    if response.status not in (301, 302, 303, 307, 308):
        return None
    location = response.headers.get("Location")
    if not location:
        return None
    return urljoin(current, location.strip())


def _answer(
    response: HTTPResponse, current: str, asked: str, limit: int, deadline: float
) -> Fetched:
    headers: Message = response.headers
    found = (current, headers.get("ETag"), headers.get("Last-Modified"))
    if response.status == 304:
        return Fetched(found[0], None, found[1], found[2], None)
    if response.status >= 300:
        raise FetchError(f"{asked}: {_status(response.status, response.reason)}")
    declared = headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"{asked}: too large ({_mib(int(declared))}; the limit is {_mib(limit)})")
    body = bytearray()
    try:
        while piece := response.read(_PIECE):
            body += piece
            if len(body) > limit:
                raise FetchError(f"{asked}: too large (more than {_mib(limit)})")
            if time.monotonic() > deadline:
                raise FetchError(f"{asked}: timed out while reading")
    except TimeoutError:
        raise FetchError(f"{asked}: timed out while reading") from None
    except (OSError, HTTPException) as err:
        raise FetchError(f"{asked}: the answer broke off ({_reason(err)})") from None
    charset = headers.get_content_charset()
    return Fetched(found[0], bytes(body), found[1], found[2], charset)


def _status(code: int, reason: object) -> str:
    named = {404: "not found", 410: "gone", 403: "forbidden", 401: "needs a login"}
    return f"{named.get(code, 'the server answered')} (HTTP {code} {reason})".replace(" )", ")")


def _reason(reason: object) -> str:
    """A failure below HTTP as a reader says it."""
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"certificate not trusted ({reason.verify_message})"
    if isinstance(reason, ssl.SSLError):
        return f"TLS failed ({reason.reason or reason})"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(reason, socket.gaierror):
        return "host not found"
    text = str(getattr(reason, "strerror", None) or reason)
    return text or type(reason).__name__


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


@dataclass(frozen=True, slots=True)
class Probe:
    """How a link fared: ``status`` is ok, redirected (reached through redirects, at
    ``final_url``), broken (404 or 410), unknown (any other 4xx or 5xx, or redirects
    that do not end) or unreachable (refused, DNS, TLS, time-out: ``detail`` says)."""

    url: str
    status: str
    http_status: int | None = None
    final_url: str | None = None
    detail: str | None = None


def probe(url: str, limit: float) -> Probe:
    """Check one link: HEAD first, GET when HEAD answers 4xx or 5xx or fails (many sites
    refuse HEAD). Only the headers are read."""
    first = _probe(url, "HEAD", limit)
    return first if first.status in ("ok", "redirected") else _probe(url, "GET", limit)


def _probe(url: str, method: str, limit: float) -> Probe:
    deadline = time.monotonic() + limit
    opener = urllib.request.build_opener(_NoRedirects(), _https())
    current, seen = url, {url}
    for hops in range(MAX_REDIRECTS + 1):
        if not is_web_url(current):
            return Probe(url, "unknown", None, current, "redirected to a URL that is not http(s)")
        request = urllib.request.Request(
            current, method=method, headers={"User-Agent": "learnpath"}
        )
        try:
            response = _open(opener, request, url, deadline)
        except FetchError as err:
            return Probe(url, "unreachable", detail=str(err).removeprefix(f"{url}: "))
        with response:
            code, target = response.status, _redirect(response, current)
        if target is None:
            if 200 <= code < 300:
                return Probe(url, "redirected" if hops else "ok", code, current)
            return Probe(url, "broken" if code in (404, 410) else "unknown", code, current)
        if target in seen:
            return Probe(url, "unknown", code, target, "a redirect loop")
        seen.add(target)
        current = target
    return Probe(url, "unknown", None, current, f"more than {MAX_REDIRECTS} redirects")
