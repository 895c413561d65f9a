"""A local emulator of the Maton gateway + LinkedIn REST API (``python -m maton_linkedin_provider.sandbox``).

It imports nothing of the client (hooks, ``linkedin/``, exceptions): it decodes Rest.li on its own.
"""

from __future__ import annotations

from maton_linkedin_provider.sandbox.faults import Fault
from maton_linkedin_provider.sandbox.recording import RecordedRequest
from maton_linkedin_provider.sandbox.routing import ApiError, Request, Response, Route
from maton_linkedin_provider.sandbox.server import Sandbox

__all__ = ["ApiError", "Fault", "RecordedRequest", "Request", "Response", "Route", "Sandbox"]
