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
