"""Shared benchmark plumbing: a sandbox in its own process, results, the table."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

from maton_linkedin_provider.sandbox.testing import start_sandbox_process


@dataclass
class Figure:
    """One measured figure: its value, the goal, and whether it holds."""

    issue: str
    name: str
    value: float
    unit: str
    goal: str
    holds: bool
    detail: str = ""

    def row(self) -> dict[str, Any]:
        return asdict(self)


@contextmanager
def sandbox_process(*args: str) -> Iterator[dict[str, str]]:
    """Start the sandbox in its own process (so it does not share our GIL) and yield its URLs."""
    proc, info = start_sandbox_process("--quiet", *args)
    try:
        yield info
    finally:
        proc.terminate()
        proc.wait(timeout=10)


#: The control key of a sandbox started by :func:`sandbox_process` (its default: the API key).
CONTROL_KEY = "sandbox-key"


def control(base_url: str, method: str, path: str, body: Any = None, key: str = CONTROL_KEY) -> Any:
    """Call the sandbox's control plane (``/_sandbox/...``) with its control key."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
    req = urllib.request.Request(f"{base_url}/_sandbox/{path}", data=data, method=method, headers=headers)
    with urllib.request.urlopen(req) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def conn_env(info: dict[str, str], conn_id: str = "maton_linkedin_default", **extra: Any) -> dict[str, str]:
    """The env var that points ``conn_id`` (default ``maton_linkedin_default``) at the sandbox."""
    return {
        f"AIRFLOW_CONN_{conn_id.upper()}": json.dumps(
            {
                "conn_type": "maton_linkedin",
                "host": info["base_url"],
                "password": info["api_key"],
                "extra": extra,
            }
        )
    }
