"""Rest.li 2.0 URL encoding, as LinkedIn's ``/rest`` API expects with ``X-Restli-Protocol-Version: 2.0.0``.

Values nest freely: lists become ``List(a,b)``, records ``(key:value,...)``; primitives are
percent-encoded with ``quote(value, safe="")`` so that ``( ) , : '`` inside them never clash with
the literal structure. The result must go on the wire as built: an HTTP library that re-quotes it
breaks it.

>>> encode_query({"q": "search", "search": {"status": {"values": ["ACTIVE", "PAUSED"]}}})
'q=search&search=(status:(values:List(ACTIVE,PAUSED)))'
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any
from urllib.parse import quote

from maton_linkedin_provider.linkedin.errors import InvalidValue, check_unicode, lone_surrogate, shown
from maton_linkedin_provider.linkedin.urns import Urn

_SUPPORTED = "str, int, float, bool, None, list, tuple, dict, datetime.date, Urn or Raw"
#: Characters that would end or corrupt a ``fields`` projection sent unencoded.
_BAD_PROJECTION = re.compile(r"[\s&#+]")
_REDUCED = re.compile(r"%(2[89Cc7]|3[Aa])")
_REDUCED_CHARS = {"28": "(", "29": ")", "2c": ",", "2C": ",", "27": "'", "3a": ":", "3A": ":"}


#: Rest.li 2.0's empty string. Written as nothing, ``[""]`` would be ``List()`` (no values) and
#: ``["", "ACTIVE"]`` ``List(,ACTIVE)`` (refused with 400).
EMPTY_STRING = "''"


class Raw(str):
    """Text inserted into the URL exactly as given, unencoded: the escape hatch for syntax the encoder
    does not produce. The caller is responsible for it being valid Rest.li."""

    __slots__ = ()


class _Unencodable(Exception):
    """Internal: carries the failure up the nesting, collecting the path (``.status.values[1]``)."""

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.where = ""


def encode(value: Any, *, field: str = "value") -> str:
    """Rest.li 2.0 URL form of ``value``.

    ``None`` -> ``""``; bools -> ``true``/``false``; numbers -> ``str()``; strings and :class:`Urn` ->
    percent-encoded (``%20`` for a space, never ``+``), the empty string as ``''``; lists and
    tuples -> ``List(...)``; mappings -> ``(key:value,...)`` in the mapping's own order, ``None``
    values left out; :class:`datetime.date` -> ``(year:2026,month:1,day:31)``; enums -> their
    value; :class:`Raw` -> as is.

    :param field: the parameter name used in errors (nested positions are appended to it).
    :raises InvalidValue: for unsupported types (sets, bytes, datetimes...), non-finite floats,
        ``None`` inside a list, empty or non-string record keys.
    """
    try:
        return _encode(value)
    except _Unencodable as err:
        raise InvalidValue(field + err.where, err.message, err.fix) from None
    except RecursionError:  # a list or record that holds itself, or nesting no query could carry
        raise InvalidValue(field, "is nested too deeply (or holds itself).") from None


def _encode(value: Any) -> str:
    if type(value) is str:  # the common case first
        return _encode_text(value)
    if isinstance(value, Raw):
        return str.__str__(value)
    if isinstance(value, Enum):
        return _encode(value.value)
    if isinstance(value, str):
        return _encode_text(str.__str__(value))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return _encode_int(value)
    if isinstance(value, float):
        return _encode_float(value)
    if isinstance(value, Urn):
        return _encode_text(str(value))
    if isinstance(value, Mapping):
        return _encode_record(value)
    if isinstance(value, (list, tuple)):
        return _encode_list(value)
    if isinstance(value, datetime):
        raise _Unencodable(
            f"a datetime ({shown(value)}) has no Rest.li form here.",
            "pass a datetime.date for a LinkedIn Date, or epoch milliseconds (int) for a timestamp",
        )
    if isinstance(value, date):
        return f"(year:{value.year},month:{value.month},day:{value.day})"
    raise _Unencodable(f"cannot encode a value of type {type(value).__name__}.", f"use {_SUPPORTED}")


def _encode_text(value: str) -> str:
    if not value:
        return EMPTY_STRING
    index = lone_surrogate(value)
    if index is not None:
        raise _Unencodable(
            f"holds a lone surrogate (U+{ord(value[index]):04X} at position {index}), which has no "
            "UTF-8 form to percent-encode.",
            "fix the text's decoding (e.g. bytes.decode('utf-8', errors='replace'))",
        )
    return quote(value, safe="")


def _encode_int(value: int) -> str:
    try:
        return int.__repr__(value)
    except ValueError:  # past Python's 4,300-digit conversion limit: no LinkedIn number is that long
        raise _Unencodable(f"{shown(value)} is too large a number.") from None


def _encode_float(value: float) -> str:
    if not math.isfinite(value):
        raise _Unencodable(f"{shown(value)} is not a finite number.")
    return quote(repr(value), safe="")  # '1e+16' must not reach the URL with a raw '+'


def _encode_record(value: Mapping[Any, Any]) -> str:
    items = []
    for key, item in value.items():
        if item is None:
            continue
        name = _encode_name(key)
        try:
            items.append(f"{name}:{_encode(item)}")
        except _Unencodable as err:
            err.where = f".{key}{err.where}"
            raise
    return "(" + ",".join(items) + ")"


def _encode_name(key: Any) -> str:
    if isinstance(key, str) and key:
        return _encode(key)
    if isinstance(key, int) and not isinstance(key, bool):
        return _encode_int(key)
    raise _Unencodable(f"record key {shown(key)} is not a non-empty string.", "use string keys")


def _encode_list(value: list[Any] | tuple[Any, ...]) -> str:
    items = []
    for index, item in enumerate(value):
        if item is None:
            err = _Unencodable("None inside a list has no Rest.li form.", "remove it from the list")
            err.where = f"[{index}]"
            raise err
        try:
            items.append(_encode(item))
        except _Unencodable as err:
            err.where = f"[{index}]{err.where}"
            raise
    return "List(" + ",".join(items) + ")"


def encode_query(params: Mapping[str, Any] | None) -> str:
    """The query string (without ``?``) for ``params``, in their order: ``k=encode(v)`` joined by ``&``.

    ``None`` values are left out. Keys are percent-encoded. ``fields`` is the projection and stays
    unencoded: a list or tuple is joined with literal commas, a string passes through (an empty one
    is left out, as no projection).

    :raises InvalidValue: naming the parameter (and the position inside it) that cannot be encoded.
    """
    if not params:
        return ""
    if not isinstance(params, Mapping):
        raise InvalidValue("params", f"expected a dict of query parameters, got {type(params).__name__}.")
    parts = []
    for key, value in params.items():
        if value is None:
            continue
        if not isinstance(key, str) or not key:
            raise InvalidValue("params", f"parameter name {shown(key)} is not a non-empty string.")
        if key == "fields":
            projection = _encode_fields(value)
            if projection:
                parts.append("fields=" + projection)
            continue
        check_unicode(key, "params")
        parts.append(f"{quote(key, safe='')}={encode(value, field=key)}")
    return "&".join(parts)


def _encode_fields(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        if not all(isinstance(item, str) and item for item in value):
            raise InvalidValue("fields", "every projected field must be a non-empty string.")
        text = ",".join(value)
    elif isinstance(value, str):
        text = str.__str__(value)
    else:
        raise InvalidValue(
            "fields", f"expected a list of field names or a string, got {type(value).__name__}."
        )
    if not text.isascii():  # sent unencoded: LinkedIn's field names are ASCII
        raise InvalidValue(
            "fields", f"{shown(text)} holds non-ASCII characters.", "use names like id,name,status"
        )
    if _BAD_PROJECTION.search(text):
        raise InvalidValue(
            "fields", f"{shown(text)} contains whitespace, '&', '#' or '+'.", "use names like id,name,status"
        )
    return text


def encode_key(key: Any, *, field: str = "key") -> str:
    """A resource key for a URL path segment, encoded whole.

    ``urn:li:share:1`` -> ``urn%3Ali%3Ashare%3A1`` (``/`` too is escaped, so a key never adds a path
    segment); ``123`` -> ``123``; a compound key ``{"campaign": urn, "conversion": urn}`` ->
    ``(campaign:urn%3A...,conversion:urn%3A...)`` with the record structure literal.

    :raises InvalidValue: for an empty key, ``None``, a bool, a list, or anything :func:`encode` refuses.
    """
    if key is None or key == "" or isinstance(key, (bool, list, tuple)):
        raise InvalidValue(
            field, f"{shown(key)} is not a resource key.", "use an id, a URN or a compound-key dict"
        )
    if isinstance(key, Mapping) and not any(v is not None for v in key.values()):
        raise InvalidValue(field, "a compound key needs at least one part.")
    return encode(key, field=field)


def decode_reduced(value: str) -> str:
    """Undo Rest.li's reduced encoding (``x-restli-id`` and other headers): only ``%28 %29 %2C %3A %27``.

    Harmless on a value that was never encoded; anything else percent-encoded is left as it is.
    """
    if "%" not in value:
        return value
    return _REDUCED.sub(lambda match: _REDUCED_CHARS[match.group(1)], value)
