r"""LinkedIn's Little Text Format, the syntax of a post's ``commentary``.

Every reserved character (``\ | { } @ [ ] ( ) < > # * _ ~``) must be backslash-escaped to appear as
text. An unescaped one is not refused: LinkedIn answers 201 and silently cuts the post there. So
user text is always escaped, and markup built here (:func:`mention`, :func:`hashtag`) is a
:class:`Markup` that the escaper leaves intact:

>>> print(compose("Thanks ", mention("Acme (EU)", "urn:li:organization:1"), "! ", hashtag("AI")))
Thanks @[Acme \(EU\)](urn:li:organization:1)! {hashtag|\#|AI}

The escaper also recognises that markup by its syntax (and leaves already-escaped characters
alone), so it is idempotent and markup survives a Jinja template: in a templated ``commentary``,
concatenate ``"Report for {{ ds }} " + mention(...)`` and let the operator escape after rendering.
"""

from __future__ import annotations

import re

from maton_linkedin_provider.linkedin.errors import InvalidValue, check_unicode, lone_surrogate, shown
from maton_linkedin_provider.linkedin.urns import AUTHOR_TYPES, Urn, parse_urn

#: Characters with a meaning in Little Text Format.
RESERVED = frozenset("\\|{}@[]()<>#*_~")
#: LinkedIn's limit on ``commentary``, in characters as sent (escapes included).
MAX_COMMENTARY = 3000

_RESERVED_CHAR = re.compile(r"[\\|{}@\[\]()<>#*_~]")
_ESCAPED = re.compile(r"\\([\\|{}@\[\]()<>#*_~])")
_HASHTAG_TEMPLATE = re.compile(r"\{hashtag\|\\?[#\uff03]\|([^{}|]+)\}")
_TAG = re.compile(r"\w+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Markup(str):
    """Text that is already valid Little Text Format: :func:`escape` and :func:`compose` keep it as is."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Markup({str.__repr__(self)})"


#: One token of commentary: a mention, a hashtag template, an existing escape, or a reserved character.
_TOKEN = re.compile(
    r"(?P<mention>@\[(?P<name>(?:\\.|[^\[\]\\\n])+)\]\((?P<urn>urn:li:(?:person|organization):[A-Za-z0-9_-]+)\))"
    r"|(?P<tag>\{hashtag\|\\?[#\uff03]\|(?P<word>\w+)\})"
    r"|(?P<esc>\\[\\|{}@\[\]()<>#*_~])"
    r"|(?P<res>[\\|{}@\[\]()<>#*_~])"
)


def escape(text: str) -> Markup:
    r"""Make ``text`` safe Little Text: backslash-escape every reserved character of plain text.

    Kept as they are: mentions ``@[Name](urn:li:person:..)`` / ``@[Name](urn:li:organization:..)``
    (their display name gets escaped) when :func:`mention` would build them (a non-blank one-line
    name, a valid URN, an organization id without leading zeros); near misses such as
    ``@[Acme](urn:li:organization:acme)`` are text and escaped whole, as LinkedIn's reading of a
    mention it cannot resolve is unconfirmed (the post could be cut there). Hashtag templates
    ``{hashtag|\#|Tag}`` with a :func:`hashtag` tag (``{hashtag|#|Tag}`` is normalised to the escaped
    form; any other brace text is escaped), and characters that are already backslash-escaped. So the
    function is idempotent: text escaped once, rendered by a template or carried through XCom, is
    not escaped twice. A :class:`Markup` is returned unchanged.
    """
    if isinstance(text, Markup):
        return text
    if not isinstance(text, str):
        raise InvalidValue("commentary", f"expected text, got {type(text).__name__}.")
    if not _RESERVED_CHAR.search(text):
        return Markup(text)
    return Markup(_TOKEN.sub(_escape_token, text))


def _escape_token(match: re.Match[str]) -> str:
    if match.group("mention"):
        if _mention_problem(unescape(match.group("name")), match.group("urn")) is not None:
            # Mention syntax LinkedIn cannot resolve: what it would do is unconfirmed (the sandbox
            # cuts the post there), so it is text, escaped whole.
            return _PLAIN.sub(_escape_plain_token, match.group())
        name = _TOKEN.sub(_escape_plain_token, match.group("name"))
        return f"@[{name}]({match.group('urn')})"
    if match.group("tag"):
        return f"{{hashtag|\\#|{match.group('word')}}}"
    if match.group("esc"):
        return match.group("esc")
    return "\\" + match.group("res")


#: Existing escapes and reserved characters only: for text that must not be read as markup.
_PLAIN = re.compile(r"(?P<esc>\\[\\|{}@\[\]()<>#*_~])|(?P<res>[\\|{}@\[\]()<>#*_~])")
#: An organization id LinkedIn can resolve: a positive number, written without leading zeros.
_ORGANIZATION_ID = re.compile(r"[1-9][0-9]*")


def _mention_problem(name: str, urn: str | Urn, field: str = "mention") -> InvalidValue | None:
    """Why ``@[name](urn)`` is not a mention LinkedIn can resolve (``None`` when it is one).

    The display name must be non-blank, on one line, without control characters; the URN a valid
    person or organization URN (:func:`~maton_linkedin_provider.linkedin.urns.parse_urn`'s strict
    rules), an organization id a positive number without leading zeros.
    """
    if not isinstance(name, str) or not name.strip():
        return InvalidValue(
            field, f"the display name {shown(name)} is empty.", "pass the member's or page's name"
        )
    if _CONTROL.search(name):
        return InvalidValue(
            field, f"the display name {shown(name)} contains a line break or control character."
        )
    if lone_surrogate(name) is not None:
        return InvalidValue(
            field, f"the display name {shown(name)} holds a lone surrogate, not Unicode text."
        )
    try:
        target = parse_urn(urn, field=field, types=AUTHOR_TYPES)
    except InvalidValue as err:
        return err
    if target.entity_type == "organization" and not _ORGANIZATION_ID.fullmatch(target.id):
        return InvalidValue(
            field,
            f"'{target}' has an organization id LinkedIn cannot resolve: a number without leading zeros.",
            "use the organization's id as LinkedIn gives it, e.g. urn:li:organization:2414183",
        )
    return None


def _escape_plain_token(match: re.Match[str]) -> str:
    """Inside a display name: no nested markup, only escapes."""
    whole = match.group()
    if match.group("esc"):
        return whole
    return "".join("\\" + c if c in RESERVED else c for c in whole)


def unescape(text: str) -> str:
    r"""Remove the backslash before each reserved character: the reverse of :func:`escape`.

    Markup is unescaped too (``{hashtag|\#|AI}`` becomes ``{hashtag|#|AI}``); meant for reading posts
    back and comparing them with the text that was sent.
    """
    if "\\" not in text:
        return str(text)
    return _ESCAPED.sub(r"\1", text)


def mention(name: str, urn: str | Urn, *, field: str = "mention") -> Markup:
    """A mention, ``@[Name](urn:li:organization:123)``; the display name is escaped.

    LinkedIn shows it as a mention only when the name matches the member's or page's name.

    :param name: the display name.
    :param urn: a person or organization URN.
    :raises InvalidValue: for an empty name or a URN of another kind, or one LinkedIn cannot
        resolve (an organization id with leading zeros).
    """
    problem = _mention_problem(name, urn, field)
    if problem is not None:
        raise problem
    shown = _PLAIN.sub(_escape_plain_token, name)  # a name holds no markup: all of it is text
    return Markup(f"@[{shown}]({parse_urn(urn, field=field, types=AUTHOR_TYPES)})")


def hashtag(tag: str, *, field: str = "hashtag") -> Markup:
    r"""A hashtag, ``{hashtag|\#|Tag}``. A leading ``#`` is dropped.

    :param tag: one word of letters, digits and underscores.
    :raises InvalidValue: for anything else (spaces, punctuation, empty).
    """
    if not isinstance(tag, str):
        raise InvalidValue(field, f"expected text, got {type(tag).__name__}.")
    word = tag[1:] if tag[:1] in ("#", "\uff03") else tag
    if not _TAG.fullmatch(word):
        raise InvalidValue(
            field,
            f"{shown(tag)} is not a hashtag: one word of letters, digits and underscores.",
            "drop spaces and punctuation, e.g. 'DataEngineering'",
        )
    return Markup(f"{{hashtag|\\#|{word}}}")


def compose(*parts: str) -> Markup:
    """Join parts into commentary: plain strings are escaped, :class:`Markup` is kept.

    :raises InvalidValue: when a part is not a string.
    """
    return Markup("".join([escape(part) for part in parts]))


def sent_length(text: str) -> int:
    """Length of the commentary as LinkedIn counts it: after escaping, in UTF-16 code units.

    Plain text is escaped first (a :class:`Markup` is taken as is). LinkedIn's validator is Java, so
    a character outside the Basic Multilingual Plane (most emoji) counts as two.

    :raises InvalidValue: for a lone surrogate (no UTF-16 form, so no length), naming ``commentary``.
    """
    return _sent_length(text, "commentary")


def _sent_length(text: str, field: str) -> int:
    sent = escape(text)
    check_unicode(sent, field)
    if sent.isascii():
        return len(sent)
    return len(sent.encode("utf-16-le")) // 2


def check_length(text: str, field: str = "commentary") -> None:
    """Refuse commentary longer than :data:`MAX_COMMENTARY` as sent (see :func:`sent_length`).

    :raises InvalidValue: with the length and the limit.
    """
    length = _sent_length(text, field)
    if length > MAX_COMMENTARY:
        raise InvalidValue(
            field,
            f"is {length} characters as sent, over LinkedIn's limit of {MAX_COMMENTARY} "
            "(backslash escapes of reserved characters count, and an emoji counts as two).",
            f"shorten it by at least {length - MAX_COMMENTARY} characters",
        )


def parse_hashtags(text: str) -> list[str]:
    r"""The tags of the hashtag templates in ``text``, in order.

    Accepts ``{hashtag|\#|Tag}``, ``{hashtag|#|Tag}`` and the full-width sign U+FF03 in place of ``#``.
    """
    return _HASHTAG_TEMPLATE.findall(text)
