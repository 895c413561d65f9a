"""LinkedInMediaStatusTrigger on its own: one event, the bytes it sends, Retry-After, bounded failures,
serialization, the shared connection pool."""

from __future__ import annotations

import asyncio

import pytest

from maton_linkedin_provider.example_dags._samples import write_mp4
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.sandbox import Fault
from maton_linkedin_provider.triggers import media as trigger_module
from maton_linkedin_provider.triggers.media import LinkedInMediaStatusTrigger


@pytest.fixture
def video(set_conn, sandbox, tmp_path) -> str:
    sandbox.state.media_processing_seconds["video"] = 3600
    urn = MatonLinkedInHook().upload_video(write_mp4(tmp_path / "v.mp4", 100_000))
    sandbox.clear_requests()
    return urn


@pytest.fixture
def sleeps(monkeypatch) -> list[float]:
    """Record the trigger's waits and skip them (its schedule is under test, not the clock)."""
    waited: list[float] = []
    real_sleep = asyncio.sleep

    async def fake_sleep(delay: float) -> None:
        waited.append(delay)
        await real_sleep(0)

    monkeypatch.setattr(trigger_module.asyncio, "sleep", fake_sleep)
    return waited


def run(trigger) -> list[dict]:
    async def go():
        return [e.payload async for e in trigger.run()]

    return asyncio.run(go())


def test_serialize_round_trip():
    trigger = LinkedInMediaStatusTrigger("urn:li:video:C1", "conn", "202605", 7.0, 60.0, 3, started_at=123.0)
    classpath, kwargs = trigger.serialize()
    module, _, name = classpath.rpartition(".")
    clone = getattr(__import__(module, fromlist=[name]), name)(**kwargs)
    assert clone.serialize() == (classpath, kwargs)
    assert all(isinstance(v, (str, int, float, type(None))) for v in kwargs.values())


def test_polls_until_available(video, sandbox, sleeps):
    polls_before_ready = 3
    calls = {"n": 0}
    original = LinkedInMediaStatusTrigger._poll

    async def counting_poll(self, session, settings, path):
        calls["n"] += 1
        if calls["n"] == polls_before_ready:
            sandbox.state.set_media_status(video, "AVAILABLE")
        return await original(self, session, settings, path)

    trigger = LinkedInMediaStatusTrigger(video, poll_interval=30)
    trigger._poll = counting_poll.__get__(trigger)  # type: ignore[method-assign]
    events = run(trigger)
    assert [e["status"] for e in events] == ["success"]
    assert events[0]["polls"] == polls_before_ready
    assert sleeps == [30.0] * (polls_before_ready - 1)
    gets = [r for r in sandbox.requests if "/videos/" in r.path]
    assert len(gets) == polls_before_ready
    assert all(
        r.header("LinkedIn-Version") and r.header("X-Restli-Protocol-Version") == "2.0.0" for r in gets
    )


def test_honours_retry_after_and_tolerates_5xx(video, sandbox, sleeps):
    sandbox.add_fault(Fault(status=429, count=1, retry_after="45", path="/videos/"))
    sandbox.add_fault(Fault(status=502, count=2, path="/videos/"))
    sandbox.state.set_media_status(video, "AVAILABLE")
    events = run(LinkedInMediaStatusTrigger(video, poll_interval=5, max_failed_polls=3))
    assert [e["status"] for e in events] == ["success"]
    assert sleeps == [45.0, 5.0, 5.0]


def test_gives_up_after_max_failed_polls(video, sandbox, sleeps):
    sandbox.add_fault(Fault(status=503, count=None, path="/videos/"))
    events = run(LinkedInMediaStatusTrigger(video, poll_interval=1, max_failed_polls=2))
    assert len(events) == 1 and events[0]["status"] == "error"
    assert "3 failed polls in a row" in events[0]["message"]
    assert len([r for r in sandbox.requests if "/videos/" in r.path]) == 3


def test_a_404_is_an_error_at_once(set_conn, sandbox, sleeps):
    events = run(LinkedInMediaStatusTrigger("urn:li:video:C5505AQmissing", poll_interval=1))
    assert len(events) == 1 and events[0]["status"] == "error" and "404" in events[0]["message"]
    assert sleeps == []


def test_processing_failed_event(video, sandbox, sleeps):
    sandbox.state.set_media_status(video, "PROCESSING_FAILED", "UNSUPPORTED_FORMAT")
    events = run(LinkedInMediaStatusTrigger(video))
    assert events[0]["status"] == "failed" and events[0]["reason"] == "UNSUPPORTED_FORMAT"


# --- the bytes on the wire ------------------------------------------------------------------------


def _encoded(urn: str) -> str:
    return urn.replace(":", "%3A")


def _media_gets(sandbox) -> list:
    return [r for r in sandbox.requests if r.method == "GET" and "/videos/" in r.path]


def test_gateway_mode_sends_the_urn_percent_encoded(video, sandbox, sleeps):
    sandbox.state.set_media_status(video, "AVAILABLE")
    assert [e["status"] for e in run(LinkedInMediaStatusTrigger(video))] == ["success"]
    (get,) = _media_gets(sandbox)
    assert get.raw_path == f"/linkedin/rest/videos/{_encoded(video)}"  # as received, nothing decoded
    assert get.status == 200


def test_direct_mode_sends_the_urn_percent_encoded(video, sandbox, set_conn, sleeps):
    set_conn(password=sandbox.access_token, direct=True)
    sandbox.state.set_media_status(video, "AVAILABLE")
    assert [e["status"] for e in run(LinkedInMediaStatusTrigger(video))] == ["success"]
    (get,) = _media_gets(sandbox)
    assert get.raw_path == f"/rest/videos/{_encoded(video)}"
    assert get.credential == "access_token" and get.header("Maton-Connection") is None


@pytest.mark.parametrize("absolute", [False, True], ids=["relative-location", "absolute-location"])
def test_a_redirect_is_followed_with_the_urn_still_encoded(video, sandbox, sleeps, absolute):
    moved = f"/linkedin/rest/videos/{_encoded(video)}"
    location = sandbox.base_url + moved if absolute else moved
    sandbox.add_fault(Fault(status=307, location=location, path="/videos/"))
    sandbox.state.set_media_status(video, "AVAILABLE")
    events = run(LinkedInMediaStatusTrigger(video))
    assert [e["status"] for e in events] == ["success"] and events[0]["polls"] == 1
    first, second = _media_gets(sandbox)
    assert (first.status, first.fault, second.status) == (307, "307", 200)
    assert second.raw_path == moved
    assert second.credential == "api_key"  # same origin: kept
    assert sleeps == []  # a redirect is part of one poll


def test_a_redirect_to_another_origin_arrives_encoded_and_without_credentials(
    video, sandbox, set_conn, sleeps
):
    set_conn(maton_connection="conn-1")
    moved = f"/linkedin/rest/videos/{_encoded(video)}"
    other_origin = sandbox.base_url.replace("127.0.0.1", "localhost")
    sandbox.add_fault(Fault(status=302, location=other_origin + moved, path="/videos/"))
    events = run(LinkedInMediaStatusTrigger(video))
    assert len(events) == 1 and events[0]["status"] == "error" and "401" in events[0]["message"]
    first, second = _media_gets(sandbox)
    assert first.header("Authorization") and first.header("Maton-Connection") == "conn-1"
    assert second.raw_path == moved
    assert second.header("Authorization") is None and second.header("Maton-Connection") is None
    assert second.header("LinkedIn-Version")  # only the credentials are dropped


def test_too_many_redirects_is_an_error(video, sandbox, sleeps):
    sandbox.add_fault(Fault(status=307, location=f"/linkedin/rest/videos/{_encoded(video)}", count=None))
    events = run(LinkedInMediaStatusTrigger(video))
    assert (
        len(events) == 1 and events[0]["status"] == "error" and "redirected more than" in events[0]["message"]
    )
    assert len(_media_gets(sandbox)) == trigger_module.MAX_REDIRECTS + 1


@pytest.mark.parametrize(
    ("urn", "says"),
    [
        ("urn:li:video:C1/../../me", "invalid video id"),
        ("urn:li:share:1", "is not an image, video or document URN"),
        ("urn%3Ali%3Avideo%3AC1", "percent-encoded"),
        ("", "is empty"),
    ],
)
def test_an_invalid_urn_is_one_error_event_and_no_request(set_conn, sandbox, sleeps, urn, says):
    events = run(LinkedInMediaStatusTrigger(urn))
    assert len(events) == 1 and events[0]["status"] == "error"
    assert events[0]["message"].startswith("media_urn: ") and says in events[0]["message"]
    assert sandbox.requests == [] and sleeps == []


# --- the retry decision (linkedin.retry, as the sync hook) ------------------------------------------


def test_retry_after_over_the_cap_is_an_error_event_at_once(video, sandbox, sleeps):
    sandbox.add_fault(Fault(status=429, retry_after="3600", path="/videos/"))
    events = run(LinkedInMediaStatusTrigger(video, poll_interval=1, max_retry_after=120))
    assert len(events) == 1 and events[0]["status"] == "error"
    assert "Retry-After 3600s is longer than the trigger's max_retry_after 120s" in events[0]["message"]
    assert len(_media_gets(sandbox)) == 1 and sleeps == []


def test_retry_after_under_the_cap_is_waited(video, sandbox):
    """Real time, small numbers: the second GET comes Retry-After (not poll_interval) after the 429."""
    sandbox.add_fault(Fault(status=429, retry_after="1", path="/videos/"))
    sandbox.state.set_media_status(video, "AVAILABLE")
    events = run(LinkedInMediaStatusTrigger(video, poll_interval=0.05, max_retry_after=2))
    assert [e["status"] for e in events] == ["success"]
    throttled, served = _media_gets(sandbox)
    assert (throttled.status, served.status) == (429, 200)
    assert served.time - throttled.time >= 0.95


def test_backoff_never_polls_faster_than_the_interval(video, sandbox, set_conn, sleeps):
    set_conn(backoff_base=8, backoff_cap=8)
    sandbox.add_fault(Fault(status=503, count=2, path="/videos/"))
    sandbox.state.set_media_status(video, "AVAILABLE")
    assert [e["status"] for e in run(LinkedInMediaStatusTrigger(video, poll_interval=2))] == ["success"]
    assert len(sleeps) == 2 and all(4.0 <= s <= 8.0 for s in sleeps)  # the policy's backoff (> interval)
    sleeps.clear()
    sandbox.add_fault(Fault(status=503, count=1, path="/videos/"))
    assert [e["status"] for e in run(LinkedInMediaStatusTrigger(video, poll_interval=30))] == ["success"]
    assert sleeps == [30.0]  # the interval (> backoff)


def test_a_connection_refused_is_retried_within_the_budget(set_conn, sleeps):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    set_conn(host=f"http://127.0.0.1:{port}")
    events = run(LinkedInMediaStatusTrigger("urn:li:video:C1", poll_interval=1, max_failed_polls=2))
    assert len(events) == 1 and events[0]["status"] == "error"
    assert "3 failed polls in a row" in events[0]["message"]
    assert sleeps == [1.0, 1.0]


# --- one connection pool per event loop and base URL ------------------------------------------------


def test_triggers_share_one_pool_and_read_their_own_connection(video, sandbox, set_conn):
    set_conn("bad_key", password="not-the-key")
    # Still processing for a while: all 20 good triggers are waiting at once (on slow Airflow
    # versions, reading 21 connections takes long enough for a quick one to finish first).
    sandbox.state.restart_processing(video, 1.5)
    sessions: list[object] = []
    original = LinkedInMediaStatusTrigger._poll

    async def spying_poll(self, session, settings, path):
        sessions.append(session)
        return await original(self, session, settings, path)

    async def go():
        triggers = [LinkedInMediaStatusTrigger(video, poll_interval=0.2) for _ in range(20)]
        triggers.append(LinkedInMediaStatusTrigger(video, maton_conn_id="bad_key", poll_interval=0.2))
        for t in triggers:
            t._poll = spying_poll.__get__(t)  # type: ignore[method-assign]

        async def one(t):
            return [e.payload async for e in t.run()]

        results = await asyncio.gather(*(one(t) for t in triggers))
        assert trigger_module._SESSIONS == {}  # closed with its last user
        return results

    results = asyncio.run(go())
    assert [len(r) for r in results] == [1] * 21
    assert [r[0]["status"] for r in results[:20]] == ["success"] * 20
    assert results[20][0]["status"] == "error" and "401" in results[20][0]["message"]  # its own key
    assert len({id(s) for s in sessions}) == 1 and all(s.closed for s in sessions)  # type: ignore[attr-defined]
    keys = {r.credential for r in _media_gets(sandbox)}
    assert keys == {"api_key", "other"}  # the log keeps which key, never the key


def test_a_new_event_loop_gets_a_new_pool(video, sandbox, sleeps):
    sandbox.state.set_media_status(video, "AVAILABLE")
    for _ in range(2):  # each asyncio.run is a new loop: the first loop's session is closed, not reused
        assert [e["status"] for e in run(LinkedInMediaStatusTrigger(video))] == ["success"]
        assert trigger_module._SESSIONS == {}


def test_a_cancelled_trigger_releases_the_pool(video, sandbox):
    async def go():
        task = asyncio.ensure_future(_consume(LinkedInMediaStatusTrigger(video, poll_interval=3600)))
        while not _media_gets(sandbox):
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
        assert len(trigger_module._SESSIONS) == 1
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert trigger_module._SESSIONS == {}

    async def _consume(trigger):
        return [e async for e in trigger.run()]

    asyncio.run(go())
