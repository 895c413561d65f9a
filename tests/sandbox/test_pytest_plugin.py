"""The sandbox as a pytest plugin: installed with the provider, cheap to load, no pytest in production."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from importlib.metadata import entry_points

from maton_linkedin_provider.sandbox import pytest_plugin, testing


def _python(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


def test_the_entry_point_names_the_plugin():
    (ep,) = [ep for ep in entry_points(group="pytest11") if ep.name == "maton_linkedin_sandbox"]
    assert ep.value == "maton_linkedin_provider.sandbox.pytest_plugin"
    assert ep.load() is pytest_plugin


def test_testing_helpers_import_without_pytest():
    """A production image has no pytest: ``sandbox/testing.py`` must import (and work) there."""
    seen = _python(
        """
        import sys
        sys.modules["pytest"] = None  # import pytest now raises ImportError
        from types import SimpleNamespace
        from maton_linkedin_provider.sandbox import testing
        sb = SimpleNamespace(base_url="http://127.0.0.1:1", api_key="k")
        print(testing.sandbox_conn_uri(sb, timeout=1))
        """
    )
    assert seen == (
        '{"conn_type": "maton_linkedin", "host": "http://127.0.0.1:1", "password": "k", "extra": {"timeout": 1}}'
    )


def test_loading_the_plugin_starts_and_imports_nothing_heavy():
    """pytest loads the plugin in every session (before conftest.py sets AIRFLOW_HOME)."""
    seen = _python(
        """
        import sys, threading
        import pytest
        before = set(sys.modules)
        import maton_linkedin_provider.sandbox.pytest_plugin
        heavy = ["airflow", "requests", "http.server", "maton_linkedin_provider.sandbox.server",
                 "maton_linkedin_provider.hooks"]
        loaded = [m for m in heavy if m in sys.modules and m not in before]
        print(loaded, threading.active_count())
        """
    )
    assert seen == "[] 1"


def test_the_old_conftest_import_still_works():
    assert testing.sandbox is pytest_plugin.sandbox
    assert testing.sandbox_server is pytest_plugin.sandbox_server


USER_TESTS = """
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.sandbox import Fault


def test_a_post_reaches_the_sandbox(maton_linkedin_conn, sandbox):
    assert maton_linkedin_conn == "maton_linkedin_default"
    urn = MatonLinkedInHook().create_post("Hello from a DAG test")
    posts = [r for r in sandbox.requests if r.method == "POST" and r.path.endswith("/rest/posts")]
    assert len(posts) == 1 and posts[0].status == 201
    assert urn.startswith("urn:li:")


def test_each_test_starts_from_the_seed(maton_linkedin_conn, sandbox, sandbox_server):
    assert sandbox is sandbox_server
    assert sandbox.requests == []
    sandbox.add_fault(Fault(status=429, retry_after="0", count=1))
    assert MatonLinkedInHook(maton_conn_id=maton_linkedin_conn).get_profile()["id"]
    assert [r.status for r in sandbox.requests] == [429, 200]
"""


def test_a_users_dag_tests_get_the_fixtures_from_the_plugin(tmp_path):
    """A project with no conftest.py, only the provider installed: the fixtures are there."""
    project = tmp_path / "user_project"
    project.mkdir()
    (project / "test_my_dag.py").write_text(USER_TESTS)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "PYTEST_"))}
    env["AIRFLOW_HOME"] = str(tmp_path / "airflow_home")
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(project)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "2 passed" in out.stdout
