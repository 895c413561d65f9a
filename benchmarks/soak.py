"""``make soak``: posts, video uploads and campaign updates through the operators, with faults.

About 20 % of the requests the provider sends get a fault (429 with and without Retry-After,
500/502/503, connection resets in the headers or the body, latency spikes, and "the effect was
applied, then the connection dropped"), on creates, upload parts, finalize, media status reads,
campaign updates and every other read. Every unit of work goes through the operators with
Airflow-style task retries: a task that raises is run again with ``try_number + 1`` by a fresh
operator (a new process in Airflow), up to ``--tries`` times, unless it raised
``AirflowFailException``.

Then the sandbox's final state is compared with the intended one. It is read over the sandbox's
direct-mode API (``/rest/...`` with the LinkedIn token), which the faults never match and which does
not go through the provider, so the check does not trust the code under test. Counts:

- **done**: the task (for a video: upload, wait, post) succeeded within its tries;
- **failed**: it still failed after every try (Airflow would show it failed; nothing silent);
- **duplicated**: extra copies in the final state (a post published twice);
- **lost**: a task reported success but its effect is missing (a post absent, an update not in place);
- **wrong**: the effect is there but the task's XCom does not point at it (or the video is not
  AVAILABLE).

Goal: all done, 0 duplicated, 0 lost, 0 wrong, and no post that nobody asked for.

Slow creates: after the mix above, more posts go through a connection with a short timeout while
LinkedIn (the sandbox) takes longer than that timeout to apply each create. The client gives up, yet
the post lands a moment later: re-sending at once would publish it twice. This runs twice, once with
the sandbox's own DUPLICATE_POST guard on (LinkedIn's 422 for a repeat) and once with it off, so our
guard must hold on its own, as when LinkedIn's window is shorter than we think.

``python -m benchmarks.soak [--posts 100 --videos 10 --updates 50 --fault-rate 0.2 --seed N]``
starts the sandbox in its own process; ``tests/test_soak.py`` runs a smaller soak against the
in-process one with :func:`run_soak`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks._common import conn_env, control, sandbox_process

#: The sandbox's part size: videos above it are uploaded in several parts.
PART_SIZE = 4 * 1024 * 1024
#: The ad account whose campaigns the soak updates (the sandbox's seed account, in USD).
AD_ACCOUNT = "507000001"
#: Gateway paths (``/linkedin/rest/...``); the oracle reads ``/rest/...``, which no fault matches.
GATEWAY = "^/linkedin/rest/"

#: The slow-create runs: name -> LinkedIn's DUPLICATE_POST guard on or off in the sandbox.
SLOW_RUNS = {"slow creates, LinkedIn guard on": True, "slow creates, LinkedIn guard off": False}

#: Modules imported before the clock starts.
_WARM_UP = (
    "maton_linkedin_provider.hooks.linkedin",
    "maton_linkedin_provider.operators.ads",
    "maton_linkedin_provider.operators.media",
    "maton_linkedin_provider.operators.posts",
    "maton_linkedin_provider.sensors.media",
)

Json = dict[str, Any]


# --- the fault mix -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FaultKind:
    """One kind of fault: a label for the report and the sandbox ``Fault`` fields that make it."""

    label: str
    fields: Json
    writes_only: bool = False


@dataclass(frozen=True)
class Target:
    """A class of requests that gets faults: the sandbox ``Fault`` matching fields."""

    label: str
    match: Json
    writes: bool


def fault_kinds(latency: float, retry_after: str = "0") -> tuple[FaultKind, ...]:
    """The kinds of fault the soak injects (the last two only on writes: on a read they are a reset)."""
    return (
        FaultKind("429 with Retry-After", {"status": 429, "retry_after": retry_after}),
        FaultKind("429 without Retry-After", {"status": 429}),
        FaultKind("500", {"status": 500}),
        FaultKind("502", {"status": 502}),
        FaultKind("503", {"status": 503}),
        FaultKind("reset in the headers", {"reset": True, "reset_at": "headers"}),
        FaultKind("reset in the body", {"reset": True, "reset_at": "body"}),
        FaultKind("latency spike", {"latency": latency}),
        FaultKind("applied, then connection dropped", {"after_effect": True}, writes_only=True),
        FaultKind("applied, then 504", {"after_effect": True, "status": 504}, writes_only=True),
    )


TARGETS: tuple[Target, ...] = (
    Target("post creates", {"server": "api", "method": "POST", "path": GATEWAY + "posts$"}, True),
    Target(
        "video initialize/finalize", {"server": "api", "method": "POST", "path": GATEWAY + "videos$"}, True
    ),
    Target("upload part PUTs", {"server": "upload", "method": "PUT"}, True),
    Target("media status GETs", {"server": "api", "method": "GET", "path": GATEWAY + "videos/"}, False),
    Target(
        "campaign PARTIAL_UPDATEs",
        {"server": "api", "method": "POST", "path": GATEWAY + r"adAccounts/[^/]+/adCampaigns/[^/]+$"},
        True,
    ),
    # Everything else the provider reads: /me, the posts finder, campaign and account reads.
    Target("other reads", {"server": "api", "method": "GET", "path": GATEWAY + "(?!videos/)"}, False),
)


@dataclass(frozen=True)
class PlannedFault:
    """One sandbox fault: its kind and target (for the report) and the fields sent to the sandbox."""

    kind: str
    target: str
    spec: Json


def fault_plan(rate: float, latency: float = 0.25, retry_after: str = "0") -> list[PlannedFault]:
    """Every (target, kind) pair as one ``Fault(rate=..., count=None)``.

    The targets do not overlap, so a request meets only its target's faults; each of its ``k`` kinds
    gets the rate ``1 - (1 - rate) ** (1 / k)``, which faults ``rate`` of the target's requests.
    """
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"the fault rate must be in [0, 1), got {rate}")
    plan: list[PlannedFault] = []
    for target in TARGETS:
        kinds = [k for k in fault_kinds(latency, retry_after) if target.writes or not k.writes_only]
        each = 1.0 - (1.0 - rate) ** (1.0 / len(kinds))
        for kind in kinds:
            spec = {**target.match, **kind.fields, "rate": round(each, 6), "count": None}
            plan.append(PlannedFault(kind.label, target.label, spec))
    return plan


# --- Airflow-style task runs -----------------------------------------------------------------------


class SoakTaskInstance:
    """What the operators read from ``context["ti"]``: the try number, XCom pushes, reschedules."""

    def __init__(self, task_id: str, try_number: int) -> None:
        self.task_id = task_id
        self.try_number = try_number
        self.xcom: Json = {}

    def xcom_push(self, key: str, value: Any) -> None:
        self.xcom[key] = value

    def get_first_reschedule_date(self, context: Any) -> None:
        return None


@dataclass
class TaskRun:
    """How one task went: its value, the tries it took, the errors of the failed tries."""

    task_id: str
    value: Any = None
    tries: int = 0
    ok: bool = False
    errors: list[str] = field(default_factory=list)


def run_task(task_id: str, make_operator: Callable[[], Any], tries: int) -> TaskRun:
    """Run a task as Airflow would with ``retries=tries - 1``: a fresh operator per try.

    ``AirflowFailException`` (e.g. PROCESSING_FAILED) fails the task at once, as in Airflow.
    """
    try:
        from airflow.sdk.exceptions import AirflowFailException
    except ImportError:  # Airflow 3.0
        from airflow.exceptions import AirflowFailException  # type: ignore[no-redef]

    run = TaskRun(task_id)
    for try_number in range(1, tries + 1):
        run.tries = try_number
        operator = make_operator()
        try:
            run.value = operator.execute({"ti": SoakTaskInstance(task_id, try_number)})
        except Exception as err:
            run.errors.append(f"try {try_number}: {type(err).__name__}: {err}")
            if isinstance(err, AirflowFailException):
                return run
            continue
        finally:
            hook = operator.__dict__.get("hook")
            if hook is not None:
                hook.close()
        run.ok = True
        return run
    return run


# --- the oracle: the sandbox's state, read without the provider --------------------------------------


class Oracle:
    """Reads the sandbox over its direct-mode API (``/rest/...``, LinkedIn token): never faulted."""

    def __init__(self, base_url: str, access_token: str, version: str = "202609") -> None:
        self.base_url = base_url.rstrip("/")
        self.headers = {
            "Authorization": f"Bearer {access_token}",
            "LinkedIn-Version": version,
            "X-Restli-Protocol-Version": "2.0.0",
        }

    def get(self, path: str, query: str = "") -> Any:
        url = f"{self.base_url}/rest{path}" + (f"?{query}" if query else "")
        request = urllib.request.Request(url, headers=self.headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def person_urn(self) -> str:
        return f"urn:li:person:{self.get('/me')['id']}"

    def posts(self, author: str) -> list[Json]:
        """Every post of the author, all pages."""
        rows: list[Json] = []
        author_q = urllib.parse.quote(author, safe="")
        while True:
            page = self.get(
                "/posts", f"q=author&author={author_q}&sortBy=CREATED&count=100&start={len(rows)}"
            )
            elements = page.get("elements") or []
            rows.extend(elements)
            if len(elements) < 100:
                return rows

    def video(self, urn: str) -> Json:
        video: Json = self.get(f"/videos/{urllib.parse.quote(urn, safe='')}")
        return video

    def campaign(self, campaign_id: str) -> Json:
        campaign: Json = self.get(f"/adAccounts/{AD_ACCOUNT}/adCampaigns/{campaign_id}")
        return campaign

    def campaigns(self, statuses: Sequence[str]) -> list[Json]:
        search = f"(status:(values:List({','.join(statuses)})))"
        page = self.get(f"/adAccounts/{AD_ACCOUNT}/adCampaigns", f"q=search&search={search}&pageSize=1000")
        rows: list[Json] = page.get("elements") or []
        return sorted(rows, key=lambda row: int(row["id"]))


# --- the soak ----------------------------------------------------------------------------------------


@dataclass
class SoakConfig:
    """How much work, how many faults.

    :param posts: text posts (``LinkedInCreatePostOperator``).
    :param videos: video chains: upload, wait in poke mode, post.
    :param updates: campaign updates (``LinkedInUpdateCampaignOperator``), spread over ``campaigns``.
    :param fault_rate: fraction of requests that get a fault.
    :param tries: Airflow tries per task (``retries + 1``).
    :param video_bytes: size of each video (above :data:`PART_SIZE`: several parts).
    :param latency: seconds of a latency spike.
    :param workers: units of work run at once (1: the fault assignment is reproducible).
    :param processing_seconds: the sandbox's video processing time during the soak.
    :param slow_creates: posts per slow-create run (one run with LinkedIn's duplicate guard on,
        one with it off); 0 skips them.
    :param slow_latency: seconds LinkedIn takes to apply a slow create ...
    :param slow_conn_id: ... through this connection, whose timeout must be shorter than that.
    """

    posts: int = 100
    videos: int = 10
    updates: int = 50
    fault_rate: float = 0.2
    tries: int = 4
    video_bytes: int = 2 * PART_SIZE + 512 * 1024
    poke_interval: float = 0.05
    latency: float = 0.25
    retry_after: str = "0"
    campaigns: int = 10
    workers: int = 1
    conn_id: str = "maton_linkedin_default"
    processing_seconds: float = 0.5
    slow_creates: int = 0
    slow_latency: float = 1.5
    slow_conn_id: str = "maton_linkedin_slow"


@dataclass
class Tally:
    """Counts for one kind of work."""

    planned: int = 0
    done: int = 0
    failed: int = 0
    duplicated: int = 0
    lost: int = 0
    wrong: int = 0
    task_retries: int = 0
    seconds: float = 0.0

    @property
    def holds(self) -> bool:
        return self.done == self.planned and not (self.failed or self.duplicated or self.lost or self.wrong)


@dataclass
class SoakReport:
    """The outcome of a soak: per-work counts, the faults injected, the final-state checks."""

    config: SoakConfig
    tallies: dict[str, Tally]
    faults_by_kind: dict[str, int]
    faults_by_target: dict[str, int]
    requests: int
    stray_posts: int
    final_state: dict[str, str]
    problems: list[str]
    wall_seconds: float

    @property
    def faulted(self) -> int:
        return sum(self.faults_by_kind.values())

    @property
    def holds(self) -> bool:
        return all(t.holds for t in self.tallies.values()) and self.stray_posts == 0

    def total(self) -> Tally:
        total = Tally()
        for tally in self.tallies.values():
            for name in ("planned", "done", "failed", "duplicated", "lost", "wrong", "task_retries"):
                setattr(total, name, getattr(total, name) + getattr(tally, name))
        total.seconds = self.wall_seconds
        return total

    def table(self) -> str:
        cols = ("planned", "done", "failed", "duplicated", "lost", "wrong", "task_retries")
        heads = ("planned", "done", "failed", "duplicated", "lost", "wrong", "task retries", "seconds")
        rows = [*self.tallies.items(), ("total", self.total())]
        name_width = max(len(name) for name, _ in rows) + 2
        lines = [f"{'work':<{name_width}}" + "".join(f"{h:>13}" for h in heads)]
        for name, tally in rows:
            cells = "".join(f"{getattr(tally, c):>13}" for c in cols) + f"{tally.seconds:>13.1f}"
            lines.append(f"{name:<{name_width}}{cells}")
        share = self.faulted / self.requests if self.requests else 0.0
        lines.append("")
        lines.append(
            f"faults injected: {self.faulted} of {self.requests} requests ({share:.1%}; "
            f"asked {self.config.fault_rate:.0%})"
        )
        width = max(len(k) for k in [*self.faults_by_kind, *self.faults_by_target])
        lines += [f"  {kind:<{width}} {n:>5}" for kind, n in self.faults_by_kind.items()]
        lines.append("by target:")
        lines += [f"  {target:<{width}} {n:>5}" for target, n in self.faults_by_target.items()]
        lines.append("final state vs intended:")
        lines += [f"  {what}: {verdict}" for what, verdict in self.final_state.items()]
        lines.append(f"  posts nobody asked for: {self.stray_posts}")
        for problem in self.problems[:20]:
            lines.append(f"  ! {problem}")
        if len(self.problems) > 20:
            lines.append(f"  ! ... and {len(self.problems) - 20} more")
        lines.append("")
        verdict = "HOLDS" if self.holds else "FAILS"
        lines.append(
            f"goal (all done, 0 duplicated, 0 lost, 0 wrong): {verdict}; wall time {self.wall_seconds:.1f} s"
        )
        return "\n".join(lines)

    def as_json(self) -> Json:
        return {
            "tallies": {k: vars(v) for k, v in self.tallies.items()},
            "faults_by_kind": self.faults_by_kind,
            "faults_by_target": self.faults_by_target,
            "requests": self.requests,
            "stray_posts": self.stray_posts,
            "final_state": self.final_state,
            "problems": self.problems,
            "wall_seconds": round(self.wall_seconds, 2),
            "holds": self.holds,
        }


class _Soak:
    """One soak run: the work, its bookkeeping, and the checks."""

    def __init__(self, base_url: str, oracle: Oracle, config: SoakConfig, workdir: Path) -> None:
        self.base_url = base_url
        self.oracle = oracle
        self.config = config
        self.workdir = workdir
        self.tag = f"soak-{int(time.time() * 1000):x}"
        self.problems: list[str] = []
        self.post_runs: dict[str, TaskRun] = {}  # commentary -> the post task
        self.slow_runs: dict[str, dict[str, TaskRun]] = {}  # slow-create run -> commentary -> task
        self.slow_applied = 0  # slow-create faults applied
        self.video_runs: dict[str, tuple[TaskRun | None, TaskRun | None, TaskRun | None]] = {}
        self.update_results: list[tuple[str, Json, TaskRun, bool]] = []  # campaign, fields, run, in place

    # -- work ------------------------------------------------------------------------------------

    def _task(self, task_id: str, make: Callable[[], Any]) -> TaskRun:
        run = run_task(task_id, make, self.config.tries)
        if not run.ok:
            self.problems.append(f"{task_id} failed after {run.tries} tries: {run.errors[-1]}")
        return run

    def post(self, n: int) -> None:
        text = f"Soak {self.tag} post {n:03d}: weekly numbers are in"
        self.post_runs[text] = self._post_task(f"post_{n}", text, self.config.conn_id)

    def _post_task(self, task_id: str, text: str, conn_id: str) -> TaskRun:
        from maton_linkedin_provider.operators.posts import LinkedInCreatePostOperator

        return self._task(
            task_id,
            lambda: LinkedInCreatePostOperator(task_id=task_id, commentary=text, maton_conn_id=conn_id),
        )

    def slow_posts(self, name: str, guard: bool) -> dict[str, TaskRun]:
        """Posts whose creates LinkedIn applies after the client's timeout, all at once.

        :param guard: LinkedIn's DUPLICATE_POST guard on (True) or off in the sandbox meanwhile.
        """
        cfg = self.config
        control(self.base_url, "POST", "config", {"duplicate_post_check": guard})
        # Every post create meets this fault unless an earlier fault of the mix matched it.
        spec = {**TARGETS[0].match, "latency": cfg.slow_latency, "count": None}
        fault_id = control(self.base_url, "POST", "faults", spec)["id"]
        runs: dict[str, TaskRun] = {}
        texts = [f"Soak {self.tag} {name} {n:03d}: landed late" for n in range(cfg.slow_creates)]
        try:
            with ThreadPoolExecutor(max(1, len(texts)), thread_name_prefix="soak-slow") as pool:
                futures = {
                    text: pool.submit(self._post_task, f"slow_post_{guard}_{n}", text, cfg.slow_conn_id)
                    for n, text in enumerate(texts)
                }
                runs = {text: future.result() for text, future in futures.items()}
        finally:
            applied = {f["id"]: int(f["applied"]) for f in control(self.base_url, "GET", "faults")}
            self.slow_applied += applied.get(fault_id, 0)
            control(self.base_url, "DELETE", f"faults/{fault_id}")
            control(self.base_url, "POST", "config", {"duplicate_post_check": True})
        self.slow_runs[name] = runs
        return runs

    def video(self, n: int, source: Path) -> None:
        from maton_linkedin_provider.operators.media import LinkedInUploadVideoOperator
        from maton_linkedin_provider.operators.posts import LinkedInCreatePostOperator
        from maton_linkedin_provider.sensors.media import LinkedInVideoProcessingSensor

        conn = self.config.conn_id
        text = f"Soak {self.tag} video {n:03d}: the launch in 30 seconds"
        upload = self._task(
            f"upload_video_{n}",
            lambda: LinkedInUploadVideoOperator(
                task_id=f"upload_video_{n}", source=str(source), maton_conn_id=conn
            ),
        )
        wait = post = None
        if upload.ok:
            wait = self._task(
                f"wait_video_{n}",
                lambda: LinkedInVideoProcessingSensor(
                    task_id=f"wait_video_{n}",
                    video_urn=upload.value,
                    mode="poke",
                    poke_interval=self.config.poke_interval,
                    timeout=120,
                    maton_conn_id=conn,
                ),
            )
        if wait is not None and wait.ok:
            post = self._task(
                f"post_video_{n}",
                lambda: LinkedInCreatePostOperator(
                    task_id=f"post_video_{n}",
                    commentary=text,
                    media=upload.value,
                    media_title=f"Launch video {n}",
                    maton_conn_id=conn,
                ),
            )
        self.video_runs[text] = (upload, wait, post)

    def campaign_updates(self, campaign_id: str, updates: list[tuple[int, Json]]) -> None:
        """One campaign's updates in order (they depend on each other), each checked right after."""
        from maton_linkedin_provider.operators.ads import LinkedInUpdateCampaignOperator

        for n, fields in updates:
            run = self._task(
                f"update_campaign_{n}",
                partial(
                    LinkedInUpdateCampaignOperator,
                    task_id=f"update_campaign_{n}",
                    ad_account=AD_ACCOUNT,
                    campaign_id=campaign_id,
                    fields=fields,
                    maton_conn_id=self.config.conn_id,
                ),
            )
            in_place = run.ok and self._campaign_has(campaign_id, fields, f"update {n}")
            self.update_results.append((campaign_id, fields, run, in_place))

    def _campaign_has(self, campaign_id: str, fields: Json, what: str) -> bool:
        current = self.oracle.campaign(campaign_id)
        budget = Decimal(str((current.get("dailyBudget") or {}).get("amount", "nan")))
        if current.get("status") == fields["status"] and budget == Decimal(str(fields["dailyBudget"])):
            return True
        self.problems.append(
            f"campaign {campaign_id} after {what}: status {current.get('status')}, daily budget {budget}; "
            f"wanted {fields['status']}, {fields['dailyBudget']}"
        )
        return False

    def update_plan(self) -> dict[str, list[tuple[int, Json]]]:
        """Each update flips the campaign's status (ACTIVE <-> PAUSED) and sets a new daily budget."""
        cfg = self.config
        chosen = self.oracle.campaigns(["ACTIVE", "PAUSED"])[: max(1, cfg.campaigns)]
        status = {str(c["id"]): str(c["status"]) for c in chosen}
        plan: dict[str, list[tuple[int, Json]]] = {cid: [] for cid in status}
        ids = list(status)
        for n in range(cfg.updates):
            cid = ids[n % len(ids)]
            status[cid] = "PAUSED" if status[cid] == "ACTIVE" else "ACTIVE"
            budget = 50 + (n + 1) * 1.25  # quarters: exact as floats, and never the seed's 50.00
            plan[cid].append((n, {"status": status[cid], "dailyBudget": budget}))
        return {cid: updates for cid, updates in plan.items() if updates}

    # -- checks ----------------------------------------------------------------------------------

    def check_posts(self, tally: Tally, by_text: dict[str, list[Json]], runs: dict[str, TaskRun]) -> None:
        for text, run in runs.items():
            found = by_text.get(text, [])
            tally.duplicated += max(0, len(found) - 1)
            if len(found) > 1:
                self.problems.append(
                    f"{run.task_id}: {len(found)} copies ({', '.join(p['id'] for p in found)})"
                )
            if not run.ok:
                continue
            if not found:
                tally.lost += 1
                self.problems.append(f"{run.task_id} succeeded with {run.value} but no such post exists")
            elif run.value not in {p["id"] for p in found}:
                tally.wrong += 1
                self.problems.append(f"{run.task_id} returned {run.value}; the post is {found[0]['id']}")

    def check_videos(self, tally: Tally, by_text: dict[str, list[Json]]) -> None:
        for text, (upload, _wait, post) in self.video_runs.items():
            found = by_text.get(text, [])
            tally.duplicated += max(0, len(found) - 1)
            if len(found) > 1:
                self.problems.append(f"video post {text!r}: {len(found)} copies")
            if post is None or not post.ok or upload is None:
                continue
            if not found:
                tally.lost += 1
                self.problems.append(f"{post.task_id} succeeded with {post.value} but no such post exists")
                continue
            mine = [p for p in found if p["id"] == post.value]
            media = ((mine[0].get("content") or {}).get("media") or {}).get("id") if mine else None
            status = self.oracle.video(str(upload.value)).get("status")
            if not mine or media != upload.value or status != "AVAILABLE":
                tally.wrong += 1
                self.problems.append(
                    f"{post.task_id}: XCom {post.value}, post(s) {', '.join(p['id'] for p in found)}, "
                    f"media {media}; uploaded {upload.value} is {status}"
                )

    def check_updates(self, tally: Tally) -> tuple[int, int]:
        """Lost updates, and the final state per campaign; ``(campaigns as intended, campaigns)``."""
        last: dict[str, tuple[Json, TaskRun]] = {}
        for campaign_id, fields, run, in_place in self.update_results:
            last[campaign_id] = (fields, run)
            if run.ok and not in_place:
                tally.lost += 1
        as_intended = 0
        for campaign_id, (fields, run) in last.items():
            if not run.ok:
                continue  # the last update failed (counted as failed): no intended final value
            if self._campaign_has(campaign_id, fields, "the soak"):
                as_intended += 1
            else:
                tally.lost += 1
        return as_intended, len(last)

    # -- the run -----------------------------------------------------------------------------------

    def run(self) -> SoakReport:
        from maton_linkedin_provider.example_dags._samples import write_mp4

        for module in _WARM_UP:  # Airflow's first import takes seconds: keep it out of the timings
            importlib.import_module(module)
        cfg = self.config
        source = write_mp4(self.workdir / "soak-video.mp4", cfg.video_bytes)
        author = self.oracle.person_urn()
        update_plan = self.update_plan() if cfg.updates else {}
        control(self.base_url, "DELETE", "faults")
        control(self.base_url, "DELETE", "requests")
        # The soak is about faults, not about waiting: videos are processed in half a second.
        control(self.base_url, "POST", "config", {"processing_seconds": {"video": cfg.processing_seconds}})
        planned = fault_plan(cfg.fault_rate, cfg.latency, cfg.retry_after) if cfg.fault_rate > 0 else []
        by_id = {control(self.base_url, "POST", "faults", f.spec)["id"]: f for f in planned}
        slow = {name: guard for name, guard in SLOW_RUNS.items() if cfg.slow_creates}
        tallies = {
            "posts": Tally(planned=cfg.posts),
            "video uploads": Tally(planned=cfg.videos),
            "campaign updates": Tally(planned=cfg.updates),
            **{name: Tally(planned=cfg.slow_creates) for name in slow},
        }
        started = time.monotonic()
        try:
            steps: list[tuple[str, list[Callable[[], None]]]] = [
                ("posts", [partial(self.post, n) for n in range(cfg.posts)]),
                ("video uploads", [partial(self.video, n, source) for n in range(cfg.videos)]),
                ("campaign updates", [partial(self.campaign_updates, c, u) for c, u in update_plan.items()]),
            ]
            for name, jobs in steps:
                t0 = time.monotonic()
                self._run_jobs(jobs)
                tallies[name].seconds = time.monotonic() - t0
            for name, guard in slow.items():
                t0 = time.monotonic()
                self.slow_posts(name, guard)
                tallies[name].seconds = time.monotonic() - t0
        finally:
            applied = {f["id"]: int(f["applied"]) for f in control(self.base_url, "GET", "faults")}
            control(self.base_url, "DELETE", "faults")
        wall = time.monotonic() - started
        requests = len(control(self.base_url, "GET", "requests"))
        by_kind: Counter[str] = Counter()
        by_target: Counter[str] = Counter()
        for fault_id, fault in by_id.items():
            by_kind[fault.kind] += applied.get(fault_id, 0)
            by_target[fault.target] += applied.get(fault_id, 0)
        if self.slow_applied:
            by_kind["create lands after the timeout"] += self.slow_applied
            by_target[TARGETS[0].label] += self.slow_applied

        chains: dict[str, list[Sequence[TaskRun | None]]] = {
            "posts": [[r] for r in self.post_runs.values()],
            "video uploads": list(self.video_runs.values()),  # upload, wait, post (None: not reached)
            "campaign updates": [[r] for _, _, r, _ in self.update_results],
            **{name: [[r] for r in runs.values()] for name, runs in self.slow_runs.items()},
        }
        for name, runs in chains.items():
            tally = tallies[name]
            tally.done = sum(1 for chain in runs if all(r is not None and r.ok for r in chain))
            tally.failed = tally.planned - tally.done
            tally.task_retries = sum(r.tries - 1 for chain in runs for r in chain if r is not None)

        posts = self.oracle.posts(author)
        by_text: dict[str, list[Json]] = {}
        for post in posts:
            by_text.setdefault(str(post.get("commentary")), []).append(post)
        self.check_posts(tallies["posts"], by_text, self.post_runs)
        for name, runs in self.slow_runs.items():
            self.check_posts(tallies[name], by_text, runs)
        self.check_videos(tallies["video uploads"], by_text)
        as_intended, campaigns = self.check_updates(tallies["campaign updates"])
        intended = set(self.post_runs) | set(self.video_runs)
        for runs in self.slow_runs.values():
            intended |= set(runs)
        strays = [p["id"] for p in posts if str(p.get("commentary")) not in intended]
        if strays:
            self.problems.append(f"posts nobody asked for: {', '.join(strays[:10])}")

        once = sum(1 for text in self.post_runs if len(by_text.get(text, [])) == 1)
        videos_once = sum(1 for text in self.video_runs if len(by_text.get(text, [])) == 1)
        final_state = {
            "posts present exactly once": f"{once}/{cfg.posts}",
            **{
                f"{name}: posts present exactly once": (
                    f"{sum(1 for text in runs if len(by_text.get(text, [])) == 1)}/{cfg.slow_creates}"
                )
                for name, runs in self.slow_runs.items()
            },
            "video posts present exactly once": f"{videos_once}/{cfg.videos}",
            "campaigns with the last update's status and budget": f"{as_intended}/{campaigns}",
        }
        return SoakReport(
            cfg,
            tallies,
            dict(by_kind),
            dict(by_target),
            requests,
            len(strays),
            final_state,
            self.problems,
            wall,
        )

    def _run_jobs(self, jobs: list[Callable[[], None]]) -> None:
        if self.config.workers <= 1:
            for job in jobs:
                job()
            return
        with ThreadPoolExecutor(self.config.workers, thread_name_prefix="soak") as pool:
            for future in [pool.submit(job) for job in jobs]:
                future.result()


def run_soak(base_url: str, access_token: str, config: SoakConfig, workdir: Path) -> SoakReport:
    """Run a soak against the sandbox at ``base_url``; the connection ``config.conn_id`` must point there.

    :param access_token: the sandbox's LinkedIn token, for the oracle's direct-mode reads.
    :param workdir: where the sample video is written.
    """
    return _Soak(base_url, Oracle(base_url, access_token), config, workdir).run()


# --- the command ---------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--videos", type=int, default=10)
    parser.add_argument("--updates", type=int, default=50, help="campaign updates")
    parser.add_argument("--fault-rate", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=0, help="the sandbox seed (fault assignment)")
    parser.add_argument("--tries", type=int, default=4, help="Airflow tries per task (retries + 1)")
    parser.add_argument("--workers", type=int, default=1, help="units of work at once")
    parser.add_argument(
        "--max-retries",
        type=int,
        default=2,
        help="the connection's retry budget (small, so that some tasks fail and Airflow retries them)",
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="the connection's request timeout")
    parser.add_argument("--latency", type=float, default=0.25, help="seconds of a latency spike")
    parser.add_argument(
        "--slow-creates", type=int, default=10, help="posts per slow-create run (guard on, guard off)"
    )
    parser.add_argument(
        "--slow-latency", type=float, default=1.5, help="seconds LinkedIn takes to apply a slow create"
    )
    parser.add_argument(
        "--slow-timeout", type=float, default=1.0, help="the slow-create connection's request timeout"
    )
    parser.add_argument("--retry-after", default="0", help="the Retry-After value of the 429s that have one")
    parser.add_argument("--json", type=Path, default=None, help="also write the report as JSON here")
    parser.add_argument("--verbose", action="store_true", help="show the provider's retry warnings")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.verbose:  # the provider's retry warnings are many; failed tries are in the report
        os.environ["AIRFLOW__LOGGING__LOGGING_LEVEL"] = "ERROR"
        logging.basicConfig(level=logging.ERROR)
    config = SoakConfig(
        posts=args.posts,
        videos=args.videos,
        updates=args.updates,
        fault_rate=args.fault_rate,
        tries=args.tries,
        workers=args.workers,
        latency=args.latency,
        retry_after=args.retry_after,
        slow_creates=args.slow_creates,
        slow_latency=args.slow_latency,
    )
    print(
        f"soak: {config.posts} posts, {config.videos} videos, {config.updates} campaign updates, "
        f"{config.fault_rate:.0%} of requests faulted, seed {args.seed}, {config.tries} tries per task, "
        f"{args.max_retries} retries per request",
        flush=True,
    )
    started = time.monotonic()
    with sandbox_process("--seed", str(args.seed)) as info, tempfile.TemporaryDirectory() as tmp:
        backoff = {"max_retries": args.max_retries, "backoff_base": 0.001, "backoff_cap": 0.01}
        os.environ.update(conn_env(info, timeout=args.timeout, **backoff))
        os.environ.update(conn_env(info, config.slow_conn_id, timeout=args.slow_timeout, **backoff))
        report = run_soak(info["base_url"], info["access_token"], config, Path(tmp))
    print()
    print(report.table())
    print(f"(with sandbox start and checks: {time.monotonic() - started:.1f} s)")
    if args.json:
        args.json.write_text(json.dumps(report.as_json(), indent=2))
    return 0 if report.holds else 1


if __name__ == "__main__":
    sys.exit(main())
