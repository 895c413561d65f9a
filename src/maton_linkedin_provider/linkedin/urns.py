"""LinkedIn URNs (``urn:li:{entity_type}:{id}``): parsing, validation and building.

Known entity types are checked strictly (an organization id is digits, a country two letters);
unknown types are accepted leniently (any id without whitespace, compound ids such as
``(urn:li:person:abc,123)`` included) so that new LinkedIn entities need no code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote, unquote

from maton_linkedin_provider.linkedin.errors import InvalidValue, check_unicode, shown

if TYPE_CHECKING:
    from collections.abc import Collection

#: Entity types of a post (``x-restli-id`` of a created post is one of them).
POST_TYPES = ("share", "ugcPost")
#: Entity types that a post's ``content.media.id`` may name.
MEDIA_TYPES = ("image", "video", "document")
#: Entity types that may author a post or be mentioned in one.
AUTHOR_TYPES = ("person", "organization")

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_DIGITS = re.compile(r"[0-9]+")
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
_ALNUM = re.compile(r"[A-Za-z0-9]+")
_COUNTRY = re.compile(r"[A-Za-z]{2}")
_LENIENT = re.compile(r"[^\s\x00-\x1f\x7f]+")


class _Rule(NamedTuple):
    pattern: re.Pattern[str]
    expected: str
    example: str


_NUMBER = _Rule(_DIGITS, "digits only", "123456")
_ASSET = _Rule(_TOKEN, "letters, digits, '-' and '_'", "C5505AQH-oV1qvnFtKA")

_ID_RULES: dict[str, _Rule] = {
    "person": _Rule(_TOKEN, "letters, digits, '-' and '_'", "AbC123-x_Y"),
    "organization": _NUMBER,
    "organizationBrand": _NUMBER,
    "share": _NUMBER,
    "ugcPost": _NUMBER,
    "sponsoredAccount": _NUMBER,
    "sponsoredCampaign": _NUMBER,
    "sponsoredCampaignGroup": _NUMBER,
    "sponsoredCreative": _NUMBER,
    "image": _ASSET,
    "video": _ASSET,
    "document": _ASSET,
    "digitalmediaAsset": _ASSET,
    "country": _Rule(_COUNTRY, "two letters", "us"),
    "adTargetingFacet": _Rule(_ALNUM, "letters and digits", "locations"),
}

#: Known entity types whose id is a number: these also accept a bare id in :func:`coerce_urn`.
NUMERIC_TYPES = frozenset(name for name, rule in _ID_RULES.items() if rule is _NUMBER)


@dataclass(frozen=True, slots=True)
class Urn:
    """A parsed URN. The constructor does not validate: use :func:`parse_urn` or :func:`build_urn`.

    :param namespace: ``"li"`` for LinkedIn entities.
    :param entity_type: ``person``, ``organization``, ``share``, ``sponsoredCampaign``...
    :param id: the id part, possibly compound (``(a,b)``).
    """

    namespace: str
    entity_type: str
    id: str

    def __str__(self) -> str:
        return f"urn:{self.namespace}:{self.entity_type}:{self.id}"

    @property
    def encoded(self) -> str:
        """The URN percent-encoded whole, for a path segment or query value: ``urn%3Ali%3Ashare%3A1``."""
        return quote(str(self), safe="")


def _article(word: str) -> str:
    return "an" if word[:1] in "aeioAEIO" else "a"


def _describe(types: Collection[str]) -> str:
    """``"a person or organization"``, ``"an image, video or document"``."""
    names = list(types)
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"{_article(names[0])} {text}"


def _forms(types: Collection[str]) -> str:
    """``"urn:li:person:{id} or urn:li:organization:{id}"``."""
    forms = [f"urn:li:{name}:{{id}}" for name in types]
    return forms[0] if len(forms) == 1 else ", ".join(forms[:-1]) + " or " + forms[-1]


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _check_id(namespace: str, entity_type: str, id_: str, value: str, field: str) -> None:
    """Raise :class:`InvalidValue` unless ``id_`` is a valid id of ``entity_type``."""
    check_unicode(value, field)
    if not id_:
        raise InvalidValue(
            field, f"{shown(value)} has an empty id.", f"use urn:{namespace}:{entity_type}:{{id}}"
        )
    rule = _ID_RULES.get(entity_type) if namespace == "li" else None
    if rule is not None:
        if not rule.pattern.fullmatch(id_):
            raise InvalidValue(
                field,
                f"{shown(value)} has an invalid {entity_type} id {shown(id_)}: expected {rule.expected}.",
                f"use urn:li:{entity_type}:{{id}}, e.g. urn:li:{entity_type}:{rule.example}",
            )
    elif not (_LENIENT.fullmatch(id_) and _balanced(id_)):
        raise InvalidValue(
            field,
            f"{shown(value)} has an invalid id {shown(id_)}: whitespace, control characters and unbalanced "
            "parentheses are not allowed.",
        )


def parse_urn(value: str | Urn, *, field: str = "urn", types: Collection[str] | None = None) -> Urn:
    """Parse and validate a URN string.

    :param value: ``urn:li:{entity_type}:{id}`` (an :class:`Urn` is re-validated).
    :param field: the user's parameter, named in the error.
    :param types: the entity types allowed here (namespace ``li``); any type when ``None``.
    :raises InvalidValue: when the value is empty, padded with whitespace, percent-encoded, not a
        URN, of another type, or has an id that its type does not allow.
    """
    if isinstance(value, Urn):
        value = str(value)
    if not isinstance(value, str):
        raise InvalidValue(field, f"expected a URN string, got {type(value).__name__}.")
    wanted = f"use {_forms(types)}" if types else "use urn:li:{type}:{id}"
    if not value:
        raise InvalidValue(field, "is empty.", wanted)
    if value != value.strip():
        raise InvalidValue(field, f"{shown(value)} has leading or trailing whitespace.", "remove it")
    if value[:6].lower() == "urn%3a":
        raise InvalidValue(field, f"{shown(value)} is percent-encoded.", f"pass it decoded: {unquote(value)}")
    parts = value.split(":", 3)
    if len(parts) != 4 or parts[0] != "urn" or not _NAME.fullmatch(parts[1]) or not _NAME.fullmatch(parts[2]):
        expected = f"{_describe(types)} URN" if types else "a URN"
        raise InvalidValue(field, f"{shown(value)} is not {expected}.", wanted)
    _, namespace, entity_type, id_ = parts
    if types and (namespace != "li" or entity_type not in types):
        raise InvalidValue(field, f"{shown(value)} is not {_describe(types)} URN.", wanted)
    _check_id(namespace, entity_type, id_, value, field)
    return Urn(namespace, entity_type, id_)


def build_urn(entity_type: str, id: str | int, *, field: str = "id") -> Urn:
    """Build a validated ``urn:li:{entity_type}:{id}``.

    :param entity_type: the entity type (``sponsoredCampaign``...).
    :param id: the id; a non-negative int for numeric types.
    :param field: the user's parameter, named in the error.
    :raises InvalidValue: when the type name or the id is invalid.
    """
    if not isinstance(entity_type, str) or not _NAME.fullmatch(entity_type):
        raise InvalidValue(field, f"{shown(entity_type)} is not a URN entity type.")
    if isinstance(id, bool) or not isinstance(id, (str, int)):
        raise InvalidValue(field, f"expected a {entity_type} id, got {type(id).__name__}.")
    id_ = _id_text(id, field)
    _check_id("li", entity_type, id_, f"urn:li:{entity_type}:{id_}", field)
    return Urn("li", entity_type, id_)


def _id_text(id: str | int, field: str) -> str:
    """``str(id)``; an int past Python's 4,300-digit conversion limit is no LinkedIn id."""
    try:
        return str(id)
    except ValueError:
        raise InvalidValue(field, f"{shown(id)} is too large to be an id.") from None


def coerce_urn(value: str | int | Urn, entity_type: str, *, field: str) -> Urn:
    """A URN of ``entity_type`` from a full URN, or from a bare id for numeric types.

    ``123``, ``"123"`` and ``"urn:li:sponsoredCampaign:123"`` all give
    ``urn:li:sponsoredCampaign:123`` for ``entity_type="sponsoredCampaign"``.

    :param value: a URN (string or :class:`Urn`) or, for numeric types, the id alone.
    :param entity_type: the expected entity type.
    :param field: the user's parameter, named in the error.
    :raises InvalidValue: for anything else.
    """
    numeric = entity_type in NUMERIC_TYPES
    fix = f"use urn:li:{entity_type}:{{id}}" + (" or the number alone" if numeric else "")
    if isinstance(value, Urn):
        if value.namespace != "li" or value.entity_type != entity_type:
            raise InvalidValue(field, f"'{value}' is not {_describe((entity_type,))} URN.", fix)
        _check_id("li", entity_type, value.id, str(value), field)
        return value
    if isinstance(value, str) and value.startswith("urn:"):
        return parse_urn(value, field=field, types=(entity_type,))
    if numeric and not isinstance(value, bool):
        if isinstance(value, int) and value >= 0:
            return Urn("li", entity_type, _id_text(value, field))
        if isinstance(value, str) and _DIGITS.fullmatch(value):
            return Urn("li", entity_type, value)
    what = f"{_describe((entity_type,))} URN" + (" or id" if numeric else "")
    raise InvalidValue(field, f"{shown(value)} is not {what}.", fix)


def urn_id(value: str | int | Urn, entity_type: str, *, field: str) -> str:
    """The id part of a URN or bare id of ``entity_type`` (``"urn:li:sponsoredCampaign:123"`` -> ``"123"``).

    :raises InvalidValue: as :func:`coerce_urn`.
    """
    return coerce_urn(value, entity_type, field=field).id


def post_url(urn: str | Urn, *, field: str = "post") -> str:
    """The public link of a post: ``https://www.linkedin.com/feed/update/{urn}/``.

    :raises InvalidValue: unless ``urn`` is a share or ugcPost URN.
    """
    return f"https://www.linkedin.com/feed/update/{parse_urn(urn, field=field, types=POST_TYPES)}/"
