"""The one error the protocol helpers raise: a value the caller gave cannot be sent as it is.

The helpers are pure Python and know nothing of Airflow; the hook turns :class:`InvalidValue`
into the provider's ``LinkedInInputError`` with the same ``field``, ``message`` and ``fix``.
"""

from __future__ import annotations

from typing import Any


class InvalidValue(ValueError):
    """A value that fails validation before any request is sent.

    ``str(err)`` is ``"{field}: {message}"``, followed by ``" Fix: {fix}"`` when a fix is known.

    :param field: the parameter at fault, named as the user wrote it (``"author"``, ``"search.status"``).
    :param message: what is wrong with the value.
    :param fix: what to do instead, if known.
    """

    def __init__(self, field: str, message: str, fix: str | None = None) -> None:
        self.field = field
        self.message = message
        self.fix = fix
        text = f"{field}: {message}"
        if fix:
            text += f" Fix: {fix}"
        super().__init__(text)

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep the three arguments through pickling (task runners may ship exceptions between processes).
        return (type(self), (self.field, self.message, self.fix))


def lone_surrogate(text: str) -> int | None:
    """The index of the first lone surrogate (U+D800..U+DFFF) in ``text``, or ``None``.

    Such a code point is not Unicode text: it has no UTF-8 (or UTF-16) form, so it can be neither
    percent-encoded into a URL nor counted as LinkedIn counts. The builders refuse it with
    :class:`InvalidValue` naming the field, rather than replace it silently.
    """
    if text.isascii():
        return None
    for index, char in enumerate(text):
        if "\ud800" <= char <= "\udfff":
            return index
    return None


def check_unicode(text: str, field: str) -> None:
    """:raises InvalidValue: when ``text`` holds a lone surrogate (see :func:`lone_surrogate`)."""
    index = lone_surrogate(text)
    if index is not None:
        raise InvalidValue(
            field,
            f"holds a lone surrogate (U+{ord(text[index]):04X} at position {index}), "
            "which is not Unicode text.",
            "fix the text's decoding (e.g. bytes.decode('utf-8', errors='replace'))",
        )


def shown(value: Any, limit: int = 120) -> str:
    """``repr(value)`` for an error message: cut at ``limit`` characters, and never failing itself.

    ``repr`` of an int past Python's 4,300-digit conversion limit raises ``ValueError``; such a
    number is shown by its size instead.
    """
    try:
        text = repr(value)
    except ValueError:
        if isinstance(value, int):
            return f"<an integer of about {int(value.bit_length() * 0.30103) + 1} digits>"
        return f"<a {type(value).__name__} that cannot be shown>"
    return text if len(text) <= limit else text[: limit - 3] + "..."
