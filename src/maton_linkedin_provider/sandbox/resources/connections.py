"""Maton's connection management: ``/connections`` and ``/connections/{id}`` (Maton key)."""

from __future__ import annotations

from maton_linkedin_provider.sandbox.routing import ApiError, Request, Response, Route
from maton_linkedin_provider.sandbox.state import CONNECTION_STATUSES

METHODS = ("API_KEY", "BASIC", "OAUTH1", "OAUTH2", "MCP", "JWT")


def _not_found(cid: str) -> ApiError:
    return ApiError(404, "CONNECTION_NOT_FOUND", f"Connection {cid!r} not found", service_error_code=None)


def list_connections(req: Request) -> Response:
    params = req.query_params()
    status = params.get("status")
    if status is not None and status not in CONNECTION_STATUSES:
        raise ApiError(
            400,
            "INVALID_STATUS",
            f"status must be one of {', '.join(CONNECTION_STATUSES)}",
            service_error_code=None,
        )
    found = req.state.find_connections(app=params.get("app"), status=status)
    return Response(200, json={"connections": [req.state.public_connection(c) for c in found]})


def create_connection(req: Request) -> Response:
    body = req.json
    app = body.get("app") if isinstance(body, dict) else None
    if not isinstance(app, str) or not app:
        raise ApiError(
            400, "INVALID_REQUEST", 'Missing "app" (e.g. {"app": "linkedin"})', service_error_code=None
        )
    method = body.get("method", "OAUTH2") if isinstance(body, dict) else "OAUTH2"
    if method not in METHODS:
        raise ApiError(
            400, "INVALID_REQUEST", f"method must be one of {', '.join(METHODS)}", service_error_code=None
        )
    record = req.state.create_connection(app=app, method=method)
    return Response(200, json={"connection": req.state.public_connection(record)})


def get_connection(req: Request) -> Response:
    cid = req.params["connection_id"]
    record = req.state.get_connection(cid)
    if record is None:
        raise _not_found(cid)
    return Response(200, json={"connection": req.state.public_connection(record)})


def delete_connection(req: Request) -> Response:
    cid = req.params["connection_id"]
    record = req.state.delete_connection(cid)
    if record is None:
        raise _not_found(cid)
    return Response(200, json={"connection": req.state.public_connection(record), "deleted": True})


def routes() -> list[Route]:
    return [
        Route("GET", "/connections", list_connections),
        Route("POST", "/connections", create_connection),
        Route("GET", "/connections/{connection_id}", get_connection),
        Route("DELETE", "/connections/{connection_id}", delete_connection),
    ]
