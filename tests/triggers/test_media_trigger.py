"""LinkedInMediaStatusTrigger on its own: one event, Retry-After, bounded failures, serialization."""

from __future__ import annotations

import asyncio

import pytest

from maton_linkedin_provider.example_dags._samples import write_mp4
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.sandbox import Fault
from maton_linkedin_provider.triggers import media as trigger_module
from maton_linkedin_provider.triggers.media import LinkedInMediaStatusTrigger, classify


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

    async def counting_poll(self, session, settings):
        calls["n"] += 1
        if calls["n"] == polls_before_ready:
            sandbox.state.set_media_status(video, "AVAILABLE")
        return await original(self, session, settings)

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


@pytest.mark.parametrize(
    ("status", "waited", "expected"),
    [
        ("AVAILABLE", 0, "success"),
        ("PROCESSING_FAILED", 0, "failed"),
        ("PROCESSING", 10_000, None),
        ("WAITING_UPLOAD", 10, None),
        ("WAITING_UPLOAD", 601, "error"),
    ],
)
def test_classify(status, waited, expected):
    event = classify({"id": "urn:li:video:C1", "status": status}, waited, 600)
    assert (event or {}).get("status") == expected
