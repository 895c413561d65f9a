"""Security: the API key stays where it belongs, and credentials never leave the gateway's origin.

Everything runs against a sandbox started with a distinctive key (:data:`SECRET`), so a leak
anywhere (task log, exception, XCom, exported file, rendered field, upload request, trigger
payload) shows up as a plain substring. Redirects are followed by the real HTTP stack into tiny
recording servers on other ports, and ``~/.netrc`` is planted in a temporary HOME.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import socket
import threading
import traceback
import uuid
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from maton_linkedin_provider.example_dags._samples import pdf_bytes, png_bytes, write_mp4
from maton_linkedin_provider.exceptions import (
    LinkedInAuthError,
    LinkedInError,
    LinkedInRateLimitError,
    LinkedInServerError,
    LinkedInTransportError,
)
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.operators.ads import (
    LinkedInCreateCampaignGroupOperator,
    LinkedInCreateCampaignOperator,
    LinkedInDeleteCampaignGroupOperator,
    LinkedInDeleteCampaignOperator,
    LinkedInUpdateAdAccountOperator,
    LinkedInUpdateCampaignGroupOperator,
    LinkedInUpdateCampaignOperator,
)
from maton_linkedin_provider.operators.data import (
    LinkedInAdAnalyticsToFileOperator,
    LinkedInAdLibraryToFileOperator,
    LinkedInJobLibraryToFileOperator,
    LinkedInShareStatisticsToFileOperator,
)
from maton_linkedin_provider.operators.generic import LinkedInApiOperator
from maton_linkedin_provider.operators.media import (
    LinkedInUploadDocumentOperator,
    LinkedInUploadImageOperator,
    LinkedInUploadVideoOperator,
)
from maton_linkedin_provider.operators.posts import LinkedInCreatePostOperator, LinkedInDeletePostOperator
from maton_linkedin_provider.sandbox import Fault, Sandbox
from maton_linkedin_provider.sensors.media import LinkedInVideoProcessingSensor
from maton_linkedin_provider.triggers.media import LinkedInMediaStatusTrigger

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

SECRET = "mk-SECRET-5f0c9e2a7d41b836"
#: The Maton connection id sent as ``Maton-Connection`` (the sandbox's seeded ACTIVE one).
MATON_CONNECTION = "c0a1b2c3-d4e5-4f60-8a7b-000000000ada"
CREDENTIAL_HEADERS = ("authorization", "maton-connection")
SRC = Path(__file__).resolve().parents[1] / "src" / "maton_linkedin_provider"
ACCOUNT = "507000001"
DAY = datetime(2026, 1, 5, tzinfo=timezone.utc)


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def secure_server() -> Iterator[Sandbox]:
    with Sandbox(api_key=SECRET) as sb:
        yield sb


@pytest.fixture
def secure(secure_server: Sandbox) -> Sandbox:
    """A sandbox that accepts only :data:`SECRET`, reset for each test (uploads process at once)."""
    secure_server.reset()
    secure_server.state.media_processing_seconds["video"] = 0.0
    return secure_server


def _conn_env(monkeypatch: pytest.MonkeyPatch, host: str, password: str = SECRET, **extra: Any) -> None:
    extra = {"backoff_base": 0.001, "backoff_cap": 0.01, "maton_connection": MATON_CONNECTION, **extra}
    conn = {"conn_type": "maton_linkedin", "host": host, "password": password, "extra": extra}
    monkeypatch.setenv("AIRFLOW_CONN_MATON_LINKEDIN_DEFAULT", json.dumps(conn))


@pytest.fixture
def conn(secure: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """``maton_linkedin_default`` aimed at the secure sandbox, with a Maton-Connection header."""
    _conn_env(monkeypatch, secure.base_url)
    return lambda **extra: _conn_env(monkeypatch, secure.base_url, **extra)


def assert_clean(where: str, text: str) -> None:
    assert SECRET not in text, f"the API key leaked into {where}"


class FakeTI:
    try_number = 1

    def __init__(self) -> None:
        self.xcom: dict[str, Any] = {}

    def xcom_push(self, key: str, value: Any) -> None:
        self.xcom[key] = value


# --- task logs, XCom values and exported files of every operator ---------------------------------


def _run_every_operator(tmp_path: Path) -> list[Any]:
    """Run each operator once, successfully; return what each pushed to XCom."""
    image, video, doc = tmp_path / "a.png", tmp_path / "v.mp4", tmp_path / "d.pdf"
    image.write_bytes(png_bytes())
    doc.write_bytes(pdf_bytes())
    write_mp4(video, 9_000_000)  # three parts
    out = tmp_path / "out"
    ctx: dict[str, Any] = {
        "ti": FakeTI(),
        "data_interval_start": DAY,
        "data_interval_end": DAY + timedelta(days=1),
    }
    results: list[Any] = []

    def run(op: Any) -> Any:
        value = op.execute(ctx)
        results.append(value)
        results.extend(ctx["ti"].xcom.values())
        return value

    image_urn = run(LinkedInUploadImageOperator(task_id="img", source=str(image)))
    run(LinkedInUploadDocumentOperator(task_id="doc", source=str(doc)))
    video_urn = run(LinkedInUploadVideoOperator(task_id="vid", source=str(video), parallelism=3))
    run(LinkedInVideoProcessingSensor(task_id="wait", video_urn=video_urn, poke_interval=0.01))
    post = run(LinkedInCreatePostOperator(task_id="post", commentary="Launch day", media=image_urn))
    run(LinkedInDeletePostOperator(task_id="del", post_urn=post))
    group = run(
        LinkedInCreateCampaignGroupOperator(
            task_id="grp", ad_account=ACCOUNT, name="Sec", run_schedule={"start": "2026-06-01"}
        )
    )
    run(
        LinkedInUpdateCampaignGroupOperator(
            task_id="ug", ad_account=ACCOUNT, campaign_group_id=group, fields={"name": "Sec 2"}
        )
    )
    campaign = run(
        LinkedInCreateCampaignOperator(
            task_id="cmp",
            ad_account=ACCOUNT,
            campaign_group=group,
            name="Sec campaign",
            run_schedule={"start": "2026-06-01"},
            daily_budget=50,
        )
    )
    run(
        LinkedInUpdateCampaignOperator(
            task_id="uc", ad_account=ACCOUNT, campaign_id=campaign, fields={"dailyBudget": 60}
        )
    )
    run(LinkedInUpdateAdAccountOperator(task_id="ua", ad_account=ACCOUNT, fields={"name": "X"}, dry_run=True))
    run(LinkedInDeleteCampaignOperator(task_id="dc", ad_account=ACCOUNT, campaign_id=campaign, confirm=True))
    run(
        LinkedInDeleteCampaignGroupOperator(
            task_id="dg", ad_account=ACCOUNT, campaign_group_id=group, confirm=True
        )
    )
    run(LinkedInAdLibraryToFileOperator(task_id="al", keyword="rows:30", output_path=str(out / "ads.jsonl")))
    run(
        LinkedInJobLibraryToFileOperator(
            task_id="jl", keyword="data", output_path=str(out / "jobs.csv"), output_format="csv"
        )
    )
    run(
        LinkedInAdAnalyticsToFileOperator(task_id="aa", accounts=[ACCOUNT], output_path=str(out / "aa.jsonl"))
    )
    run(
        LinkedInShareStatisticsToFileOperator(
            task_id="ss", organization=2414183, output_path=str(out / "ss.jsonl")
        )
    )
    run(LinkedInApiOperator(task_id="me", endpoint="/me"))
    run(
        LinkedInApiOperator(
            task_id="page",
            endpoint="/adAccounts",
            query_params={"q": "search"},
            paginate=True,
            pagination="cursor",
        )
    )
    return results


def test_key_is_in_no_log_xcom_or_exported_file(conn, secure, tmp_path, capfd, caplog):
    caplog.set_level(logging.DEBUG)
    results = _run_every_operator(tmp_path)

    assert len(results) >= 18
    assert_clean("XCom values", json.dumps(results, default=str))
    exported = sorted((tmp_path / "out").iterdir())
    assert [p.name for p in exported] == ["aa.jsonl", "ads.jsonl", "jobs.csv", "ss.jsonl"]
    for path in exported:
        assert_clean(f"the export {path.name}", path.read_text(encoding="utf-8"))
    out, err = capfd.readouterr()
    assert "Published urn:li:share:" in out  # the task log really is captured here
    assert_clean("the task log (stdout)", out)
    assert_clean("stderr", err)
    assert caplog.records  # urllib3's DEBUG lines at least
    assert_clean("stdlib log records", "\n".join(r.getMessage() for r in caplog.records))
    assert_clean("caplog text", caplog.text)
    # and the key did reach the gateway, as a Bearer token, on every API call
    api = [r for r in secure.requests if r.server == "api"]
    assert api and all(r.credential == "api_key" for r in api)


# --- the sandbox's view of upload requests ----------------------------------------------------------


def test_upload_requests_carry_no_credentials(conn, secure, tmp_path):
    image, video, doc = tmp_path / "a.png", tmp_path / "v.mp4", tmp_path / "d.pdf"
    image.write_bytes(png_bytes())
    doc.write_bytes(pdf_bytes())
    write_mp4(video, 9_000_000)
    hook = MatonLinkedInHook()
    hook.upload_image(str(image))
    hook.upload_document(str(doc))
    hook.upload_video(str(video), parallelism=3)

    uploads = [r for r in secure.requests if r.server == "upload"]
    assert len(uploads) == 5  # image, document, 3 video parts
    for record in uploads:
        assert record.status in (200, 201)  # accepted: the sandbox refuses credentials with 400
        names = {name.lower() for name in record.headers}
        assert not names & set(CREDENTIAL_HEADERS), record.headers
        assert_clean(f"upload headers {record.raw_path}", json.dumps(record.headers))
        assert MATON_CONNECTION not in json.dumps(record.headers)
        assert_clean("an upload URL", record.raw_path)
    # the hook's upload session holds no credentials of its own either
    assert not {h.lower() for h in hook.upload_session.headers} & set(CREDENTIAL_HEADERS)
    assert not {h.lower() for h in hook._api_session.headers} & set(CREDENTIAL_HEADERS)


# --- exceptions ------------------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _chain(err: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = err
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def assert_error_clean(err: BaseException) -> None:
    for link in _chain(err):
        assert_clean(f"str({type(link).__name__})", str(link))
        assert_clean(f"repr({type(link).__name__})", repr(link))
        assert_clean(f"{type(link).__name__}.args", repr(link.args))
        assert_clean(f"{type(link).__name__} attributes", repr(getattr(link, "__dict__", {})))
    assert_clean("the formatted traceback", "".join(traceback.format_exception(err)))


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        pytest.param(Fault(status=401, count=None, path="/me$"), LinkedInAuthError, id="401"),
        pytest.param(Fault(status=403, count=None, path="/me$"), LinkedInAuthError, id="403"),
        pytest.param(
            Fault(status=429, count=None, path="/me$", retry_after="0"), LinkedInRateLimitError, id="429"
        ),
        pytest.param(Fault(status=500, count=None, path="/me$"), LinkedInServerError, id="500"),
        pytest.param(Fault(reset=True, count=None, path="/me$"), LinkedInTransportError, id="reset"),
    ],
)
def test_errors_do_not_carry_the_key(conn, secure, fault, error, capfd):
    conn(max_retries=1)
    secure.add_fault(fault)
    hook = MatonLinkedInHook()
    with pytest.raises(error) as info:
        hook.get_profile()
    assert_error_clean(info.value)
    ok, message = hook.test_connection()
    assert not ok
    assert_clean("test_connection()", message)
    assert_clean("the retry warnings", capfd.readouterr().out)
    with pytest.raises(LinkedInError) as info:  # and through an operator
        LinkedInApiOperator(task_id="me", endpoint="/me").execute({})
    assert_error_clean(info.value)


def test_a_refused_key_is_not_echoed(secure, monkeypatch):
    wrong = "mk-SECRET-wrong-0123456789"
    _conn_env(monkeypatch, secure.base_url, password=wrong)
    with pytest.raises(LinkedInAuthError) as info:
        MatonLinkedInHook().get_profile()
    assert info.value.status == 401
    assert wrong not in "".join(traceback.format_exception(info.value)) and wrong not in repr(info.value)


def test_transport_failure_does_not_carry_the_key(monkeypatch):
    _conn_env(monkeypatch, f"http://127.0.0.1:{_closed_port()}", max_retries=1)
    with pytest.raises(LinkedInTransportError) as info:
        MatonLinkedInHook().request("GET", "/me")
    assert info.value.maybe_sent is False
    assert_error_clean(info.value)


def test_trigger_error_events_do_not_carry_the_key(conn, secure):
    secure.add_fault(Fault(status=401, count=None))
    events = _trigger_events(LinkedInMediaStatusTrigger("urn:li:video:C5505AQnone", poll_interval=0.01))
    assert events[0]["status"] == "error"
    assert_clean("the trigger's error event", json.dumps(events))


# --- rendered template fields ------------------------------------------------------------------------


def _templated_operators(tmp_path: Path) -> list[Any]:
    """Every operator class with its template fields templated (``{{ ds }}``, ``{{ params.x }}``)."""
    ds = "{{ ds }}"
    return [
        LinkedInCreatePostOperator(task_id="post", commentary=f"Report {ds}", author="{{ params.author }}"),
        LinkedInDeletePostOperator(task_id="delp", post_urn="{{ params.post }}"),
        LinkedInUploadImageOperator(task_id="img", source=f"{tmp_path}/{ds}.png"),
        LinkedInUploadDocumentOperator(task_id="doc", source=f"{tmp_path}/{ds}.pdf"),
        LinkedInUploadVideoOperator(task_id="vid", source=f"{tmp_path}/{ds}.mp4"),
        LinkedInVideoProcessingSensor(task_id="wait", video_urn="{{ params.video }}"),
        LinkedInCreateCampaignGroupOperator(task_id="grp", ad_account="{{ params.account }}", name=f"G {ds}"),
        LinkedInUpdateCampaignGroupOperator(
            task_id="ug",
            ad_account="{{ params.account }}",
            campaign_group_id=600000001,
            fields={"name": f"G {ds}"},
        ),
        LinkedInDeleteCampaignGroupOperator(
            task_id="dg", ad_account="{{ params.account }}", campaign_group_id=600000002, confirm=True
        ),
        LinkedInCreateCampaignOperator(
            task_id="cmp",
            ad_account="{{ params.account }}",
            campaign_group=600000001,
            name=f"C {ds}",
            run_schedule={"start": ds},
        ),
        LinkedInUpdateCampaignOperator(
            task_id="uc", ad_account="{{ params.account }}", campaign_id=610000001, fields={"name": ds}
        ),
        LinkedInDeleteCampaignOperator(
            task_id="dc", ad_account="{{ params.account }}", campaign_id=610000015, confirm=True
        ),
        LinkedInUpdateAdAccountOperator(task_id="ua", ad_account="{{ params.account }}", fields={"name": ds}),
        LinkedInAdLibraryToFileOperator(task_id="al", keyword=ds, output_path=f"{tmp_path}/{ds}/a.jsonl"),
        LinkedInJobLibraryToFileOperator(task_id="jl", keyword=ds, output_path=f"{tmp_path}/{ds}/j.jsonl"),
        LinkedInAdAnalyticsToFileOperator(
            task_id="aa", accounts=["{{ params.account }}"], output_path=f"{tmp_path}/{ds}/aa.jsonl"
        ),
        LinkedInShareStatisticsToFileOperator(
            task_id="ss", organization=2414183, output_path=f"{tmp_path}/{ds}/s.jsonl"
        ),
        LinkedInApiOperator(task_id="api", endpoint="/me", query_params={"day": ds}),
    ]


def test_rendered_template_fields_hold_no_key(conn, secure, tmp_path):
    from jinja2 import Environment

    context: dict[str, Any] = {
        "ds": "2026-01-05",
        "params": {
            "author": "urn:li:person:sAnDbOx01",
            "post": "urn:li:share:1",
            "video": "urn:li:video:C5505AQnone",
            "account": ACCOUNT,
        },
    }
    operators = _templated_operators(tmp_path)
    assert {type(op).__name__ for op in operators} >= {
        "LinkedInCreatePostOperator",
        "LinkedInUploadVideoOperator",
        "LinkedInVideoProcessingSensor",
        "LinkedInAdAnalyticsToFileOperator",
        "LinkedInApiOperator",
    }
    for op in operators:
        assert "linkedin_version" in op.template_fields
        op.render_template_fields(context, jinja_env=Environment())
        op.hook.settings  # noqa: B018 - the hook has read the connection (and the key)
        for name in op.template_fields:
            assert_clean(f"{op.task_id}.{name} (rendered)", repr(getattr(op, name)))
        assert "{{" not in repr([getattr(op, n) for n in op.template_fields])  # really rendered
        assert_clean(f"{op.task_id} attributes", repr({k: v for k, v in vars(op).items() if k != "hook"}))


# --- redirects: credentials stay with the origin they were meant for ----------------------------------


class _Recorder:
    """A tiny HTTP server that records each request and answers a redirect or a JSON body."""

    def __init__(self, answer: Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]]) -> None:
        self.seen: list[dict[str, Any]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                recorder.seen.append(
                    {"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body}
                )
                status, headers, payload = answer(self)
                self.send_response(status)
                for key, value in {**headers, "Content-Length": str(len(payload))}.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05})
        self.thread.daemon = True

    def __enter__(self) -> _Recorder:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def headers(self, i: int = 0) -> dict[str, str]:
        return {k.lower(): v for k, v in self.seen[i]["headers"].items()}


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json", **(headers or {})}, json.dumps(body).encode()


@pytest.fixture(params=["127.0.0.1", "localhost"], ids=["other-port", "other-host"])
def redirect_pair(request: pytest.FixtureRequest) -> Iterator[tuple[_Recorder, _Recorder]]:
    """``(gateway, target)``: the gateway answers every request with a redirect to ``target``."""
    media = {"id": "urn:li:video:C5505AQmoved", "status": "AVAILABLE"}
    with _Recorder(lambda h: _json(200, media, {"x-restli-id": "urn:li:share:9"})) as target:
        location = f"http://{request.param}:{target.port}/moved"

        def redirect(h: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
            return (307 if h.command != "GET" else 302), {"Location": location + h.path}, b""

        with _Recorder(redirect) as gateway:
            yield gateway, target


def _assert_redirect_stripped(gateway: _Recorder, target: _Recorder) -> None:
    assert gateway.seen and target.seen
    assert gateway.headers()["authorization"] == f"Bearer {SECRET}"  # the origin got it, as configured
    assert gateway.headers()["maton-connection"] == MATON_CONNECTION
    for i, seen in enumerate(target.seen):
        received = target.headers(i)
        assert "authorization" not in received and "maton-connection" not in received, received
        assert_clean("a redirect target's request", json.dumps(seen["headers"]) + seen["path"])


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_hook_drops_credentials_on_a_redirect_to_another_origin(redirect_pair, monkeypatch, method):
    gateway, target = redirect_pair
    _conn_env(monkeypatch, f"http://127.0.0.1:{gateway.port}", max_retries=0)
    hook = MatonLinkedInHook()
    if method == "GET":
        assert hook.request("GET", "/me") == {"id": "urn:li:video:C5505AQmoved", "status": "AVAILABLE"}
    else:
        hook.request("POST", "/posts", json={"commentary": "hi"})
        assert target.seen[0]["method"] == "POST" and target.seen[0]["body"] == b'{"commentary":"hi"}'
    _assert_redirect_stripped(gateway, target)


def test_trigger_drops_credentials_on_a_redirect_to_another_origin(redirect_pair, monkeypatch):
    gateway, target = redirect_pair
    _conn_env(monkeypatch, f"http://127.0.0.1:{gateway.port}")
    events = _trigger_events(LinkedInMediaStatusTrigger("urn:li:video:C5505AQmoved", poll_interval=0.01))
    assert events == [
        {"status": "success", "media": {"id": "urn:li:video:C5505AQmoved", "status": "AVAILABLE"}, "polls": 1}
    ]
    _assert_redirect_stripped(gateway, target)


# --- TLS verification --------------------------------------------------------------------------------

_INSECURE = re.compile(
    r"verify\s*=\s*False|\.verify\s*=\s*(False|0|None)|ssl\s*=\s*False|verify_ssl\s*=\s*False"
    r"|CERT_NONE|check_hostname\s*=\s*False|_create_unverified_context|disable_warnings"
)


def test_nothing_in_src_turns_tls_verification_off():
    offenders = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _INSECURE.search(line)
    ]
    assert offenders == []


def test_hook_sessions_verify_tls(conn, monkeypatch):
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    hook = MatonLinkedInHook()
    hook.get_profile()
    assert hook._api_session.verify is True
    assert hook.upload_session.verify is True
    assert hook.get_conn().verify is True


# --- Airflow's secret masker --------------------------------------------------------------------------


def test_secret_masker_knows_the_key_once_the_hook_reads_the_connection(secure, monkeypatch):
    from airflow_compat import redact

    key = f"mk-SECRET-{uuid.uuid4().hex}"  # new to the (process-wide) masker
    secure.reset()
    monkeypatch.setattr(secure, "api_key", key)
    _conn_env(monkeypatch, secure.base_url, password=key)
    line = f"Authorization: Bearer {key}"
    hook = MatonLinkedInHook()
    assert redact(line) == line  # nothing read yet (nothing happens at construction)
    hook.get_profile()
    assert redact(line) == "Authorization: Bearer ***"
    assert redact({"token": key, "nested": [key]}) == {"token": "***", "nested": ["***"]}


# --- trigger serialization and settings repr -----------------------------------------------------------


def _trigger_events(trigger: LinkedInMediaStatusTrigger) -> list[dict[str, Any]]:
    async def go() -> list[dict[str, Any]]:
        return [event.payload async for event in trigger.run()]

    return asyncio.run(go())


def test_trigger_serializes_no_key(conn, secure, tmp_path):
    from airflow_compat import TaskDeferred

    secure.state.media_processing_seconds["video"] = 3600
    video = MatonLinkedInHook().upload_video(str(write_mp4(tmp_path / "v.mp4", 100_000)))
    sensor = LinkedInVideoProcessingSensor(task_id="wait", video_urn=video, deferrable=True, poke_interval=1)
    with pytest.raises(TaskDeferred) as info:
        sensor.execute({})
    trigger = info.value.trigger
    assert isinstance(trigger, LinkedInMediaStatusTrigger)
    classpath, kwargs = trigger.serialize()
    assert kwargs["media_urn"] == video
    assert_clean("the trigger's serialize()", json.dumps([classpath, kwargs]))
    assert_clean("the TaskDeferred", repr(info.value) + repr(vars(info.value)))


def test_settings_repr_hides_the_key(conn):
    settings = MatonLinkedInHook().settings
    assert settings.api_key == SECRET
    assert_clean("str(ClientSettings)", str(settings))
    assert_clean("repr(ClientSettings)", repr(settings))
    assert_clean("ClientSettings.describe()", settings.describe())


# --- ~/.netrc is never consulted ------------------------------------------------------------------------


def test_netrc_is_not_consulted(conn, secure, tmp_path, monkeypatch):
    import requests

    home = tmp_path / "home"
    home.mkdir()
    netrc_secret = "NETRC-SECRET-b7e1"
    netrc = home / ".netrc"
    netrc.write_text(
        f"machine 127.0.0.1 login netrc-user password {netrc_secret}\n"
        f"machine localhost login netrc-user password {netrc_secret}\n",
        encoding="utf-8",
    )
    netrc.chmod(0o600)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("NETRC", raising=False)
    # the trap is armed: a plain requests session would send these credentials
    plain = requests.Session().prepare_request(requests.Request("PUT", secure.upload_base_url + "/x"))
    assert plain.headers.get("Authorization", "").startswith("Basic ")

    image = tmp_path / "a.png"
    image.write_bytes(png_bytes())
    hook = MatonLinkedInHook()
    hook.upload_image(str(image))
    hook.request("GET", "/me")

    uploads = [r for r in secure.requests if r.server == "upload"]
    api = [r for r in secure.requests if r.server == "api"]
    assert uploads and api
    assert all(r.header("Authorization") is None for r in uploads)
    assert all(r.credential == "api_key" for r in api)
    assert plain.headers["Authorization"] not in json.dumps([r.headers for r in secure.requests])


# --- a gateway that echoes the key back --------------------------------------------------------------

ECHOED = (SECRET, MATON_CONNECTION)


def assert_no_echo(where: str, text: str) -> None:
    """Neither the key nor the Maton-Connection id (both echoed by the fault) is in ``text``."""
    for secret in ECHOED:
        assert secret not in text, f"an echoed secret leaked into {where}"


def _shown_chain(err: BaseException) -> list[BaseException]:
    """The exceptions a traceback shows (a context suppressed by ``raise ... from None`` is not)."""
    seen: list[BaseException] = []
    current: BaseException | None = err
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return seen


def assert_error_echo_free(err: BaseException) -> None:
    for link in _shown_chain(err):
        name = type(link).__name__
        assert_no_echo(f"str({name})", str(link))
        assert_no_echo(f"{name}.args and attributes", repr(link.args) + repr(getattr(link, "__dict__", {})))
    assert_no_echo("the formatted traceback", "".join(traceback.format_exception(err)))


def test_the_echo_fault_really_echoes_both_secrets(secure):
    import requests

    secure.add_fault(Fault(status=400, echo_key=True, path="/me$"))
    headers = {"Authorization": f"Bearer {SECRET}", "Maton-Connection": MATON_CONNECTION}
    answer = requests.get(secure.base_url + "/linkedin/rest/me", headers=headers, timeout=10)
    assert answer.status_code == 400
    assert SECRET in answer.text and MATON_CONNECTION in answer.text
    assert answer.headers["x-li-uuid"] == SECRET


def test_echoed_secrets_are_redacted_for_every_error_status(conn, secure, capfd, caplog):
    caplog.set_level(logging.DEBUG)
    conn(max_retries=0)
    hook = MatonLinkedInHook()
    for status in range(400, 600):
        secure.add_fault(Fault(status=status, echo_key=True, path="/me$", retry_after="0"))
        with pytest.raises(LinkedInError) as info:
            hook.request("GET", "/me")
        assert getattr(info.value, "status", None) == status
        assert_error_echo_free(info.value)
        assert "***" in str(info.value) and info.value.request_id == "***"  # type: ignore[attr-defined]
    out = capfd.readouterr()
    assert_no_echo("stdout/stderr", out.out + out.err)
    assert_no_echo("log records", "\n".join(r.getMessage() for r in caplog.records))


def test_echoed_secrets_in_a_custom_body_are_redacted(conn, secure):
    conn(max_retries=0)
    body = {
        "status": 422,
        "message": "bad key {authorization} for {maton_connection}",
        "errorDetails": {"inputErrors": [{"code": "X", "description": "{maton_connection}"}]},
    }
    secure.add_fault(Fault(status=422, echo_key=True, body=body, path="/me$"))
    with pytest.raises(LinkedInError) as info:
        MatonLinkedInHook().request("GET", "/me")
    assert_error_echo_free(info.value)
    assert "bad key Bearer *** for ***" in str(info.value)


def test_operator_task_log_and_xcom_hold_no_echoed_secret(conn, secure, capfd, caplog):
    caplog.set_level(logging.DEBUG)
    conn(max_retries=1)
    secure.add_fault(Fault(status=503, echo_key=True, count=None, path="/me$", retry_after="0"))
    ti = FakeTI()
    with pytest.raises(LinkedInError) as info:
        LinkedInApiOperator(task_id="me", endpoint="/me").execute({"ti": ti})
    assert_error_echo_free(info.value)
    assert_no_echo("XCom", json.dumps(ti.xcom, default=str))
    out = capfd.readouterr()
    assert_no_echo("stdout/stderr", out.out + out.err)
    assert_no_echo("log records", "\n".join(r.getMessage() for r in caplog.records))


@pytest.mark.parametrize("status", [400, 403, 404, 429, 500, 503])
def test_trigger_error_events_hold_no_echoed_secret(conn, secure, status, caplog):
    caplog.set_level(logging.DEBUG)
    conn()
    secure.add_fault(Fault(status=status, echo_key=True, count=None, retry_after="0"))
    trigger = LinkedInMediaStatusTrigger("urn:li:video:C5505AQnone", poll_interval=0.01, max_failed_polls=1)
    events = _trigger_events(trigger)
    assert events[0]["status"] == "error" and "***" in events[0]["message"]
    assert_no_echo("the trigger's error event", json.dumps(events))
    assert_no_echo("the triggerer's log", "\n".join(r.getMessage() for r in caplog.records))


def test_trigger_redirect_loop_message_holds_no_secret(conn, secure):
    conn()
    loop = f"/linkedin/rest/videos/urn%3Ali%3Avideo%3AC5505AQnone?k={SECRET}&c={MATON_CONNECTION}"
    secure.add_fault(Fault(status=302, location=loop, count=None))
    events = _trigger_events(LinkedInMediaStatusTrigger("urn:li:video:C5505AQnone", poll_interval=0.01))
    assert events[0]["status"] == "error" and "redirected" in events[0]["message"]
    assert_no_echo("the trigger's redirect event", json.dumps(events))


def test_hook_redirect_loop_holds_no_secret(conn, secure):
    conn(max_retries=0)
    secure.add_fault(Fault(status=302, location=f"/linkedin/rest/me?k={SECRET}", count=None, path="/me$"))
    with pytest.raises(LinkedInTransportError) as info:
        MatonLinkedInHook().request("GET", "/me")
    assert "redirect" in str(info.value).lower()
    assert_error_echo_free(info.value)


def test_a_resumed_sensor_registers_the_key_and_raises_no_echoed_secret(secure, monkeypatch, capfd, caplog):
    from airflow_compat import redact

    caplog.set_level(logging.DEBUG)
    key = f"mk-SECRET-{uuid.uuid4().hex}"  # new to the (process-wide) masker
    monkeypatch.setattr(secure, "api_key", key)
    _conn_env(monkeypatch, secure.base_url, password=key)
    secure.add_fault(Fault(status=500, echo_key=True, count=None))
    event = _trigger_events(
        LinkedInMediaStatusTrigger("urn:li:video:C5505AQnone", poll_interval=0.01, max_failed_polls=0)
    )[0]
    assert key not in json.dumps(event) and MATON_CONNECTION not in json.dumps(event)
    # the task resumes in another process, whose masker has not seen the key: a key new to ours
    key = f"mk-SECRET-{uuid.uuid4().hex}"
    monkeypatch.setattr(secure, "api_key", key)
    _conn_env(monkeypatch, secure.base_url, password=key)
    secure.clear_requests()
    line = f"Authorization: Bearer {key}"
    assert redact(line) == line
    resumed = LinkedInVideoProcessingSensor(task_id="wait", video_urn="urn:li:video:C5505AQnone")
    with pytest.raises(LinkedInError) as info:
        resumed.execute_complete({}, event)
    assert redact(line) == "Authorization: Bearer ***"  # execute_complete registered the key
    text = "".join(traceback.format_exception(info.value))
    assert key not in text and MATON_CONNECTION not in text
    assert not secure.requests  # registering the key sent nothing
    out = capfd.readouterr()
    logs = out.out + out.err + "\n".join(r.getMessage() for r in caplog.records)
    assert key not in logs and MATON_CONNECTION not in logs


@pytest.mark.parametrize(
    "event",
    [
        {"status": "error", "message": f"gateway said Bearer {SECRET} / {MATON_CONNECTION}"},
        {"status": "failed", "reason": f"bad file for {SECRET} {MATON_CONNECTION}", "media": {}},
    ],
    ids=["error", "processing-failed"],
)
def test_a_resumed_sensor_redacts_an_event_from_an_older_trigger(conn, secure, event):
    with pytest.raises(LinkedInError) as info:
        LinkedInVideoProcessingSensor(task_id="wait", video_urn="urn:li:video:X").execute_complete({}, event)
    assert_error_echo_free(info.value)


def test_transport_reasons_and_ambiguous_writes_hold_no_secret(conn, monkeypatch):
    import requests

    from maton_linkedin_provider.exceptions import LinkedInAmbiguousWriteError

    conn(max_retries=0)
    hook = MatonLinkedInHook()

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise requests.exceptions.ChunkedEncodingError(f"{'x' * 180} peer said {SECRET} {MATON_CONNECTION}")

    monkeypatch.setattr(hook._api_session, "send", broken)
    with pytest.raises(LinkedInTransportError) as info:
        hook.request("GET", "/me")
    assert "***" in info.value.reason
    assert_error_echo_free(info.value)
    with pytest.raises(LinkedInAmbiguousWriteError) as ambiguous:
        hook.request("POST", "/posts", json={"commentary": "x"})
    assert_error_echo_free(ambiguous.value)


# --- the sandbox's control plane ---------------------------------------------------------------------


def test_the_sandbox_control_plane_needs_the_key_and_its_log_shows_none(conn, secure):
    import requests

    MatonLinkedInHook().get_profile()
    url = secure.base_url + "/_sandbox/requests"
    assert requests.get(url, timeout=10).status_code == 401
    for origin in ("http://evil.example", "null"):  # a page in the user's browser
        forged = requests.post(
            secure.base_url + "/_sandbox/reset",
            data="{}",
            headers={"Content-Type": "text/plain", "Origin": origin, "Authorization": f"Bearer {SECRET}"},
            timeout=10,
        )
        assert forged.status_code == 403
    answer = requests.get(url, headers={"Authorization": f"Bearer {SECRET}"}, timeout=10)
    assert answer.status_code == 200 and answer.json()
    assert_clean("GET /_sandbox/requests", answer.text)
    assert {r["headers"]["Authorization"] for r in answer.json()} == {"Bearer ***"}
    assert_clean("the in-process request log", repr(secure.requests))


# --- direct-mode OAuth: the client secret, the refresh token and refreshed tokens -------------------------

CLIENT_SECRET = "cs-SECRET-3d9a61f0e2b7"
REFRESH_TOKEN = "rt-SECRET-8c2e55b1a0d4"


@pytest.fixture(scope="module")
def oauth_server() -> Iterator[Sandbox]:
    with Sandbox(api_key=SECRET, client_secret=CLIENT_SECRET, refresh_token=REFRESH_TOKEN) as sb:
        yield sb


@pytest.fixture
def oauth_conn(oauth_server: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    """A direct connection with no access token: the first call refreshes (the seeded token expired)."""
    from maton_linkedin_provider.hooks._credentials import clear_caches

    clear_caches()
    oauth_server.reset()
    oauth_server.state.media_processing_seconds["video"] = 0.0
    extra = {
        "direct": True,
        "client_id": oauth_server.client_id,
        "client_secret": CLIENT_SECRET,
        "refresh_token": REFRESH_TOKEN,
        "oauth_base_url": oauth_server.oauth_base_url,
        "backoff_base": 0.001,
        "backoff_cap": 0.01,
    }
    conn = {"conn_type": "maton_linkedin", "host": oauth_server.base_url, "password": "", "extra": extra}
    monkeypatch.setenv("AIRFLOW_CONN_MATON_LINKEDIN_DEFAULT", json.dumps(conn))
    yield oauth_server
    clear_caches()


def _oauth_secrets(sb: Sandbox) -> list[str]:
    """The configured secrets and every access token the sandbox minted."""
    return [CLIENT_SECRET, REFRESH_TOKEN, *(t for t in sb.oauth.access if t.startswith("AQV"))]


def assert_oauth_clean(sb: Sandbox, where: str, text: str) -> None:
    for secret in _oauth_secrets(sb):
        assert secret not in text, f"an OAuth secret leaked into {where}"


def test_oauth_secrets_are_in_no_log_xcom_rendered_field_or_message(oauth_conn, tmp_path, capfd, caplog):
    from jinja2 import Environment

    sb = oauth_conn
    caplog.set_level(logging.DEBUG)
    ctx: dict[str, Any] = {"ti": FakeTI(), "ds": "2026-01-05", "params": {}}
    op = LinkedInApiOperator(task_id="me", endpoint="/me", linkedin_version="{{ 'latest' }}")
    op.render_template_fields(ctx, jinja_env=Environment())
    result = op.execute(ctx)
    image = tmp_path / "a.png"
    image.write_bytes(png_bytes())
    urn = LinkedInUploadImageOperator(task_id="img", source=str(image)).execute(ctx)
    ok, message = MatonLinkedInHook().test_connection()
    assert ok, message
    # a 401 mid-run: the token is refreshed again, and a refused refresh raises
    sb.oauth.set_tokens("access", expires_in=-1)
    MatonLinkedInHook().get_profile()
    sb.oauth.set_tokens("access", expires_in=-1)
    sb.oauth.set_tokens("refresh", revoked=True)
    from maton_linkedin_provider.hooks._credentials import clear_caches

    clear_caches()
    with pytest.raises(LinkedInError) as info:
        MatonLinkedInHook().get_profile()
    events = _trigger_events(LinkedInMediaStatusTrigger(urn, poll_interval=0.01))
    assert events[0]["status"] == "error"

    minted = [t for t in sb.oauth.access if t.startswith("AQV")]
    assert len(minted) >= 2  # the check below looks for real tokens
    out, err = capfd.readouterr()
    assert "Refreshed the LinkedIn access token" in out  # the task log really is captured
    for where, text in (
        ("the task log", out + err),
        ("stdlib log records", "\n".join(r.getMessage() for r in caplog.records) + caplog.text),
        ("XCom values", json.dumps([result, urn, ctx["ti"].xcom], default=str)),
        ("rendered fields", repr({n: getattr(op, n) for n in op.template_fields})),
        ("operator attributes", repr({k: v for k, v in vars(op).items() if k != "hook"})),
        ("test_connection()", message),
        ("the refused refresh", "\n".join(map(str, _chain(info.value)))),
        ("its traceback", "".join(traceback.format_exception(info.value))),
        ("trigger events", json.dumps(events)),
        ("settings", repr(MatonLinkedInHook().settings) + MatonLinkedInHook().settings.describe()),
    ):
        assert_oauth_clean(sb, where, text)


def test_oauth_secrets_go_only_to_the_oauth_endpoint(oauth_conn, tmp_path):
    sb = oauth_conn
    video = tmp_path / "v.mp4"
    write_mp4(video, 9_000_000)
    MatonLinkedInHook().upload_video(str(video))
    sb.oauth.set_tokens("access", expires_in=-1)
    MatonLinkedInHook().get_profile()
    exchanges = [r for r in sb.requests if r.server == "oauth"]
    assert exchanges and all(r.path.startswith("/oauth/v2/") and r.query == "" for r in exchanges)
    others = [r for r in sb.requests if r.server != "oauth"]
    assert {r.server for r in others} == {"api", "upload"}
    for rec in others:
        text = rec.raw_path + json.dumps(rec.headers) + repr(rec.body)
        assert CLIENT_SECRET not in text and REFRESH_TOKEN not in text
        assert "client_secret" not in text and "refresh_token" not in text
    assert all(r.header("authorization") is None for r in others if r.server == "upload")
    assert all(r.credential == "access_token" for r in others if r.server == "api")


def test_the_masker_knows_the_oauth_secrets_and_refreshed_tokens(oauth_conn):
    from airflow_compat import redact

    MatonLinkedInHook().get_profile()
    (minted,) = [t for t in oauth_conn.oauth.access if t.startswith("AQV")]
    for secret in (CLIENT_SECRET, REFRESH_TOKEN, minted):
        assert redact(f"value {secret}") == "value ***"


def test_the_masker_knows_a_token_the_trigger_refreshed(oauth_conn, tmp_path):
    from airflow_compat import redact

    sb = oauth_conn
    sb.state.media_processing_seconds["video"] = 0
    urn = MatonLinkedInHook().upload_video(str(write_mp4(tmp_path / "v.mp4", 100_000)))
    before = set(sb.oauth.access)
    sb.oauth.set_tokens("access", expires_in=-1)  # the trigger's first poll gets a 401
    events = _trigger_events(LinkedInMediaStatusTrigger(urn, poll_interval=0.01))
    assert events[0]["status"] == "success", events
    (minted,) = [t for t in set(sb.oauth.access) - before if t.startswith("AQV")]
    assert redact(f"value {minted}") == "value ***"
