"""The sandbox's one place for URN parsing (independent of the client's own URN code on purpose).

``urn:li:{type}:{id}``; ids are checked per type (organizations, shares and ugcPosts are numeric;
members and media assets use letters, digits, ``-`` and ``_``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PERSON = "person"
ORGANIZATION = "organization"
MEDIA_TYPES = ("image", "video", "document")
POST_TYPES = ("share", "ugcPost")
AUTHOR_TYPES = (PERSON, ORGANIZATION)

_URN = re.compile(r"urn:li:([A-Za-z][A-Za-z0-9]*):(\S+)")
_TOKEN_ID = re.compile(r"[A-Za-z0-9_-]+")
_NUMERIC_ID = re.compile(r"[1-9][0-9]*")
_ID_RULES: dict[str, re.Pattern[str]] = {
    PERSON: _TOKEN_ID,
    ORGANIZATION: _NUMERIC_ID,
    "image": _TOKEN_ID,
    "video": _TOKEN_ID,
    "document": _TOKEN_ID,
    "share": _NUMERIC_ID,
    "ugcPost": _NUMERIC_ID,
}


class UrnError(ValueError):
    """Not a URN, or not one of the expected types."""


@dataclass(frozen=True)
class Urn:
    type: str
    id: str

    def __str__(self) -> str:
        return f"urn:li:{self.type}:{self.id}"


def parse(value: object, *types: str) -> Urn:
    """Parse ``value`` as a URN whose type is one of ``types`` (any type when none are given).

    :raises UrnError: not a string, not ``urn:li:type:id``, a wrong type or a malformed id.
    """
    if not isinstance(value, str):
        raise UrnError(f"expected a URN string, got {type(value).__name__}")
    m = _URN.fullmatch(value)
    if m is None:
        raise UrnError(f"{value!r} is not a valid URN (urn:li:<type>:<id>)")
    urn = Urn(m.group(1), m.group(2))
    if types and urn.type not in types:
        raise UrnError(f"{value!r} is a {urn.type} URN; expected {' or '.join(types)}")
    rule = _ID_RULES.get(urn.type)
    if rule is not None and rule.fullmatch(urn.id) is None:
        raise UrnError(f"{value!r} has a malformed {urn.type} id")
    return urn


def try_parse(value: object, *types: str) -> Urn | None:
    """:func:`parse`, but None instead of an error."""
    try:
        return parse(value, *types)
    except UrnError:
        return None


def person(member_id: str) -> str:
    return f"urn:li:{PERSON}:{member_id}"


def organization(org_id: int | str) -> str:
    return f"urn:li:{ORGANIZATION}:{org_id}"
