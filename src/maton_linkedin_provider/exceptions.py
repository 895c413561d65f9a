"""The provider's errors: one hierarchy, mapped from HTTP status codes in one table.

Every message says what happened, which request (method and path, never the key), what LinkedIn
or the Maton gateway said, and what to do about it. Code that handles errors looks at the fields
(``status``, ``code``, ``service_error_code``, ``request_id``), never at the message text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

try:
    from airflow.sdk.exceptions import AirflowException, AirflowFailException
except ImportError:  # pragma: no cover - Airflow before the Task SDK exported them
    from airflow.exceptions import AirflowException, AirflowFailException  # type: ignore[no-redef]

if TYPE_CHECKING:
    from maton_linkedin_provider.linkedin.retry import Failure

__all__ = [
    "LinkedInAPIError",
    "LinkedInAmbiguousWriteError",
    "LinkedInAuthError",
    "LinkedInDuplicatePostError",
    "LinkedInError",
    "LinkedInInputError",
    "LinkedInMediaProcessingError",
    "LinkedInNotFoundError",
    "LinkedInRateLimitError",
    "LinkedInServerError",
    "LinkedInTokenRefreshError",
    "LinkedInTransportError",
    "MatonConnectionError",
    "error_from_response",
]


class LinkedInError(AirflowException):
    """Root of every error this provider raises."""


class LinkedInInputError(LinkedInError, ValueError):
    """Bad input found before any request was sent: nothing was spent, nothing half-created.

    :param field: the parameter or connection field at fault.
    :param message: what is wrong with it.
    :param fix: what to do instead.
    """

    def __init__(self, field: str, message: str, fix: str | None = None) -> None:
        self.field = field
        self.message = message
        self.fix = fix
        text = f"{field}: {message}"
        if fix:
            text += f" Fix: {fix}"
        super().__init__(text)


class LinkedInMediaProcessingError(LinkedInError, AirflowFailException):
    """LinkedIn could not process an uploaded image, video or document (``PROCESSING_FAILED``).

    An ``AirflowFailException``: the task fails at once, since retrying cannot fix the file.
    """

    def __init__(self, urn: str, reason: str | None, status: str = "PROCESSING_FAILED") -> None:
        self.urn = urn
        self.reason = reason
        self.media_status = status
        super().__init__(
            f"LinkedIn could not process {urn}: status {status}"
            + (f", reason {reason}" if reason else "")
            + ". Upload a valid file again (MP4 for videos; JPEG, PNG or GIF for images; PDF, PPT(X) or"
            " DOC(X) for documents)."
        )


class LinkedInTokenRefreshError(LinkedInError, AirflowFailException):
    """LinkedIn's OAuth endpoint refused a direct-mode refresh (``invalid_grant``: expired or revoked;
    ``invalid_client``: wrong client id or secret).

    An ``AirflowFailException``: retrying the task cannot fix it, a person must re-authorize. The
    message names the connection and the fix, never a secret.

    :param status: the token endpoint's HTTP status. :param code: its ``error`` (``invalid_grant``...).
    """

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        self.status = status
        self.code = code
        super().__init__(message)


class LinkedInAPIError(LinkedInError):
    """LinkedIn or the Maton gateway answered with an error status.

    :param status: the HTTP status.
    :param method: the HTTP method of the request.
    :param path: the request path (and query), never the key.
    :param code: LinkedIn's or Maton's constant error code (``ACCESS_DENIED``, ``NONEXISTENT_VERSION``...).
    :param service_error_code: LinkedIn's numeric ``serviceErrorCode``.
    :param service_message: the service's own ``message``.
    :param request_id: LinkedIn's request id (``x-li-uuid``), to quote to support.
    :param hint: what the user should do.
    :param input_errors: field paths and codes from ``errorDetails.inputErrors``.
    """

    default_hint = ""

    def __init__(
        self,
        status: int,
        method: str,
        path: str,
        *,
        code: str | None = None,
        service_error_code: int | None = None,
        service_message: str | None = None,
        request_id: str | None = None,
        hint: str | None = None,
        input_errors: list[str] | None = None,
    ) -> None:
        self.status = status
        self.method = method
        self.path = path
        self.code = code
        self.service_error_code = service_error_code
        self.service_message = service_message
        self.request_id = request_id
        self.hint = hint if hint is not None else self.default_hint
        self.input_errors = input_errors or []
        super().__init__(self._render())

    def _render(self) -> str:
        said = " ".join(
            part
            for part in (
                f"[{self.code}]" if self.code else "",
                f"(serviceErrorCode {self.service_error_code})" if self.service_error_code else "",
                self.service_message or "",
            )
            if part
        )
        text = f"{self.title()}: {self.method} {self.path} -> HTTP {self.status}"
        if said:
            text += f": {said}"
        if self.input_errors:
            text += ". Fields: " + "; ".join(self.input_errors)
        if self.hint:
            text += f". {self.hint}"
        if self.request_id:
            text += f" (request id {self.request_id})"
        return text

    def title(self) -> str:
        return "LinkedIn API error"


class LinkedInAuthError(LinkedInAPIError):
    """401 (key or token refused) or 403 (missing OAuth scope or role)."""

    def title(self) -> str:
        return "LinkedIn refused the credentials" if self.status == 401 else "LinkedIn denied access"


class LinkedInNotFoundError(LinkedInAPIError):
    """404: the object does not exist, or the app lacks the LinkedIn product for this API."""

    default_hint = (
        "Check the id or URN. LinkedIn also answers 404 when the app behind the connection lacks the "
        "API product (Ad Library, Community Management...)."
    )

    def title(self) -> str:
        return "Not found on LinkedIn"


class LinkedInDuplicatePostError(LinkedInAPIError):
    """422 DUPLICATE_POST: LinkedIn already has a recent post by this author with this content.

    :ivar existing_urn: the post LinkedIn names ("Content is a duplicate of urn:li:share:..."), or
        ``None`` if the message named none. It can be a "ghost" that answers 404 (a deleted post).
    :ivar ghost: set by the hook when it looked the named post up and it answered 404.
    """

    def __init__(
        self, *args: Any, existing_urn: str | None = None, ghost: bool = False, **kwargs: Any
    ) -> None:
        self.existing_urn = existing_urn
        self.ghost = ghost
        if kwargs.get("hint") is None:
            kwargs["hint"] = _duplicate_hint(existing_urn, ghost)
        super().__init__(*args, **kwargs)

    def title(self) -> str:
        return "LinkedIn already has this post"


def _duplicate_hint(existing: str | None, ghost: bool) -> str:
    if existing and ghost:
        return (
            f"LinkedIn names {existing}, which no longer exists (a deleted post LinkedIn still counts for "
            "its duplicate check, about a day). Change the commentary to post it again"
        )
    where = f"{existing} (https://www.linkedin.com/feed/update/{existing}/)" if existing else "a recent post"
    return (
        f"LinkedIn refuses to publish the same content by the same author twice within about a day; the "
        f"existing post is {where}. Change the commentary, or set if_duplicate='return_existing' on "
        "LinkedInCreatePostOperator (hook.create_post(if_duplicate=...)) to use the existing post"
    )


class LinkedInRateLimitError(LinkedInAPIError):
    """429: throttled by LinkedIn (daily quotas reset at midnight UTC) or by Maton (10 requests/s)."""

    def __init__(self, *args: Any, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(*args, **kwargs)

    def title(self) -> str:
        return "Rate limited"


class LinkedInServerError(LinkedInAPIError):
    """5xx from LinkedIn or the gateway."""

    default_hint = (
        "A server-side failure. Through Maton a 500 often means the LinkedIn authorization expired: "
        "re-authorize the connection at maton.ai. Retried within the connection's max_retries budget."
    )

    def title(self) -> str:
        return "LinkedIn server error"


class MatonConnectionError(LinkedInAPIError):
    """The Maton gateway has no ACTIVE LinkedIn connection for this key (or the one named is not ACTIVE)."""

    default_hint = (
        "Authorize a LinkedIn connection in Maton (hook.create_maton_connection() or "
        "https://maton.ai, then open the returned url), and set extra 'maton_connection' to its id "
        "when the key has several."
    )

    def title(self) -> str:
        return "No usable Maton LinkedIn connection"


class LinkedInTransportError(LinkedInError):
    """The connection failed (refused, reset, timed out) and the retries allowed did not help.

    :param method: the HTTP method.
    :param path: the request path.
    :param reason: what the network layer said (never the key).
    :param failure: :attr:`Failure.NOT_SENT <maton_linkedin_provider.linkedin.retry.Failure>` when the
        request provably never left (connection refused, connect timeout), ``Failure.AMBIGUOUS``
        when it may have been applied (reset, read timeout, broken response).
    :param timed_out: the response did not come in time (the service may still be applying it).
    """

    def __init__(
        self, method: str, path: str, reason: str, *, failure: Failure, timed_out: bool = False
    ) -> None:
        self.method = method
        self.path = path
        self.reason = reason
        self.failure = failure
        self.timed_out = timed_out
        super().__init__(
            f"Could not reach LinkedIn: {method} {path}: {reason}. Check the connection's host and the "
            "network; raise extra 'timeout' for slow links."
        )

    @property
    def maybe_sent(self) -> bool:
        """``False`` when the request provably never left; kept for callers written before ``failure``."""
        return self.failure != "not_sent"  # Failure is a str enum; this module imports nothing of ours


class LinkedInAmbiguousWriteError(LinkedInError):
    """A create may or may not have reached LinkedIn; it was not sent again, to avoid a duplicate.

    :param method: the HTTP method.
    :param path: the request path.
    :param reason: the failure (a status or a network error).
    """

    def __init__(self, method: str, path: str, reason: str) -> None:
        self.method = method
        self.path = path
        self.reason = reason
        super().__init__(
            f"Create outcome unknown: {method} {path} failed after it was sent ({reason}). LinkedIn has no "
            "idempotency key, so it was not repeated: check on LinkedIn whether the object exists before "
            "running the task again."
        )


# --- the one status -> class table --------------------------------------------------------------

_STATUS_CLASSES: dict[int, type[LinkedInAPIError]] = {
    401: LinkedInAuthError,
    403: LinkedInAuthError,
    404: LinkedInNotFoundError,
    410: LinkedInNotFoundError,
    429: LinkedInRateLimitError,
}

_DUPLICATE_OF = re.compile(r"duplicate of (urn:li:[A-Za-z]+:[0-9A-Za-z_-]+)")

_MATON_CONNECTION_CODES = frozenset({"CONNECTION_NOT_FOUND", "NO_CONNECTION", "CONNECTION_NOT_ACTIVE"})
_CONNECTION_TEXT = re.compile(r"\bconnection\b", re.IGNORECASE)

# Which OAuth scope a 403 on a path most likely lacks.
_SCOPE_HINTS: tuple[tuple[str, str], ...] = (
    ("/adAnalytics", "r_ads_reporting (Maton's LinkedIn app may not list it)"),
    ("/adAccounts", "r_ads to read, rw_ads to change ad accounts, campaign groups and campaigns"),
    ("/adTargeting", "r_ads"),
    ("/organizationalEntityShareStatistics", "r_organization_social (and the ADMINISTRATOR role)"),
    ("/organization", "r_organization_social (and a role on the page)"),
    ("/posts", "w_member_social (as a member) or w_organization_social (as an organization)"),
    ("/images", "w_member_social or w_organization_social"),
    ("/videos", "w_member_social or w_organization_social"),
    ("/documents", "w_member_social or w_organization_social"),
)


def _class_for(
    status: int, code: str | None, service_error_code: int | None, message: str, input_codes: list[str]
) -> type[LinkedInAPIError]:
    if status == 422 and ("DUPLICATE_POST" in input_codes or code == "DUPLICATE_POST"):
        return LinkedInDuplicatePostError
    if status == 400 and (
        (code or "") in _MATON_CONNECTION_CODES
        or (service_error_code is None and code is None and bool(_CONNECTION_TEXT.search(message)))
    ):
        return MatonConnectionError
    if status in _STATUS_CLASSES:
        return _STATUS_CLASSES[status]
    if status >= 500:
        return LinkedInServerError
    return LinkedInAPIError


#: A 403 on a post whose media someone else owns (the author is the post's, when the message names it).
_FOREIGN_MEDIA = re.compile(r"\bown(?:s|ed|er)\b", re.IGNORECASE)
_POST_AUTHOR = re.compile(r"post by (urn:li:[A-Za-z]+:[0-9A-Za-z_-]+)")


def _media_owner_hint(message: str) -> str:
    found = _POST_AUTHOR.search(message)
    author = found.group(1) if found else "<the post's author>"
    return (
        f"A post can only use media its author owns: upload it with owner_urn={author} "
        "(the upload operators' argument; owner= on the hook's upload_* methods)."
    )


def _hint(
    status: int, path: str, conn_id: str, direct: bool, version: str | None, message: str = ""
) -> str | None:
    """What to do, by status. ``None`` keeps the class's default hint."""
    if status == 403 and path.rstrip("/").endswith("/posts") and _FOREIGN_MEDIA.search(message):
        return _media_owner_hint(message)
    if status == 401:
        if direct:
            return f"Check the LinkedIn access token (password) of connection '{conn_id}'; tokens expire."
        return f"Check the Maton API key (password field) of connection '{conn_id}'."
    if status == 403:
        scope = next((s for prefix, s in _SCOPE_HINTS if prefix in path), None)
        text = "The member or app lacks a permission"
        if scope:
            text += f": this call needs the OAuth scope {scope}"
        return text + ". Re-authorize the connection with that scope, or use an account with the role."
    if status == 426:
        return (
            f"LinkedIn-Version {version} is not active (versions sunset after about a year). Set "
            "'linkedin_version' (connection extra or operator argument) to a current YYYYMM."
        )
    if status == 429:
        return (
            "LinkedIn's daily quotas reset at midnight UTC and Maton allows 10 requests a second; "
            "retries were bounded by max_retries. Try again later or lower the DAG's concurrency."
        )
    if status == 411:
        return "A POST needs a body or Content-Length: 0."
    if status == 414:
        return "The URL is too long; the hook tunnels long queries, so report this as a bug."
    return None


def _input_errors(body: dict[str, Any]) -> list[str]:
    details = body.get("errorDetails")
    if not isinstance(details, dict):
        return []
    out = []
    for err in details.get("inputErrors") or []:
        if not isinstance(err, dict):
            continue
        inp = err.get("input") or {}
        field = (inp.get("inputPath") or {}).get("fieldPath") if isinstance(inp, dict) else None
        out.append(
            " ".join(str(x) for x in (field, err.get("code"), err.get("description")) if x is not None)
        )
    return out


def error_from_response(
    status: int,
    body: Any,
    *,
    method: str,
    path: str,
    conn_id: str,
    request_id: str | None = None,
    retry_after: float | None = None,
    direct: bool = False,
    version: str | None = None,
) -> LinkedInAPIError:
    """Build the error for one failed response: the only place that maps a status to a class.

    :param body: the parsed JSON body (LinkedIn's or Maton's shape), or the raw text.
    """
    if not isinstance(body, dict):
        body = {"message": str(body)[:300]} if body else {}
    nested = body.get("error")
    if isinstance(nested, dict):  # tolerate {"error": {"code", "message"}} from the gateway
        body = {**nested, **{k: v for k, v in body.items() if k != "error"}}
    elif isinstance(nested, str) and "message" not in body:
        body = {**body, "message": nested}
    code = body.get("code") if isinstance(body.get("code"), str) else None
    sec = body.get("serviceErrorCode")
    service_error_code = sec if isinstance(sec, int) else None
    message = str(body.get("message") or "")
    details = body.get("errorDetails")
    input_codes = [
        str(err.get("code"))
        for err in ((details.get("inputErrors") or []) if isinstance(details, dict) else [])
        if isinstance(err, dict)
    ]
    cls = _class_for(status, code, service_error_code, message, input_codes)
    kwargs: dict[str, Any] = {
        "code": code,
        "service_error_code": service_error_code,
        "service_message": message or None,
        "request_id": request_id,
        "hint": _hint(status, path, conn_id, direct, version, message),
        "input_errors": _input_errors(body),
    }
    if cls is MatonConnectionError:
        kwargs["hint"] = None
    if cls is LinkedInRateLimitError:
        return LinkedInRateLimitError(status, method, path, retry_after=retry_after, **kwargs)
    if cls is LinkedInDuplicatePostError:
        found = _DUPLICATE_OF.search(message)
        kwargs["hint"] = None
        return LinkedInDuplicatePostError(
            status, method, path, existing_urn=found.group(1) if found else None, **kwargs
        )
    return cls(status, method, path, **kwargs)
