"""Test setup: a throwaway AIRFLOW_HOME and connections pointing at the sandbox.

The ``sandbox`` and ``sandbox_server`` fixtures come from the provider's pytest plugin
(``maton_linkedin_provider.sandbox.pytest_plugin``, entry point ``maton_linkedin_sandbox``).
"""

from __future__ import annotations

import json
import os
import tempfile

_HOME = tempfile.mkdtemp(prefix="maton-linkedin-tests-")
os.environ["AIRFLOW_HOME"] = _HOME
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
os.environ.setdefault("AIRFLOW__CORE__UNIT_TEST_MODE", "True")
os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{_HOME}/airflow.db"
# The per-account analytics example writes under LINKEDIN_EXPORT_ROOT (read when its file is parsed).
os.environ["LINKEDIN_EXPORT_ROOT"] = os.path.join(_HOME, "exports")
# dag.test() serializes DAGs from the dags-folder bundle: point it at the example DAGs.
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = os.path.join(
    os.path.dirname(__file__), os.pardir, "src", "maton_linkedin_provider", "example_dags"
)

from collections.abc import Callable, Iterator  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

from maton_linkedin_provider.sandbox import Sandbox  # noqa: E402

ConnFactory = Callable[..., str]


@pytest.fixture
def set_conn(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[ConnFactory]:
    """Define a ``maton_linkedin`` connection (env var form) pointing at the sandbox; returns its id."""

    def _set(
        conn_id: str = "maton_linkedin_default", *, password: Any = ..., host: Any = ..., **extra: Any
    ) -> str:
        extra = {"backoff_base": 0.001, "backoff_cap": 0.01, **extra}
        conn = {
            "conn_type": "maton_linkedin",
            "host": sandbox.base_url if host is ... else host,
            "password": sandbox.api_key if password is ... else password,
            "extra": {k: v for k, v in extra.items() if v is not None},
        }
        monkeypatch.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", json.dumps(conn))
        return conn_id

    _set()
    yield _set


@pytest.fixture
def memory_storage(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Register fsspec's in-memory filesystem as ``memory://`` for ObjectStoragePath (an object store stand-in)."""
    try:
        from airflow.sdk.io import fs as airflow_fs
    except ImportError:  # Airflow 3.0
        import airflow.io as airflow_fs
    from fsspec.implementations.memory import MemoryFileSystem

    monkeypatch.setitem(
        airflow_fs._BUILTIN_SCHEME_TO_FS, "memory", lambda conn_id, options: MemoryFileSystem()
    )
    airflow_fs._register_filesystems.cache_clear()
    MemoryFileSystem.store.clear()
    yield "memory://"
    MemoryFileSystem.store.clear()
    airflow_fs._register_filesystems.cache_clear()


@pytest.fixture(scope="session")
def airflow_db() -> None:
    """A fresh metadata DB (SQLite in the throwaway AIRFLOW_HOME), once per session, for ``dag.test()``."""
    from airflow.utils import db

    db.resetdb()
