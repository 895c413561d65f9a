"""A tiny client for the sandbox's own tests, built on ``requests`` (not our hook)."""

from __future__ import annotations

from typing import Any

import requests

from maton_linkedin_provider.sandbox import Sandbox

VERSION = "202609"


class Api:
    """Sends gateway (``/linkedin/rest``) or direct (``/rest``) calls with the right headers."""

    def __init__(self, sb: Sandbox) -> None:
        self.sb = sb
        self.session = requests.Session()

    def headers(self, mode: str = "gateway", **override: str | None) -> dict[str, str]:
        token = self.sb.api_key if mode in ("gateway", "maton") else self.sb.access_token
        headers: dict[str, str | None] = {"Authorization": f"Bearer {token}"}
        if mode != "maton":
            headers.update({"LinkedIn-Version": VERSION, "X-Restli-Protocol-Version": "2.0.0"})
        headers.update({k.replace("_", "-"): v for k, v in override.items()})
        return {k: v for k, v in headers.items() if v is not None}

    def url(self, path: str, mode: str = "gateway") -> str:
        return self.sb.base_url + ("/linkedin" if mode == "gateway" else "") + path

    def request(
        self,
        method: str,
        path: str,
        mode: str = "gateway",
        headers: dict[str, str | None] | None = None,
        **kw: Any,
    ) -> requests.Response:
        return self.session.request(
            method, self.url(path, mode), headers=self.headers(mode, **(headers or {})), timeout=10, **kw
        )

    def get(self, path: str, mode: str = "gateway", **kw: Any) -> requests.Response:
        return self.request("GET", path, mode, **kw)

    def post(self, path: str, mode: str = "gateway", **kw: Any) -> requests.Response:
        return self.request("POST", path, mode, **kw)
