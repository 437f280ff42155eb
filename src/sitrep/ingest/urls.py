"""Downloading http(s) addresses given as input paths, with limits a corpus run can rely on.

Standard library only (urllib): one GET per address, a timeout on every socket wait and on the
whole download, a byte limit checked against Content-Length and again while reading, a redirect
limit that also catches loops at once, and a polite User-Agent. Every way a download can fail
becomes one `DocumentError` naming the address and the fix.
"""

from __future__ import annotations

import http.client
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import IO

from ..errors import DocumentError, Messages
from .options import InputOptions

URL_PREFIX = re.compile(r"\A(?:https?)://", re.IGNORECASE)
_CHUNK = 64 * 1024


def is_url(name: str) -> bool:
    """True for the http and https addresses Sitrep downloads."""
    return bool(URL_PREFIX.match(name))


@dataclass(frozen=True, slots=True)
class Download:
    """One downloaded resource: the address asked for, where it ended up, and its bytes."""

    url: str
    final_url: str
    content_type: str  # media type in lower case, without parameters; "" if the server gave none
    charset: str | None
    data: bytes


class _RedirectStop(Exception):
    """Raised from inside urllib to stop following redirects; becomes E463."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows at most `limit` redirects and stops at the first address seen twice."""

    def __init__(self, start: str, limit: int) -> None:
        super().__init__()
        self.seen = [start]
        self.limit = limit

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if newurl in self.seen:
            fp.close()
            raise _RedirectStop(f"a loop back to {newurl}")
        if len(self.seen) > self.limit:
            fp.close()
            raise _RedirectStop(f"more than {self.limit}")
        self.seen.append(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, options: InputOptions) -> Download:
    """Download `url`, or raise DocumentError (E460-E464) saying why not.

    Reads at most `options.max_download_bytes`; a larger body is an error, not a truncated
    document. `options.fetch_timeout` bounds each wait and the whole download.
    """
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": options.user_agent,
            "Accept": "text/html, application/xhtml+xml, application/rss+xml, "
            "application/atom+xml, application/xml;q=0.9, text/*;q=0.8, */*;q=0.5",
        },
    )
    opener = urllib.request.build_opener(_LimitedRedirects(url, options.max_redirects))
    timeout = options.fetch_timeout
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > options.max_download_bytes:
                raise DocumentError(Messages.E462, doc=url, limit=options.max_download_bytes)
            data = _read_limited(response, url, options.max_download_bytes, deadline, timeout)
            headers = response.headers
            final_url = response.geturl()
    except _RedirectStop as e:
        raise DocumentError(Messages.E463, doc=url, problem=e.problem) from None
    except urllib.error.HTTPError as e:
        e.close()
        raise DocumentError(Messages.E460, doc=url, status=e.code, reason=e.reason) from e
    except urllib.error.URLError as e:
        if isinstance(e.reason, TimeoutError):
            raise DocumentError(Messages.E461, doc=url, timeout=timeout) from e
        raise DocumentError(Messages.E464, doc=url, reason=e.reason) from e
    except TimeoutError as e:
        raise DocumentError(Messages.E461, doc=url, timeout=timeout) from e
    except (http.client.HTTPException, OSError, ValueError) as e:
        # ValueError: urllib's answer to an address it cannot parse ("http://").
        raise DocumentError(Messages.E464, doc=url, reason=str(e) or type(e).__name__) from e
    return Download(
        url=url,
        final_url=final_url,
        content_type=headers.get_content_type().lower() if headers.get("Content-Type") else "",
        charset=headers.get_content_charset(),
        data=data,
    )


def _read_limited(
    response: IO[bytes], url: str, limit: int, deadline: float, timeout: float
) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            # A server that trickles bytes never trips the per-read timeout.
            raise DocumentError(Messages.E461, doc=url, timeout=timeout)
        chunk = response.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise DocumentError(Messages.E462, doc=url, limit=limit)
