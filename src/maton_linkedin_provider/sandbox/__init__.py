"""A local emulator of the Maton gateway + LinkedIn REST API (``python -m maton_linkedin_provider.sandbox``).

It imports nothing of the client (hooks, ``linkedin/``, exceptions): it decodes Rest.li on its own.

The names below load on first use, so importing the package (as pytest does for the
``maton_linkedin_sandbox`` plugin in every session) costs nothing until a sandbox is wanted.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from maton_linkedin_provider.sandbox.faults import Fault
    from maton_linkedin_provider.sandbox.recording import RecordedRequest
    from maton_linkedin_provider.sandbox.routing import ApiError, Request, Response, Route
    from maton_linkedin_provider.sandbox.server import Sandbox

__all__ = ["ApiError", "Fault", "RecordedRequest", "Request", "Response", "Route", "Sandbox"]

_HOMES = {
    "ApiError": "routing",
    "Fault": "faults",
    "RecordedRequest": "recording",
    "Request": "routing",
    "Response": "routing",
    "Route": "routing",
    "Sandbox": "server",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
