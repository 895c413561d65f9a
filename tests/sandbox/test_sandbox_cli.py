"""``python -m maton_linkedin_provider.sandbox`` starts, prints its addresses, serves, and stops on SIGTERM."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
import requests

from maton_linkedin_provider.sandbox.testing import start_sandbox_process


def test_cli_prints_json_and_serves() -> None:
    proc, info = start_sandbox_process("--api-key", "k1")
    try:
        assert info["api_key"] == "k1"
        assert info["base_url"].startswith("http://127.0.0.1:")
        assert info["upload_base_url"].startswith("http://127.0.0.1:")
        assert info["oauth_base_url"].startswith("http://127.0.0.1:")
        assert info["oauth_base_url"].endswith("/oauth/v2")
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


def test_default_port_is_none_of_airflows() -> None:
    from airflow.configuration import conf

    from maton_linkedin_provider.sandbox.__main__ import parse_args

    airflow_ports = {
        conf.getint("api", "port", fallback=8080),
        conf.getint("logging", "worker_log_server_port"),
        conf.getint("logging", "trigger_log_server_port"),
        conf.getint("scheduler", "scheduler_health_check_server_port"),
        conf.getint("metrics", "statsd_port"),
        5555,  # Celery Flower
    }
    assert 8080 in airflow_ports
    assert parse_args([]).port not in airflow_ports


def test_cli_prints_the_export_line_to_paste(monkeypatch) -> None:
    # stdout stays one line of JSON for scripts
    proc, info = start_sandbox_process("--api-key", "k'2", stderr=subprocess.PIPE)
    try:
        assert proc.stderr is not None
        hints = [proc.stderr.readline() for _ in range(3)]
        assert hints[0].startswith(f"Sandbox listening on {info['base_url']} ")
        export = hints[2].rstrip("\n")
        # what the shell makes of the line (the quote in the key survives the quoting)
        done = subprocess.run(
            ["sh", "-c", export + '; printf %s "$AIRFLOW_CONN_MATON_LINKEDIN_DEFAULT"'],
            capture_output=True,
            text=True,
            check=True,
        )
        monkeypatch.setenv("AIRFLOW_CONN_MATON_LINKEDIN_DEFAULT", done.stdout)
        from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

        assert MatonLinkedInHook().get_person_urn().startswith("urn:li:person:")
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0


def test_cli_quiet_and_conn_id() -> None:
    proc, _ = start_sandbox_process("--quiet", stderr=subprocess.PIPE)  # its JSON line, and nothing else
    proc.terminate()
    _, err = proc.communicate(timeout=10)
    assert err == ""
    from maton_linkedin_provider.sandbox.__main__ import export_line
    from maton_linkedin_provider.sandbox.server import Sandbox

    with Sandbox() as sb:
        assert export_line(sb, "my_linkedin").startswith("export AIRFLOW_CONN_MY_LINKEDIN='{")


@pytest.mark.parametrize("option", ["--port", "--upload-port"])
def test_an_address_in_use_is_one_line_naming_the_fix(option: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        other = "--upload-port" if option == "--port" else "--port"
        done = subprocess.run(
            [sys.executable, "-m", "maton_linkedin_provider.sandbox", option, str(port), other, "0"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        f"sandbox: 127.0.0.1:{port} is already in use (another sandbox, or Airflow's api-server?): "
        f"start it with {option} N for another port, or {option} 0 for a free one.\n"
    )


def test_a_bad_port_is_a_usage_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "maton_linkedin_provider.sandbox", "--port", "70000"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "a port is a number from 0 to 65535" in done.stderr
