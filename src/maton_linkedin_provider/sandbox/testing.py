"""Helpers for tests against the sandbox. Importable without pytest (a production image has none).

The fixtures themselves live in :mod:`maton_linkedin_provider.sandbox.pytest_plugin`, which pytest
loads by itself wherever the provider is installed (the ``pytest11`` entry point
``maton_linkedin_sandbox``): ``sandbox_server``, ``sandbox`` and ``maton_linkedin_conn``.
``from maton_linkedin_provider.sandbox.testing import sandbox, sandbox_server`` in a
``conftest.py`` still works (the names are fetched from the plugin on first use), but is no
longer needed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from maton_linkedin_provider.sandbox.server import Sandbox

_FIXTURES = ("sandbox_server", "sandbox", "maton_linkedin_conn")


def sandbox_conn(sb: Sandbox, **extra: Any) -> dict[str, Any]:
    """An Airflow connection (as a dict) of type ``maton_linkedin`` aimed at ``sb``, with ``extra``."""
    return {"conn_type": "maton_linkedin", "host": sb.base_url, "password": sb.api_key, "extra": extra}


def control_headers(sb: Sandbox) -> dict[str, str]:
    """The ``Authorization`` header ``/_sandbox/*`` calls need (none when the sandbox has no control key)."""
    return {"Authorization": f"Bearer {sb.control_key}"} if sb.control_key else {}


def sandbox_conn_uri(sb: Sandbox, **extra: Any) -> str:
    """An Airflow connection in JSON form (for ``AIRFLOW_CONN_MATON_LINKEDIN_DEFAULT``) aimed at ``sb``."""
    return json.dumps(sandbox_conn(sb, **extra))


def start_sandbox_process(
    *args: str, stderr: int | None = None
) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """Start ``python -m maton_linkedin_provider.sandbox`` in its own process, on free ports.

    ``args`` go after ``--port 0 --upload-port 0`` (``"--quiet"``, ``"--api-key", "k1"``...);
    ``stderr`` is passed to :class:`subprocess.Popen` (``subprocess.PIPE`` to read the hints).

    :return: the process (stop it with ``terminate()``) and the JSON line it printed: its
        ``base_url``, ``upload_base_url``, ``api_key``, ``control_key``...
    :raises RuntimeError: when it exits without printing it.
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "maton_linkedin_provider.sandbox", "--port", "0", "--upload-port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        proc.kill()
        proc.wait()
        raise RuntimeError("the sandbox did not start (see its stderr)")
    info: dict[str, str] = json.loads(line)
    return proc, info


def __getattr__(name: str) -> Any:
    if name in _FIXTURES:  # the old conftest import; needs pytest, so only on demand
        from maton_linkedin_provider.sandbox import pytest_plugin

        return getattr(pytest_plugin, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
