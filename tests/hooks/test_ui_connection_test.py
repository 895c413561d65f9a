"""The UI's Test button (``POST /api/v2/connections/test``) on a stored connection, as Airflow 3.3's UI calls it.

The connections list sends the stored fields back, with ``port: Number(null)``, that is ``0``, for a
connection saved without a port. Airflow then finds the port "changed" (0 is not null) and, as the
password is masked, answers 400 before any hook runs: nothing in the provider can catch it. A stored
port (443, what https uses; the hook adds it only to a host URL that has none) makes the test run.
"""

from __future__ import annotations

import pytest

pytestmark = [
    pytest.mark.usefixtures("airflow_db"),
    # Airflow's own Connection.test_connection, not the provider's code
    pytest.mark.filterwarnings("ignore:ProvidersManager.hooks is deprecated"),
]


@pytest.fixture
def api(monkeypatch, sandbox):
    monkeypatch.setenv("AIRFLOW__CORE__TEST_CONNECTION", "Enabled")
    monkeypatch.setenv("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS", "True")
    monkeypatch.setenv("AIRFLOW__API_AUTH__JWT_SECRET", "sandbox-jwt-secret-" * 4)
    monkeypatch.setenv("AIRFLOW__API_AUTH__JWT_ISSUER", "maton-linkedin-tests")
    from airflow.api_fastapi.app import create_app
    from fastapi.testclient import TestClient

    return TestClient(create_app())


@pytest.fixture
def stored(sandbox):
    from airflow.models import Connection
    from airflow.utils.session import create_session

    ids = {"ui_no_port": None, "ui_port_443": 443, "ui_port_0": 0}
    with create_session() as session:
        for conn_id, port in ids.items():
            session.add(
                Connection(
                    conn_id=conn_id,
                    conn_type="maton_linkedin",
                    host=sandbox.base_url,
                    password=sandbox.api_key,
                    port=port,
                )
            )
    yield ids
    with create_session() as session:
        session.query(Connection).filter(Connection.conn_id.in_(list(ids))).delete(synchronize_session=False)


def ui_test_body(api, conn_id: str) -> dict:
    """What the connections list's Test button posts (airflow/ui: ``port: Number(connection.port)``)."""
    conn = api.get(f"/api/v2/connections/{conn_id}").json()
    return {
        "conn_type": conn["conn_type"],
        "connection_id": conn_id,
        "description": conn["description"] or "",
        "extra": conn["extra"] or "{}",
        "host": conn["host"] or "",
        "login": conn["login"] or "",
        "password": conn["password"] or "",  # the masked "***"
        "port": conn["port"] or 0,  # Number(null) === 0
        "schema": conn["schema"] or "",
    }


def compares_ports() -> bool:
    """Whether this Airflow refuses a test whose host/port differ from the stored ones (3.3 does)."""
    from airflow.api_fastapi.core_api.routes.public import connections

    return hasattr(connections, "_same_endpoint")


def test_a_stored_port_lets_the_ui_test_run(api, stored, sandbox) -> None:
    for conn_id in ("ui_port_443", "ui_port_0"):
        resp = api.post("/api/v2/connections/test", json=ui_test_body(api, conn_id))
        assert resp.status_code == 200, resp.text
        assert resp.json()["status"] is True
        assert resp.json()["message"].startswith(f"Connected to the Maton gateway at {sandbox.base_url} ")


def test_no_stored_port_is_airflows_bad_request(api, stored) -> None:
    resp = api.post("/api/v2/connections/test", json=ui_test_body(api, "ui_no_port"))
    if compares_ports():
        assert resp.status_code == 400
        assert "host or port to test differs from the stored connection" in resp.json()["detail"]
    else:
        assert resp.status_code == 200 and resp.json()["status"] is True
