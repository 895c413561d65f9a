"""Who the connection is: the member's profile, their person URN (fetched once), and the Test button."""

from __future__ import annotations

from typing import Any

from maton_linkedin_provider.exceptions import LinkedInError
from maton_linkedin_provider.hooks._core import LinkedInHookCore


class ProfileMixin(LinkedInHookCore):
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
        """The UI's Test button: fetch the profile and say who it is."""
        try:
            profile = self.get_profile()
        except LinkedInError as err:
            return False, str(err)
        except Exception as err:
            return False, f"{type(err).__name__}: {err}"
        name = " ".join(
            str(profile.get(k)) for k in ("localizedFirstName", "localizedLastName") if profile.get(k)
        )
        return True, f"Connected to {self.settings.describe()} as {name or 'member'} ({self._person_urn})."
