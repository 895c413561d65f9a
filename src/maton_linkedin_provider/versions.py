"""The ``linkedin_version`` setting's syntax: ``YYYYMM``, ``YYYYMM.RR`` or ``latest``.

A module of its own (only ``re`` and the exceptions) so that an operator can check a literal
version when its DAG is parsed without importing the hook's settings.
"""

from __future__ import annotations

import re
from typing import Any

from maton_linkedin_provider.constants import DEFAULT_LINKEDIN_VERSION
from maton_linkedin_provider.exceptions import LinkedInInputError

#: The ``linkedin_version`` value that resolves to the newest version LinkedIn serves.
LATEST = "latest"

_VERSION_RE = re.compile(r"^(\d{4})(0[1-9]|1[0-2])(\.\d{2})?$")


def check_version(version: Any, field_name: str = "linkedin_version") -> str:
    """Return ``version`` as a string if it is ``YYYYMM``, ``YYYYMM.RR`` or ``latest``, else raise."""
    text = str(version).strip() if version is not None else ""
    if text.lower() == LATEST:
        return LATEST
    if not _VERSION_RE.match(text):
        raise LinkedInInputError(
            field_name,
            f"{version!r} is not a LinkedIn version.",
            f"use YYYYMM (e.g. {DEFAULT_LINKEDIN_VERSION}), YYYYMM.RR, or 'latest' (the newest version "
            "LinkedIn serves, found by stepping back from the current month).",
        )
    return text
