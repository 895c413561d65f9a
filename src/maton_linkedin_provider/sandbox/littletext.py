"""The sandbox's own Little Text Format reader (independent of the client's escaper on purpose).

What LinkedIn does with a post's ``commentary``: reserved characters ``\\ | { } @ [ ] ( ) < > # * _ ~``
must be backslash-escaped to be text. Valid markup stays as is: mentions
``@[Display Name](urn:li:person:ID)`` / ``@[Name](urn:li:organization:ID)`` and hashtag templates
``{hashtag|\\#|Tag}`` (also ``{hashtag|#|Tag}`` and the full-width sign U+FF03). An unescaped reserved
character anywhere else is not an error: the post is created and its text is silently CUT at that
character. A backslash before a character that is not reserved is itself an unescaped ``\\``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

RESERVED = frozenset("\\|{}@[]()<>#*_~")

_TEXT_CHAR = r"(?:[^\\|{}@\[\]()<>#*_~]|\\[\\|{}@\[\]()<>#*_~])"
_MENTION = re.compile(
    rf"@\[(?P<name>{_TEXT_CHAR}+)\]"
    r"\((?P<urn>urn:li:person:[A-Za-z0-9_-]+|urn:li:organization:[1-9][0-9]*)\)"
)
_HASHTAG = re.compile(r"\{hashtag\|\\?[#\uff03]\|(?P<tag>\w+)\}")


@dataclass
class LittleText:
    """What LinkedIn keeps of a commentary.

    :ivar stored: the commentary as stored (and returned by GET): ``sent`` cut at ``cut_at``.
    :ivar cut_at: index of the first unescaped reserved character, None when nothing is lost.
    :ivar mentions: ``(display name, URN)`` of the mentions kept.
    :ivar hashtags: tags of the hashtag templates kept.
    """

    sent: str
    stored: str
    cut_at: int | None = None
    mentions: list[tuple[str, str]] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)


def read(text: str) -> LittleText:
    """Scan ``text`` as LinkedIn does and return what it keeps."""
    mentions: list[tuple[str, str]] = []
    hashtags: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            if i + 1 < len(text) and text[i + 1] in RESERVED:
                i += 2
                continue
            return LittleText(text, text[:i], i, mentions, hashtags)
        if char == "@" and (m := _MENTION.match(text, i)):
            mentions.append((m.group("name"), m.group("urn")))
            i = m.end()
            continue
        if char == "{" and (m := _HASHTAG.match(text, i)):
            hashtags.append(m.group("tag"))
            i = m.end()
            continue
        if char in RESERVED:
            return LittleText(text, text[:i], i, mentions, hashtags)
        i += 1
    return LittleText(text, text, None, mentions, hashtags)


def stored_commentary(text: str) -> str:
    """The commentary LinkedIn stores for ``text`` (cut at the first unescaped reserved character)."""
    return read(text).stored
