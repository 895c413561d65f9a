"""Shared by the posts and media resources: LinkedIn-shaped validation errors, typed field readers,
the acting member and Rest.li batch GET bodies.

Field paths are Rest.li data paths without the leading slash (``content/media/id``); schema problems
(missing field, wrong type, unknown enum symbol or field) are 422, broken rules are 400.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from maton_linkedin_provider.sandbox import urns
from maton_linkedin_provider.sandbox.routing import ApiError, Request

if TYPE_CHECKING:
    from collections.abc import Callable

Json = dict[str, Any]


def field_error(status: int, path: str, code: str, description: str) -> ApiError:
    """A validation error naming the field, in LinkedIn's newer shape (``errorDetails.inputErrors``)."""
    return ApiError(
        status,
        code,
        f"ERROR :: /{path} :: {description}",
        service_error_code=100,
        details={
            "errorDetailType": "com.linkedin.common.error.BadRequest",
            "errorDetails": {
                "inputErrors": [
                    {"description": description, "input": {"inputPath": {"fieldPath": path}}, "code": code}
                ]
            },
        },
    )


def missing(path: str) -> ApiError:
    return field_error(
        422, path, "REQUIRED_FIELD_MISSING", "field is required but not found and has no default value"
    )


def access_denied(message: str) -> ApiError:
    return ApiError(403, "ACCESS_DENIED", message, service_error_code=100)


def acting_member(req: Request) -> str:
    """The id of the member the call acts for."""
    if req.member is None:
        raise ApiError(401, "INVALID_ACCESS_TOKEN", "No member for this token", service_error_code=65600)
    return str(req.member["id"])


def join(path: str, key: str) -> str:
    return f"{path}/{key}" if path else key


def no_unknown(rec: Json, allowed: frozenset[str], path: str) -> None:
    """Rest.li refuses fields its schema does not know (catches typos such as ``visibilty``)."""
    for key in rec:
        if key not in allowed:
            raise field_error(
                422, join(path, key), "UNRECOGNIZED_FIELD", "unrecognized field found but not allowed"
            )


def record(value: Any, path: str) -> Json:
    if value is None:
        raise missing(path)
    if not isinstance(value, dict):
        raise field_error(422, path, "INVALID_VALUE_FOR_FIELD", f"expected a record, got {value!r}")
    return value


def string(rec: Json, key: str, path: str, *, required: bool = False) -> str | None:
    value = rec.get(key)
    if value is None:
        if required:
            raise missing(join(path, key))
        return None
    if not isinstance(value, str):
        raise field_error(422, join(path, key), "INVALID_VALUE_FOR_FIELD", f"{value!r} is not a string")
    return value


def boolean(rec: Json, key: str, path: str, default: bool = False) -> bool:
    value = rec.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise field_error(422, join(path, key), "INVALID_VALUE_FOR_FIELD", f"{value!r} is not a boolean")
    return value


def enum(rec: Json, key: str, allowed: tuple[str, ...], path: str) -> str:
    value = string(rec, key, path, required=True)
    if value not in allowed:
        raise field_error(
            422,
            join(path, key),
            "INVALID_ENUM_VALUE",
            f'"{value}" is not an enum symbol (one of {", ".join(allowed)})',
        )
    return value


def array(rec: Json, key: str, path: str, low: int, high: int) -> list[Any]:
    value = rec.get(key)
    where = join(path, key)
    if value is None:
        raise missing(where)
    if not isinstance(value, list):
        raise field_error(422, where, "INVALID_VALUE_FOR_FIELD", "expected an array")
    if len(value) < low:
        raise field_error(
            400, where, "FIELD_ARRAY_SIZE_TOO_LOW", f"needs at least {low} items, got {len(value)}"
        )
    if len(value) > high:
        raise field_error(
            400, where, "FIELD_ARRAY_SIZE_TOO_HIGH", f"allows at most {high} items, got {len(value)}"
        )
    return value


def urn(value: Any, types: tuple[str, ...], path: str) -> str:
    """A required URN field of one of ``types`` (422 when missing or malformed)."""
    if value is None:
        raise missing(path)
    try:
        return str(urns.parse(value, *types))
    except urns.UrnError as exc:
        raise field_error(422, path, "INVALID_VALUE_FOR_FIELD", str(exc)) from None


def batch_get(ids: Any, lookup: Callable[[str], Json], what: str) -> Json:
    """A Rest.li BATCH_GET body: ``results`` and ``errors`` by id, ``statuses`` for every id."""
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ApiError(400, "INVALID_PARAM", f"ids must be List(<percent-encoded {what} URNs>)")
    body: Json = {"results": {}, "statuses": {}, "errors": {}}
    for key in ids:
        try:
            body["results"][key] = lookup(key)
            body["statuses"][key] = 200
        except ApiError as exc:
            body["statuses"][key] = exc.status
            body["errors"][key] = exc.body()
    return body
