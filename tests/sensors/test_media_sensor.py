"""LinkedInVideoProcessingSensor in poke, reschedule and deferrable modes, against the sandbox."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from maton_linkedin_provider.example_dags._samples import write_mp4
from maton_linkedin_provider.exceptions import LinkedInError, LinkedInMediaProcessingError
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.sandbox import Fault
from maton_linkedin_provider.sensors.media import LinkedInMediaProcessingSensor, LinkedInVideoProcessingSensor
from maton_linkedin_provider.triggers.media import LinkedInMediaStatusTrigger


class FakeTI:
    """The bits of a task instance a sensor reads (the Airflow runtime is not under test here)."""

    def __init__(self, first_reschedule: dt.datetime | None = None) -> None:
        self.first_reschedule = first_reschedule
        self.try_number = 1

    def get_first_reschedule_date(self, context):
        return self.first_reschedule


@pytest.fixture
def video(set_conn, sandbox, tmp_path) -> str:
    sandbox.state.media_processing_seconds["video"] = 3600
    hook = MatonLinkedInHook()
    urn = hook.upload_video(write_mp4(tmp_path / "v.mp4", 100_000))
    sandbox.clear_requests()
    return urn


def sensor(urn: str, **kwargs) -> LinkedInVideoProcessingSensor:
    kwargs.setdefault("poke_interval", 0.05)
    kwargs.setdefault("timeout", 30)
    return LinkedInVideoProcessingSensor(task_id="wait", video_urn=urn, **kwargs)


def video_gets(sandbox) -> int:
    return len([r for r in sandbox.requests if r.method == "GET" and "/videos/" in r.path])


def make_available_after(sandbox, urn: str, seconds: float) -> None:
    sandbox.state.restart_processing(urn, seconds)


class TestPokeMode:
    def test_returns_the_video_once_available(self, video, sandbox):
        make_available_after(sandbox, video, 1.0)
        media = sensor(video, mode="poke", poke_interval=0.1).execute({"ti": FakeTI()})
        assert media["status"] == "AVAILABLE" and media["id"] == video
        assert 2 <= video_gets(sandbox) <= 1.0 / 0.1 + 2  # it waited, and polled no more than needed

    def test_processing_failed_fails_at_once_without_retries(self, video, sandbox):
        sandbox.state.set_media_status(video, "PROCESSING_FAILED", "UNSUPPORTED_FORMAT: not an MP4 file")
        with pytest.raises(LinkedInMediaProcessingError) as info:
            sensor(video, mode="poke").execute({"ti": FakeTI()})
        from airflow_compat import AirflowFailException

        assert isinstance(info.value, AirflowFailException)
        assert "UNSUPPORTED_FORMAT" in str(info.value)
        assert video_gets(sandbox) == 1

    def test_stuck_in_waiting_upload(self, set_conn, sandbox):
        hook = MatonLinkedInHook()
        value = hook._initialize("videos", {"owner": hook.get_person_urn(), "fileSizeBytes": 100_000})
        with pytest.raises(LinkedInError, match=r"WAITING_UPLOAD.*never finalized"):
            sensor(value["video"], mode="poke", waiting_upload_grace=0.2).execute({"ti": FakeTI()})

    def test_5xx_and_429_while_polling_are_absorbed(self, video, sandbox):
        make_available_after(sandbox, video, 0.2)
        sandbox.add_fault(Fault(status=503, count=2, method="GET", path="/videos/"))
        sandbox.add_fault(Fault(status=429, count=1, retry_after="0", method="GET", path="/videos/"))
        assert sensor(video, mode="poke").execute({"ti": FakeTI()})["status"] == "AVAILABLE"

    def test_timeout(self, video, sandbox):
        from airflow_compat import AirflowSensorTimeout

        with pytest.raises(AirflowSensorTimeout):
            sensor(video, mode="poke", timeout=0.3).execute({"ti": FakeTI()})


class TestRescheduleMode:
    def test_reschedules_until_available(self, video, sandbox):
        from airflow_compat import AirflowRescheduleException

        task = sensor(video, mode="reschedule", poke_interval=60)
        with pytest.raises(AirflowRescheduleException):
            task.execute({"ti": FakeTI()})
        sandbox.state.set_media_status(video, "AVAILABLE")
        assert task.execute({"ti": FakeTI(dt.datetime.now(dt.timezone.utc))})["status"] == "AVAILABLE"

    def test_grace_counts_from_the_first_reschedule(self, set_conn, sandbox):
        hook = MatonLinkedInHook()
        urn = hook._initialize("videos", {"owner": hook.get_person_urn(), "fileSizeBytes": 100_000})["video"]
        long_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=2)
        with pytest.raises(LinkedInError, match="never finalized"):
            sensor(urn, mode="reschedule", poke_interval=60).execute({"ti": FakeTI(long_ago)})


class TestDeferrable:
    def test_done_at_first_poke_never_defers(self, video, sandbox):
        sandbox.state.set_media_status(video, "AVAILABLE")
        assert sensor(video, deferrable=True).execute({"ti": FakeTI()})["status"] == "AVAILABLE"

    def test_defers_then_the_trigger_delivers_one_event(self, video, sandbox):
        from airflow_compat import TaskDeferred

        task = sensor(video, deferrable=True, poke_interval=0.05, timeout=600)
        with pytest.raises(TaskDeferred) as info:
            task.execute({"ti": FakeTI()})
        deferred = info.value
        trigger = deferred.trigger
        assert isinstance(trigger, LinkedInMediaStatusTrigger)
        assert deferred.method_name == "execute_complete"
        assert deferred.timeout == dt.timedelta(seconds=600)
        classpath, kwargs = trigger.serialize()
        assert classpath == "maton_linkedin_provider.triggers.media.LinkedInMediaStatusTrigger"
        assert kwargs["media_urn"] == video and kwargs["maton_conn_id"] == "maton_linkedin_default"
        assert sandbox.api_key not in repr(kwargs)

        make_available_after(sandbox, video, 0.3)
        events = asyncio.run(collect(trigger))
        assert len(events) == 1 and events[0]["status"] == "success"
        assert task.execute_complete({"ti": FakeTI()}, events[0])["id"] == video

    def test_error_events_raise(self, video):
        task = sensor(video, deferrable=True)
        with pytest.raises(LinkedInMediaProcessingError, match="BAD_CODEC"):
            task.execute_complete({}, {"status": "failed", "reason": "BAD_CODEC"})
        with pytest.raises(LinkedInError, match="boom"):
            task.execute_complete({}, {"status": "error", "message": "boom"})


def test_generic_sensor_takes_images_and_refuses_other_urns(set_conn, sandbox):
    from maton_linkedin_provider.exceptions import LinkedInInputError

    task = LinkedInMediaProcessingSensor(
        task_id="w", media_urn="urn:li:share:1", poke_interval=0.05, timeout=1
    )
    with pytest.raises(LinkedInInputError, match="urn"):
        task.execute({"ti": FakeTI()})
    assert sandbox.requests == []


async def collect(trigger: LinkedInMediaStatusTrigger) -> list[dict]:
    return [event.payload async for event in trigger.run()]
