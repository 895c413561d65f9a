"""LinkedIn's OAuth 2.0 token endpoints as the sandbox serves them (facts, sources: docs/linkedin-oauth.md).

They run on the sandbox's own OAuth server (``Sandbox.oauth_base_url``, ``http://HOST:PORT/oauth/v2``),
apart from the API and the upload server, as ``www.linkedin.com/oauth/v2`` is apart from
``api.linkedin.com``:

- ``POST /oauth/v2/accessToken`` with ``grant_type=refresh_token``, ``refresh_token``,
  ``client_id``, ``client_secret`` -> ``{"access_token", "expires_in", "refresh_token",
  "refresh_token_expires_in", "scope"}``. The refresh token keeps its own expiry (365 days from the
  authorization; refreshing never extends it); a new access token lives 60 days, or less when the
  refresh token ends sooner. Refused: an unknown, revoked or expired refresh token (400
  ``invalid_grant``), a wrong client id or secret (401 ``invalid_client``), a missing field (400
  ``invalid_request``), another grant type (400 ``unsupported_grant_type``).
- ``POST /oauth/v2/introspectToken`` with ``client_id``, ``client_secret``, ``token`` ->
  ``{"active", "status": active|expired|revoked, "expires_at", "created_at", "authorized_at",
  "client_id", "scope", "auth_type": "3L"}``; 400 for an unknown client id or token, 401 for a wrong
  secret (LinkedIn's documented statuses).

Both judge the bytes that arrive: the body must be ``application/x-www-form-urlencoded`` (ASCII,
each parameter at most once: RFC 6749 section 3.2), and a secret in the query string is refused
(400): LinkedIn's docs say never to put the client secret in a URL. The API
(``gateway.check_access_token``) refuses an expired access token with 401 ``EXPIRED_ACCESS_TOKEN``
(serviceErrorCode 65602) and a revoked one with 401 ``REVOKED_ACCESS_TOKEN`` (65601). The request log
keeps these bodies with ``client_secret``, ``refresh_token`` and ``token`` values replaced by ``***``.

Control (tests): ``POST /_sandbox/oauth/tokens`` with ``{"kind": "access"|"refresh", "token":
optional (default: every token of that kind), "expires_in": seconds (negative: already expired),
"revoked": true|false}``; ``POST /_sandbox/config`` ``{"access_token_ttl_seconds": ..,
"refresh_token_ttl_seconds": ..}``.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from maton_linkedin_provider.sandbox.routing import Response, Route

if TYPE_CHECKING:
    from maton_linkedin_provider.sandbox.routing import Request
    from maton_linkedin_provider.sandbox.state import State

#: LinkedIn's default lifetimes (Refresh Tokens with OAuth 2.0, Microsoft Learn).
ACCESS_TOKEN_TTL_SECONDS = 60 * 86400.0
REFRESH_TOKEN_TTL_SECONDS = 365 * 86400.0
SCOPE = "r_basicprofile,w_member_social,r_ads,rw_ads,r_ads_reporting,r_organization_social"
#: Form fields whose values the request log never shows.
SECRET_FIELDS = ("client_secret", "refresh_token", "token")
INVALID_GRANT = "The provided authorization grant or refresh token is invalid, expired or revoked"


@dataclass
class Token:
    """An access or refresh token the sandbox issued (epoch seconds)."""

    member_id: str
    created_at: float
    expires_at: float
    authorized_at: float
    revoked: bool = False

    def status(self, now: float) -> str:
        if self.revoked:
            return "revoked"
        return "expired" if now >= self.expires_at else "active"


def _oauth_error(status: int, error: str, description: str) -> Response:
    return Response(status, json={"error": error, "error_description": description})


def redact_form(body: bytes | None) -> bytes | None:
    """A logged form body with the secret fields' values replaced by ``***``."""
    if not body:
        return body
    try:
        pairs = parse_qsl(body.decode("ascii"), keep_blank_values=True)
    except UnicodeDecodeError:
        return b"<non-ASCII form body>"
    return urlencode([(k, "***" if k in SECRET_FIELDS else v) for k, v in pairs], safe="*").encode()


class OAuthState:
    """Clients and tokens of the sandbox's OAuth server; guarded by its own lock.

    :param state: the API's state (a refreshed access token is registered there, for its member).
    """

    def __init__(
        self,
        state: State,
        *,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        access_token: str,
        member_id: str,
        seed: int = 0,
    ) -> None:
        self.lock = threading.Lock()
        self.state = state
        self.client_id = client_id
        self.client_secret = client_secret
        self.seed_refresh_token = refresh_token
        self.seed_access_token = access_token
        self.member_id = member_id
        self.seed = seed
        self.access_ttl = ACCESS_TOKEN_TTL_SECONDS
        self.refresh_ttl = REFRESH_TOKEN_TTL_SECONDS
        self.access: dict[str, Token] = {}
        self.refresh: dict[str, Token] = {}
        self.exchanges = 0
        self.reset()

    def reset(self) -> None:
        """The seed: one access token (60 days) and one refresh token (365 days), issued now."""
        now = time.time()
        with self.lock:
            self.rng = random.Random(self.seed)
            self.access_ttl = ACCESS_TOKEN_TTL_SECONDS
            self.refresh_ttl = REFRESH_TOKEN_TTL_SECONDS
            self.access = {self.seed_access_token: Token(self.member_id, now, now + self.access_ttl, now)}
            self.refresh = {self.seed_refresh_token: Token(self.member_id, now, now + self.refresh_ttl, now)}
            self.exchanges = 0

    # -- the API's view --------------------------------------------------------------------------
    def lapsed(self, token: str) -> str | None:
        """``"expired"`` or ``"revoked"`` for an access token that no longer works; None otherwise."""
        with self.lock:
            found = self.access.get(token)
            if found is None:
                return None
            status = found.status(time.time())
        return None if status == "active" else status

    def issued(self, token: str) -> bool:
        with self.lock:
            return token in self.access

    # -- control -----------------------------------------------------------------------------------
    def set_tokens(
        self,
        kind: str,
        token: str | None = None,
        expires_in: float | None = None,
        revoked: bool | None = None,
    ) -> int:
        """Change the expiry or revocation of one token (or every token of ``kind``); how many changed."""
        if kind not in ("access", "refresh"):
            raise ValueError(f"kind must be 'access' or 'refresh', not {kind!r}")
        if revoked is not None and not isinstance(revoked, bool):
            raise ValueError(f"revoked must be true or false, got {revoked!r}")
        if expires_in is not None and (
            isinstance(expires_in, bool) or not isinstance(expires_in, (int, float))
        ):
            raise ValueError(f"expires_in must be a number of seconds, got {expires_in!r}")
        with self.lock:
            tokens = self.access if kind == "access" else self.refresh
            chosen = [tokens[token]] if token is not None and token in tokens else []
            if token is None:
                chosen = list(tokens.values())
            for found in chosen:
                if expires_in is not None:
                    found.expires_at = time.time() + float(expires_in)
                if revoked is not None:
                    found.revoked = revoked
            return len(chosen)

    def configure(
        self, access_ttl: float | None = None, refresh_ttl: float | None = None
    ) -> dict[str, float]:
        with self.lock:
            if access_ttl is not None:
                self.access_ttl = access_ttl
            if refresh_ttl is not None:
                self.refresh_ttl = refresh_ttl
            return {
                "access_token_ttl_seconds": self.access_ttl,
                "refresh_token_ttl_seconds": self.refresh_ttl,
            }

    # -- the endpoints -----------------------------------------------------------------------------
    def _form(self, req: Request) -> dict[str, str] | Response:
        """The form fields, or the refusal (wrong content type, secrets in the URL)."""
        query = dict(parse_qsl(req.query, keep_blank_values=True))
        in_url = sorted(set(query) & {"client_secret", "refresh_token", "token", "client_id"})
        if in_url:
            return _oauth_error(
                400,
                "invalid_request",
                f"Send {', '.join(in_url)} in the application/x-www-form-urlencoded body, never in the URL",
            )
        ctype = (req.header("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "application/x-www-form-urlencoded":
            return _oauth_error(
                400, "invalid_request", "The body must be Content-Type: application/x-www-form-urlencoded"
            )
        try:
            pairs = parse_qsl(req.body.decode("ascii"), keep_blank_values=True)
        except UnicodeDecodeError:
            return _oauth_error(400, "invalid_request", "A form body is ASCII (percent-encoded)")
        names = [name for name, _ in pairs]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:  # RFC 6749 section 3.2: a parameter MUST NOT be included more than once
            return _oauth_error(
                400, "invalid_request", f"Parameter(s) sent more than once: {', '.join(twice)}"
            )
        return dict(pairs)

    @staticmethod
    def _missing(form: dict[str, str], *names: str) -> Response | None:
        for name in names:
            if not form.get(name):
                return _oauth_error(400, "invalid_request", f'A required parameter "{name}" is missing')
        return None

    def access_token(self, req: Request) -> Response:
        form = self._form(req)
        if isinstance(form, Response):
            return form
        refused = self._missing(form, "grant_type")
        if refused is not None:
            return refused
        if form["grant_type"] != "refresh_token":
            return _oauth_error(
                400,
                "unsupported_grant_type",
                f"The sandbox exchanges refresh tokens only, not grant_type={form['grant_type'][:40]!r}",
            )
        refused = self._missing(form, "refresh_token", "client_id", "client_secret")
        if refused is not None:
            return refused
        if form["client_id"] != self.client_id or form["client_secret"] != self.client_secret:
            return _oauth_error(401, "invalid_client", "Client authentication failed")
        now = time.time()
        with self.lock:
            grant = self.refresh.get(form["refresh_token"])
            if grant is None or grant.status(now) != "active":
                return _oauth_error(400, "invalid_grant", INVALID_GRANT)
            expires_at = min(now + self.access_ttl, grant.expires_at)
            token = "AQV" + format(self.rng.getrandbits(128), "032x")
            self.access[token] = Token(grant.member_id, now, expires_at, grant.authorized_at)
            self.exchanges += 1
            refresh_left = grant.expires_at - now
        with self.state.lock:
            self.state.tokens[token] = grant.member_id
        return Response(
            200,
            json={
                "access_token": token,
                "expires_in": int(expires_at - now),
                "refresh_token": form["refresh_token"],
                "refresh_token_expires_in": int(refresh_left),
                "scope": SCOPE,
            },
        )

    def introspect(self, req: Request) -> Response:
        form = self._form(req)
        if isinstance(form, Response):
            return form
        refused = self._missing(form, "client_id", "client_secret", "token")
        if refused is not None:
            return refused
        if form["client_id"] != self.client_id:
            return _oauth_error(400, "invalid_request", "Invalid client id or token")
        if form["client_secret"] != self.client_secret:
            return _oauth_error(401, "invalid_client", "Invalid client secret")
        with self.lock:
            found = self.access.get(form["token"])
            if found is None:
                return _oauth_error(400, "invalid_request", "Invalid client id or token")
            status = found.status(time.time())
            body: dict[str, Any] = {
                "active": status == "active",
                "client_id": self.client_id,
                "authorized_at": int(found.authorized_at),
                "created_at": int(found.created_at),
                "status": status,
                "expires_at": int(found.expires_at),
                "scope": SCOPE,
                "auth_type": "3L",
            }
        return Response(200, json=body)


def routes(oauth: OAuthState) -> list[Route]:
    """The OAuth server's routes (``server="oauth"``)."""
    return [
        Route("POST", "/oauth/v2/accessToken", oauth.access_token, server="oauth"),
        Route("POST", "/oauth/v2/introspectToken", oauth.introspect, server="oauth"),
    ]
