"""The one translation of bad input: the protocol helpers' ``InvalidValue`` becomes ``LinkedInInputError``.

``linkedin/`` knows nothing of Airflow and raises ``InvalidValue``; the hook and the operators
raise ``LinkedInInputError`` (an ``AirflowException``) with the same ``field``, ``message`` and
``fix``. Every place that turns one into the other uses :func:`input_errors`. Cheap to import (no
HTTP stack): operators use it at parse time.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

from maton_linkedin_provider.exceptions import LinkedInInputError
from maton_linkedin_provider.linkedin.errors import InvalidValue

if TYPE_CHECKING:
    from collections.abc import Iterator


def as_input_error(
    err: InvalidValue | LinkedInInputError, names: dict[str, str] | None = None
) -> LinkedInInputError:
    """``err`` as a :class:`LinkedInInputError`, its field renamed by ``names``."""
    field = err.field
    head = field.split(".", 1)[0].split("[", 1)[0]
    if names and head in names:
        field = names[head] + field[len(head) :]
    elif isinstance(err, LinkedInInputError):
        return err
    return LinkedInInputError(field, err.message, err.fix)


@contextmanager
def input_errors(**names: str) -> Iterator[None]:
    """Raise bad input inside the block as :class:`LinkedInInputError`, naming what the user wrote.

    :param names: renames of the field's first part, for where an operator's argument is called
        differently from the hook's (because Airflow's ``BaseOperator`` owns the hook's name:
        ``owner``, ``params``): ``input_errors(owner="owner_urn")``.
    """
    try:
        yield
    except (InvalidValue, LinkedInInputError) as err:
        translated = as_input_error(err, names)
        if translated is err:
            raise
        raise translated.with_traceback(err.__traceback__) from None
