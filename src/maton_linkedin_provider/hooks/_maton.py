"""Maton's connection management (``/connections``): list, create, read and delete connections."""

from __future__ import annotations

from typing import Any

from maton_linkedin_provider.exceptions import LinkedInInputError
from maton_linkedin_provider.hooks._core import LinkedInHookCore
from maton_linkedin_provider.linkedin import restli


class MatonConnectionsMixin(LinkedInHookCore):
    """Hook methods for the Maton gateway's own connection API."""

    def _require_gateway(self, what: str) -> None:
        if self.settings.direct:
            raise LinkedInInputError(
                "host", f"{what} is a Maton gateway feature; connection '{self.maton_conn_id}' is direct."
            )

    def list_maton_connections(
        self, status: str | None = "ACTIVE", app: str = "linkedin"
    ) -> list[dict[str, Any]]:
        """Maton connections of the key (``GET /connections?app=linkedin&status=ACTIVE``).

        :param status: ``ACTIVE``, ``PENDING``, ``FAILED``, or ``None`` for all.
        """
        self._require_gateway("Listing connections")
        if status is not None and status not in ("ACTIVE", "PENDING", "FAILED"):
            raise LinkedInInputError(
                "status", f"{status!r} is not a Maton status.", "ACTIVE, PENDING or FAILED."
            )
        params = {"app": app, **({"status": status} if status else {})}
        body = self.call("GET", "", params=params, api="maton").json() or {}
        return list(body.get("connections") or [])

    def create_maton_connection(self, app: str = "linkedin") -> dict[str, Any]:
        """Start a new Maton connection; open the returned ``url`` in a browser to authorize it."""
        self._require_gateway("Creating a connection")
        body = self.call("POST", "", json={"app": app}, api="maton").json() or {}
        connection: dict[str, Any] = body.get("connection") or body
        return connection

    def get_maton_connection(self, connection_id: str) -> dict[str, Any]:
        """One Maton connection (status ``ACTIVE``, ``PENDING`` or ``FAILED``)."""
        self._require_gateway("Reading a connection")
        body = self.call("GET", self._connection_key(connection_id), api="maton").json() or {}
        connection: dict[str, Any] = body.get("connection") or body
        return connection

    def delete_maton_connection(self, connection_id: str) -> None:
        """Delete a Maton connection."""
        self._require_gateway("Deleting a connection")
        self.call("DELETE", self._connection_key(connection_id), api="maton")

    @staticmethod
    def _connection_key(connection_id: str) -> str:
        text = str(connection_id or "").strip()
        if not text or "/" in text or "?" in text:
            raise LinkedInInputError("connection_id", f"{connection_id!r} is not a Maton connection id.")
        return restli.encode_key(text)
