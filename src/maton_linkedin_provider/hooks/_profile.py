"""Who the connection is: the member's profile, their person URN (fetched once), and the Test button."""

from __future__ import annotations

import datetime as dt
from typing import Any

from maton_linkedin_provider.exceptions import LinkedInError
from maton_linkedin_provider.hooks import _credentials as creds
from maton_linkedin_provider.hooks._maton import MatonConnectionsMixin


class ProfileMixin(MatonConnectionsMixin):
    """``GET /rest/me``, the person URN every "as the member" default needs, and ``test_connection``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: ``urn:li:person:{id}`` once ``/me`` was read (one read per hook).
        self._person_urn: str | None = None

    def get_profile(self) -> dict[str, Any]:
        """The member behind the connection (``GET /rest/me``)."""
        profile: dict[str, Any] = self.call("GET", "/me").json()
        if profile.get("id"):
            self._person_urn = f"urn:li:person:{profile['id']}"
        return profile

    def get_person_urn(self) -> str:
        """``urn:li:person:{id}`` of the connection's member; fetched once per hook."""
        if self._person_urn is None:
            self.get_profile()
        if self._person_urn is None:
            raise LinkedInError("GET /me returned no member id; cannot build the person URN.")
        return self._person_urn

    def test_connection(self) -> tuple[bool, str]:
        """The UI's Test button: the Maton connection's status (gateway) or the token's expiry
        (direct), then the profile, and who it is.

        Airflow's Test button tests a copy of the form under a random connection id (its
        ``/connections/test`` route passes only that id to the hook), so the message says "this
        connection" wherever it would name the id.
        """
        try:
            notes: list[str] = []
            if not self.settings.direct:
                ok, note = self.check_maton_connection()
                if not ok:
                    return False, self._for_test(note or "")
                if note:
                    notes.append(note)
            else:  # token_report() below introspects and warns: the first call's check would repeat it
                creds.first_expiry_check(self.settings.cache_key)
            profile = self.get_profile()
            if self.settings.direct:
                ok, note = self.token_report()
                if not ok:
                    return False, self._for_test(note)
                notes.append(note)
        except LinkedInError as err:
            return False, self._for_test(str(err))
        except Exception as err:
            return False, self._for_test(f"{type(err).__name__}: {err}")
        name = " ".join(
            str(profile.get(k)) for k in ("localizedFirstName", "localizedLastName") if profile.get(k)
        )
        text = f"Connected to {self.settings.describe()} as {name or 'member'} ({self._person_urn})."
        return True, self._for_test(" ".join([text, *notes]))

    def token_report(self) -> tuple[bool, str]:
        """Direct mode: when the access token expires, from LinkedIn's introspection (needs the
        client_id and client_secret extras). ``(ok, text)``; not ok when LinkedIn refuses the app's
        credentials while a refresh depends on them, or calls the token inactive."""
        s = self.settings
        if not s.can_introspect:
            return True, (
                "Token expiry unknown: set the client_id and client_secret extras to see it "
                "(LinkedIn's token introspection needs them)."
            )
        found = self.introspect()
        if found is None:
            return not s.can_refresh, (
                "LinkedIn refused to introspect the token with this client_id/client_secret: check both "
                "extras (a refresh needs them too)."
            )
        if not found.active:
            return (
                False,
                f"LinkedIn says the access token is {found.status}: put a new one in the password field.",
            )
        days = found.days_left()
        text = "The access token " + (creds.expiry_text(days) if days is not None else "has no expiry date")
        if found.expires_at is not None:
            text += f" ({dt.datetime.fromtimestamp(found.expires_at, dt.timezone.utc):%Y-%m-%d})"
        if s.can_refresh:
            state = creds.token_state(s.cache_key)
            if state is not None and state.refresh_expires_at is not None:
                left = (state.refresh_expires_at - dt.datetime.now(dt.timezone.utc).timestamp()) / 86400
                text += f"; the refresh token {creds.expiry_text(left)}"
            text += "; the hook renews it with the refresh token"
        text += "."
        warning = creds.expiry_warning(s, days)
        return True, text + (f" {warning}" if warning else "")

    def _for_test(self, text: str) -> str:
        """``text`` saying "this connection" instead of the (possibly temporary) connection id."""
        conn_id = self.maton_conn_id
        return text.replace(f"connection '{conn_id}'", "this connection").replace(
            f"'{conn_id}'", "this connection"
        )
