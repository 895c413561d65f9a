"""Redirects: credentials stay with the origin they were configured for.

One rule for the sync hook (``requests``' ``rebuild_auth``) and the deferrable trigger (its own
redirect loop): when a redirect leaves the origin (scheme, host and port) of the request it
answers, ``Authorization`` and ``Maton-Connection`` are not sent to the new location.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from collections.abc import Mapping

#: Headers that identify the caller (lower case): the key, and which LinkedIn account to act as.
CREDENTIAL_HEADERS = frozenset({"authorization", "maton-connection"})
#: Redirect statuses a client follows.
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: str) -> tuple[str, str, int | None]:
    """``(scheme, host, port)`` of a URL, lower case, with the scheme's default port filled in.

    A URL that cannot be parsed has no origin that matches anything (``("", "", None)``).
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ("", "", None)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), port if port is not None else _DEFAULT_PORTS.get(scheme)


def same_origin(a: str, b: str) -> bool:
    """Do two absolute URLs share scheme, host and port? (An unparsable or relative URL never does.)"""
    first = origin(a)
    return bool(first[0] and first[1]) and first == origin(b)


def strip_credentials(headers: Mapping[str, str], from_url: str, to_url: str) -> dict[str, str]:
    """The headers to send to ``to_url`` after ``from_url`` redirected there.

    The same headers on a redirect within the origin; without :data:`CREDENTIAL_HEADERS` (any
    case) when the redirect leaves it (another host, port or scheme, ``http`` to ``https`` included).
    """
    if same_origin(from_url, to_url):
        return dict(headers)
    return {name: value for name, value in headers.items() if name.lower() not in CREDENTIAL_HEADERS}
