"""Maton's connection management (``/connections``): list, create, read and delete connections."""

from __future__ import annotations

from typing import Any

from maton_linkedin_provider.exceptions import LinkedInInputError, LinkedInNotFoundError
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

    def check_maton_connection(self) -> tuple[bool, str | None]:
        """For the Test button in gateway mode: ``(usable, note)`` from Maton's connection status.

        With ``maton_connection`` set: that connection must be ACTIVE (else the note gives the URL
        to authorize it at). Without: the key needs an ACTIVE LinkedIn connection, and several make
        the choice ambiguous (a warning, logged too). Messages never show the configured id.
        """
        chosen = self.settings.maton_connection
        if chosen:
            try:
                record = self.get_maton_connection(chosen)
            except LinkedInNotFoundError:
                return False, (
                    "The Maton connection set in 'maton_connection' does not exist for this API key: "
                    "copy an id from hook.list_maton_connections() or create one."
                )
            status = record.get("status")
            if status != "ACTIVE":
                return False, (
                    f"The Maton connection set in 'maton_connection' is {status}, not ACTIVE: authorize "
                    f"(or re-authorize) it at {record.get('url') or 'its url'}, then test again."
                )
            return True, None
        active = self.list_maton_connections("ACTIVE")
        if not active:
            return False, (
                "The Maton API key has no ACTIVE LinkedIn connection: create one with "
                "hook.create_maton_connection() and authorize it at the url it returns."
            )
        if len(active) == 1:
            return True, None
        ids = ", ".join(str(c.get("connection_id")) for c in active)
        note = (
            f"Warning: the key has {len(active)} ACTIVE LinkedIn connections and no 'maton_connection' "
            f"is set, so which account Maton uses is ambiguous; set 'maton_connection' to one of {ids}."
        )
        self.log.warning(note)
        return True, note

    @staticmethod
    def _connection_key(connection_id: str) -> str:
        text = str(connection_id or "").strip()
        if not text or "/" in text or "?" in text:
            raise LinkedInInputError("connection_id", f"{connection_id!r} is not a Maton connection id.")
        return restli.encode_key(text)
