"""Airflow discovers the provider: entry point, provider info, connection type and its UI fields."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

from maton_linkedin_provider.get_provider_info import get_provider_info


def test_every_listed_module_and_class_imports():
    info = get_provider_info()
    for section in ("hooks", "operators", "sensors", "triggers"):
        for entry in info.get(section, []):
            for module in entry["python-modules"]:
                importlib.import_module(module)
    for ct in info["connection-types"]:
        module, _, cls = ct["hook-class-name"].rpartition(".")
        hook = getattr(importlib.import_module(module), cls)
        assert hook.conn_type == ct["connection-type"]
    for link in info.get("extra-links", []):
        module, _, cls = link.rpartition(".")
        getattr(importlib.import_module(module), cls)


PROBE = """
import json
from airflow.providers_manager import ProvidersManager
pm = ProvidersManager()
hook = pm.hooks["maton_linkedin"]
print(json.dumps({
    "provider": "airflow-provider-maton-linkedin" in pm.providers,
    "hook": hook.hook_class_name if hook else None,
    "behaviour": pm.field_behaviours.get("maton_linkedin"),
    "widgets": sorted(k for k in pm.connection_form_widgets if k.startswith("extra__maton_linkedin__")),
    "sensitive": sorted(
        k for k, w in pm.connection_form_widgets.items()
        if k.startswith("extra__maton_linkedin__") and w.is_sensitive
    ),
    "declarative": hasattr(pm, "_load_ui_metadata"),
}))
"""


def test_providers_manager_sees_provider_and_connection_type():
    # A fresh interpreter: ProvidersManager is a process-wide singleton.
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["provider"] is True
    assert seen["hook"] == "maton_linkedin_provider.hooks.linkedin.MatonLinkedInHook"
    if not seen["declarative"]:
        pytest.skip("this Airflow builds connection forms from hook methods (FAB), not from conn-fields")
    assert seen["behaviour"]["hidden_fields"] == ["login", "schema"]  # port: for the UI's Test button
    assert "443" in seen["behaviour"]["placeholders"]["port"]
    assert seen["behaviour"]["relabeling"] == {"password": "Maton API key", "host": "Gateway URL"}
    assert seen["widgets"] == [
        "extra__maton_linkedin__client_id",
        "extra__maton_linkedin__client_secret",
        "extra__maton_linkedin__linkedin_version",
        "extra__maton_linkedin__maton_connection",
        "extra__maton_linkedin__max_requests_per_second",
        "extra__maton_linkedin__max_retries",
        "extra__maton_linkedin__oauth_base_url",
        "extra__maton_linkedin__refresh_token",
        "extra__maton_linkedin__timeout",
    ]
    # The UI masks these like the password (and Airflow redacts extras named *secret* / *token*).
    assert seen["sensitive"] == [
        "extra__maton_linkedin__client_secret",
        "extra__maton_linkedin__refresh_token",
    ]


LIGHT_PROBE = """
import sys
import airflow.sdk
before = set(sys.modules)
from maton_linkedin_provider.get_provider_info import get_provider_info
for section in ("operators", "sensors"):
    for entry in get_provider_info().get(section, []):
        for module in entry["python-modules"]:
            __import__(module)
heavy = ["requests", "aiohttp", "tenacity", "maton_linkedin_provider.hooks.linkedin"]
print("HEAVY=" + ",".join(m for m in heavy if m in sys.modules and m not in before))
"""


def test_importing_operators_loads_no_http_stack():
    """DAG-parse cost: operator modules import the hook (and requests) only inside execute()."""
    out = subprocess.run([sys.executable, "-c", LIGHT_PROBE], capture_output=True, text=True, check=True)
    heavy = next(line for line in out.stdout.splitlines() if line.startswith("HEAVY="))
    assert heavy == "HEAVY="


def test_operator_page_sizes_match_the_protocol_constants():
    """operators/data.py repeats two constants to keep linkedin.data out of DAG-parse imports."""
    from maton_linkedin_provider.linkedin import data
    from maton_linkedin_provider.operators.data import (
        LinkedInAdLibraryToFileOperator,
        LinkedInJobLibraryToFileOperator,
    )

    assert LinkedInAdLibraryToFileOperator.page_size == data.AD_LIBRARY_PAGE_SIZE
    assert LinkedInJobLibraryToFileOperator.page_size == data.JOB_LIBRARY_PAGE_SIZE
