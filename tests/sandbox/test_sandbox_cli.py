"""``python -m maton_linkedin_provider.sandbox`` starts, prints its addresses, serves, and stops on SIGTERM."""

from __future__ import annotations

import json
import subprocess
import sys

import requests


def test_cli_prints_json_and_serves() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "maton_linkedin_provider.sandbox",
            "--port",
            "0",
            "--upload-port",
            "0",
            "--api-key",
            "k1",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        info = json.loads(proc.stdout.readline())
        assert info["api_key"] == "k1"
        assert info["base_url"].startswith("http://127.0.0.1:")
        assert info["upload_base_url"].startswith("http://127.0.0.1:")
        headers = {
            "Authorization": "Bearer k1",
            "LinkedIn-Version": "202609",
            "X-Restli-Protocol-Version": "2.0.0",
        }
        resp = requests.get(info["base_url"] + "/linkedin/rest/me", headers=headers, timeout=10)
        assert resp.status_code == 200
        assert requests.get(info["upload_base_url"] + "/_sandbox/health", timeout=10).status_code == 200
        assert info["control_key"] == "k1"  # the default: the API key
        faults = info["base_url"] + "/_sandbox/faults"
        assert requests.get(faults, timeout=10).status_code == 401
        assert requests.get(faults, headers={"Authorization": "Bearer k1"}, timeout=10).status_code == 200
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0


def test_cli_control_key() -> None:
    from maton_linkedin_provider.sandbox.__main__ import parse_args

    assert parse_args([]).control_key is None  # the Sandbox then uses the API key
    assert parse_args(["--control-key", "c1"]).control_key == "c1"
    assert parse_args(["--control-key", ""]).control_key == ""  # no key
