"""``GET /rest/me``: the member the call acts for (the gateway connection's, or the token's)."""

from __future__ import annotations

import copy

from maton_linkedin_provider.sandbox.routing import ApiError, Request, Response, Route


def get_me(req: Request) -> Response:
    if req.member is None:
        raise ApiError(401, "INVALID_ACCESS_TOKEN", "No member for this token", service_error_code=65600)
    return Response(200, json=copy.deepcopy(req.member))


def routes() -> list[Route]:
    return [Route("GET", "/rest/me", get_me)]
