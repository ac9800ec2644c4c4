"""Fetch one URL politely and safely: http(s) only, a timeout, a size cap, a bounded number
of redirects, an honest User-Agent, conditional GET. A failure is a ``FetchError`` saying
what failed (DNS, refused, HTTP status, timeout, too large, too many redirects, bad URL),
never a traceback."""

from __future__ import annotations

import email.message
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import __version__

USER_AGENT = f"newsdigest/{__version__} (static site generator for news digests; +https://pypi.org/project/newsdigest/)"
TIMEOUT = 20.0
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5"


class FetchError(Exception):
    """A URL that could not be fetched; ``str()`` says why."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    """The final URL, after redirects."""
    status: int
    """200, or 304 (not modified since the ETag / Last-Modified given: ``body`` is empty)."""
    content_type: str
    """The media type, lower case, without parameters."""
    charset: str
    """The charset the server declared ("" when none)."""
    body: bytes
    etag: str = ""
    last_modified: str = ""


def check_url(url: str) -> str:
    """The URL, if it is one we fetch (absolute http or https with a host); else FetchError."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise FetchError(url, "not a valid URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "only http:// and https:// URLs are fetched")
    return url


def _redirects(limit: int) -> urllib.request.HTTPRedirectHandler:
    """urllib's redirect handler, allowed ``limit`` hops, to http(s) URLs only."""

    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = limit
        max_repeats = min(4, limit)

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            check_url(newurl)  # no redirect to file:, ftp: or a host-less URL
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return Redirects()


def fetch(
    url: str,
    *,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    etag: str = "",
    last_modified: str = "",
    accept: str = ACCEPT,
) -> Fetched:
    check_url(url)
    headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    opener = urllib.request.build_opener(_redirects(max_redirects))
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=timeout) as response:
            info: email.message.Message = response.headers
            length = info.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise FetchError(url, f"too large: {int(length)} bytes (the limit is {max_bytes})")
            body = _read(response, url, max_bytes, time.monotonic() + timeout, timeout)
            return Fetched(
                url=response.geturl(),
                status=response.status,
                content_type=info.get_content_type().lower(),
                charset=info.get_content_charset() or "",
                body=body,
                etag=info.get("ETag", ""),
                last_modified=info.get("Last-Modified", ""),
            )
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(url, 304, "", "", b"", etag, last_modified)
        if 300 <= exc.code < 400 and "not allowed" in str(exc.reason):
            raise FetchError(
                url, f"redirected to {exc.filename!r}: only http:// and https:// URLs are fetched"
            ) from None
        if 300 <= exc.code < 400:
            raise FetchError(url, f"too many redirects (more than {max_redirects})") from None
        raise FetchError(url, f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(url, _why(exc.reason)) from None
    except TimeoutError:
        raise FetchError(url, f"timed out after {timeout:g} s") from None
    except (ConnectionError, ssl.SSLError, OSError) as exc:
        raise FetchError(url, _why(exc)) from None
    except ValueError as exc:  # http.client's InvalidURL, a bad header
        raise FetchError(url, f"bad response or URL ({exc})") from None


def _read(response, url: str, max_bytes: int, deadline: float, timeout: float) -> bytes:
    """The body, at most ``max_bytes``, within ``timeout`` overall (a server that drips a byte
    a second never holds a batch up for longer)."""
    chunks, size = [], 0
    while chunk := response.read1(65536):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(url, f"too large: more than {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise FetchError(url, f"timed out after {timeout:g} s (the body was still arriving)")
        chunks.append(chunk)
    return b"".join(chunks)


def _why(reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        return "DNS lookup failed (no such host?)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error ({reason.reason or reason})"
    if isinstance(reason, ConnectionResetError):
        return "connection reset"
    return str(getattr(reason, "strerror", None) or reason)
