"""The route table of the sandbox's two servers (API and uploads), matched on the raw request path."""

from __future__ import annotations

import threading
from urllib.parse import unquote

from maton_linkedin_provider.sandbox.routing import ApiError, Route


class Router:
    """The route table of both servers; resource modules add to it through ``Sandbox.register``."""

    def __init__(self) -> None:
        self._routes: list[Route] = []
        self._lock = threading.Lock()

    def add(self, route: Route) -> None:
        with self._lock:
            self._routes.append(route)

    def routes(self, server: str) -> list[Route]:
        with self._lock:
            return [r for r in self._routes if r.server == server]

    def has_path(self, server: str, raw_path: str) -> bool:
        return any(r.match(raw_path) is not None for r in self.routes(server))

    def resolve(self, server: str, method: str, raw_path: str) -> tuple[Route, dict[str, str]]:
        """The route and its decoded path parameters. :raises ApiError: 404 or 405."""
        allowed: list[str] = []
        for route in self.routes(server):
            params = route.match(raw_path)
            if params is None:
                continue
            if route.method == method:
                return route, params
            allowed.append(route.method)
        shown = unquote(raw_path)
        if allowed:
            raise ApiError(
                405,
                "METHOD_NOT_ALLOWED",
                f"Method {method} is not allowed on {shown}",
                headers={"Allow": ", ".join(sorted(set(allowed)))},
            )
        raise ApiError(404, "RESOURCE_NOT_FOUND", f"No route for {method} {shown}")
