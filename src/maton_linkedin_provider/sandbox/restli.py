"""The sandbox's own Rest.li 2.0 query decoder (independent of the client's encoder on purpose).

Grammar of a query value under protocol 2.0.0::

    value  := list | record | leaf
    list   := "List(" [value ("," value)*] ")"
    record := "(" [leaf ":" value ("," leaf ":" value)*] ")"
    leaf   := percent-encoded text without the reserved characters ( ) , : '

Leaves are percent-decoded exactly once; ``''`` is the empty string. The ``fields`` projection is
exempt: it stays a plain comma list. Rest.li 1.0 syntax (``a.b=`` or ``a[0]=``) is detected by key.
"""

from __future__ import annotations

import re
from typing import TypeAlias
from urllib.parse import unquote

RestliValue: TypeAlias = "str | list[RestliValue] | dict[str, RestliValue]"

#: Characters that must be percent-encoded inside a leaf.
RESERVED = frozenset("(),:'")
#: Query parameters exempt from Rest.li encoding (still 1.0 format at LinkedIn).
PLAIN_PARAMS = frozenset({"fields"})

_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class RestliDecodeError(ValueError):
    """A query value is not valid Rest.li 2.0; ``param`` names the query parameter when known."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param = param


class Restli1SyntaxError(RestliDecodeError):
    """A query key uses Rest.li 1.0 syntax (dot notation or indexed arrays)."""


def decode_leaf(text: str) -> str:
    """Percent-decode one leaf, refusing bad escapes and unencoded reserved characters."""
    if text == "''":
        return ""
    bad = sorted({c for c in text if c in RESERVED})
    if bad:
        raise RestliDecodeError(f"unencoded reserved character(s) {''.join(bad)!r} in {text!r}")
    if _BAD_PERCENT.search(text):
        raise RestliDecodeError(f"invalid percent-escape in {text!r}")
    try:
        return unquote(text, errors="strict")
    except UnicodeDecodeError:
        raise RestliDecodeError(f"percent-escapes in {text!r} are not valid UTF-8") from None


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, what: str) -> RestliDecodeError:
        return RestliDecodeError(f"{what} at position {self.pos} in {self.text!r}")

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            found = repr(self.peek()) if self.peek() else "end of value"
            raise self.fail(f"expected {char!r}, found {found}")
        self.pos += 1

    def leaf(self, stop: str) -> str:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in stop:
            self.pos += 1
        raw = self.text[start : self.pos]
        if raw.startswith("''") and raw != "''":
            raise self.fail("unexpected text after ''")
        try:
            return decode_leaf(raw)
        except RestliDecodeError as exc:
            raise self.fail(exc.message) from None

    def value(self, stop: str) -> RestliValue:
        if self.text.startswith("List(", self.pos):
            self.pos += len("List(")
            return self.list_items()
        if self.peek() == "(":
            self.pos += 1
            return self.record_items()
        return self.leaf(stop)

    def list_items(self) -> list[RestliValue]:
        items: list[RestliValue] = []
        if self.peek() == ")":
            self.pos += 1
            return items
        while True:
            if self.peek() in (",", ")"):
                raise self.fail("empty list element")
            items.append(self.value(",)"))
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect(")")
            return items

    def record_items(self) -> dict[str, RestliValue]:
        record: dict[str, RestliValue] = {}
        if self.peek() == ")":
            self.pos += 1
            return record
        while True:
            if self.peek() in ("(", ":", ",", ")"):
                raise self.fail("expected a record key")
            key = self.leaf(":,)(")
            self.expect(":")
            if key in record:
                raise self.fail(f"duplicate key {key!r}")
            record[key] = self.value(",)")
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect(")")
            return record


def decode(text: str) -> RestliValue:
    """Decode one Rest.li 2.0 query value (the text after ``=``, still percent-encoded)."""
    parser = _Parser(text)
    result = parser.value("")
    if parser.pos != len(text):
        raise parser.fail("unexpected trailing text")
    return result


def is_restli1_key(key: str) -> bool:
    """Whether a (decoded) query key uses Rest.li 1.0 syntax: ``a.b`` or ``a[0]``."""
    return "." in key or "[" in key or "]" in key


def split_query(query: str) -> list[tuple[str, str]]:
    """Split a raw query string into (decoded key, raw value) pairs, without decoding values."""
    pairs: list[tuple[str, str]] = []
    for part in query.split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        if _BAD_PERCENT.search(key):
            raise RestliDecodeError(f"invalid percent-escape in query key {key!r}")
        pairs.append((unquote(key), value))
    return pairs


def parse_query(query: str) -> dict[str, RestliValue]:
    """Decode a whole raw query string under protocol 2.0.0.

    :raises Restli1SyntaxError: a key uses 1.0 syntax (``param`` names it).
    :raises RestliDecodeError: a value is malformed or a key repeats (``param`` names it).
    """
    result: dict[str, RestliValue] = {}
    for key, raw in split_query(query):
        if is_restli1_key(key):
            raise Restli1SyntaxError(f"Query parameter {key!r} uses Rest.li 1.0 syntax", key)
        if key in result:
            raise RestliDecodeError(f"Query parameter {key!r} is repeated", key)
        if key in PLAIN_PARAMS:
            if _BAD_PERCENT.search(raw):
                raise RestliDecodeError(f"invalid percent-escape in {raw!r}", key)
            result[key] = unquote(raw)
            continue
        try:
            result[key] = decode(raw)
        except RestliDecodeError as exc:
            raise RestliDecodeError(
                f"Invalid value for query parameter {key!r}: {exc.message}", key
            ) from None
    return result
