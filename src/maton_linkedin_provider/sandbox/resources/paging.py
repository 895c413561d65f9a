"""The two paging styles LinkedIn uses, for resource modules.

Offset (``start``/``count`` -> ``paging {start, count, total, links}``) for most finders; cursor
(``pageSize``/``pageToken`` -> ``metadata.nextPageToken``) for the ads search finders since 202401.
"""

from __future__ import annotations

import base64
from typing import Any

from maton_linkedin_provider.sandbox.routing import ApiError

Json = dict[str, Any]


def _int(params: Json, name: str, default: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    try:
        value = int(str(raw))
    except ValueError:
        raise ApiError(400, "INVALID_PARAM", f"{name} must be an integer, got {raw!r}") from None
    if value < 0:
        raise ApiError(400, "INVALID_PARAM", f"{name} must not be negative")
    return value


def offset_page(items: list[Json], params: Json, *, default_count: int = 10, max_count: int = 100) -> Json:
    """One offset-style page of ``items``; ``count`` above ``max_count`` is a 400 as on LinkedIn."""
    start = _int(params, "start", 0)
    count = _int(params, "count", default_count)
    if count > max_count:
        raise ApiError(400, "INVALID_PARAM", f"count must be at most {max_count}, got {count}")
    page = items[start : start + count]
    links = []
    if start + count < len(items):
        links.append(
            {"rel": "next", "type": "application/json", "href": f"?start={start + count}&count={count}"}
        )
    return {"elements": page, "paging": {"start": start, "count": count, "total": len(items), "links": links}}


def cursor_page(items: list[Json], params: Json, *, default_size: int = 100, max_size: int = 1000) -> Json:
    """One cursor-style page: ``pageToken`` is an opaque encoding of the next offset."""
    size = _int(params, "pageSize", default_size)
    if size == 0 or size > max_size:
        raise ApiError(400, "INVALID_PARAM", f"pageSize must be between 1 and {max_size}")
    token = params.get("pageToken")
    start = 0
    if token is not None:
        try:
            start = int(base64.urlsafe_b64decode(str(token).encode()).decode().removeprefix("o:"))
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "INVALID_PARAM", f"pageToken {token!r} is not valid") from None
    page = items[start : start + size]
    metadata: Json = {}
    if start + size < len(items):
        metadata["nextPageToken"] = base64.urlsafe_b64encode(f"o:{start + size}".encode()).decode()
    return {"elements": page, "metadata": metadata}
