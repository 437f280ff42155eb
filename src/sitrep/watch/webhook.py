"""POST a rule's new matches as JSON to its webhook, retrying transient failures.

Standard library only (urllib): a webhook is one small POST, not worth a client dependency.
Retried: connection errors, timeouts, HTTP 408, 429 and 5xx, with exponential back-off. Not
retried: other 4xx answers (the receiver understood and refused; retrying would not help).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from typing import Any

from .. import __version__
from ..errors import Messages, SitrepError
from .evaluate import Match

_RETRY_STATUS = frozenset({408, 429})


def payload(rule: str, found: Sequence[Match]) -> dict[str, Any]:
    """The JSON body: the rule's name and its matched events as `/api/events` gives them."""
    return {
        "rule": rule,
        "matches": [{**m.row.to_dict(), "sources": m.sources} for m in found],
    }


def post_json(
    url: str,
    body: dict[str, Any],
    *,
    rule: str,
    timeout: float = 5.0,
    retries: int = 3,
    backoff: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """POST `body` to `url`; return the HTTP status of the accepted attempt.

    Tries at most `retries + 1` times, waiting `backoff * 2**n` seconds between attempts.
    Raises SitrepError (E543) naming the rule, URL and last reason when every attempt fails."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", "User-Agent": f"sitrep/{__version__}"}
    attempts = 0
    reason = ""
    for attempt in range(retries + 1):
        attempts = attempt + 1
        request = urllib.request.Request(url, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status = int(response.status)
                return status
        except urllib.error.HTTPError as e:
            reason = f"HTTP {e.code}"
            if e.code < 500 and e.code not in _RETRY_STATUS:
                break
        except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
            reason = str(getattr(e, "reason", e))
        if attempt < retries:
            sleep(backoff * 2**attempt)
    raise SitrepError(Messages.E543, rule=rule, url=url, attempts=attempts, reason=reason)
