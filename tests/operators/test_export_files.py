"""Export files against the sandbox: modes kept, a killed run's temporaries removed, lone surrogates escaped."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from maton_linkedin_provider.operators import _files
from maton_linkedin_provider.operators.data import (
    LinkedInAdLibraryToFileOperator,
    LinkedInJobLibraryToFileOperator,
)

NO_INTERVAL = {"data_interval_start": None, "data_interval_end": None}
LONE = "\ud83d"  # a high surrogate with no low half: UTF-8 cannot encode it


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def parts(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".part"))


def export(target: Path, rows: str = "rows:30", **kwargs) -> dict:
    op = LinkedInAdLibraryToFileOperator(task_id="ads", keyword=rows, output_path=str(target), **kwargs)
    return op.execute(NO_INTERVAL)


@pytest.fixture
def umask():
    old = os.umask(0o022)
    yield lambda value: os.umask(value)
    os.umask(old)


class TestModes:
    @pytest.mark.parametrize("old_mode", [0o600, 0o640, 0o604, 0o664])
    def test_an_overwrite_keeps_the_old_files_mode(self, set_conn, sandbox, tmp_path, umask, old_mode):
        target = tmp_path / "ads.jsonl"
        target.write_text('{"stale": true}\n')
        target.chmod(old_mode)
        assert export(target)["rows"] == 30
        assert mode(target) == old_mode
        assert len(target.read_text().splitlines()) == 30

    @pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
    def test_a_new_file_gets_the_umask_default(self, set_conn, sandbox, tmp_path, umask, mask, expected):
        umask(mask)
        target = tmp_path / "new" / "ads.csv"
        export(target, output_format="csv")
        assert mode(target) == expected

    def test_the_temporary_is_0600_while_rows_are_written(self, set_conn, sandbox, tmp_path, umask):
        target = tmp_path / "ads.jsonl"
        target.write_text("old\n")
        target.chmod(0o644)
        op = LinkedInAdLibraryToFileOperator(task_id="ads", keyword="rows:60", output_path=str(target))
        original = op.hook.iter_ad_library
        seen: list[int] = []

        def iterate(**kwargs):
            for n, row in enumerate(original(**kwargs), start=1):
                if n == 30:
                    (temporary,) = [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
                    seen.append(mode(temporary))
                yield row

        op.hook.iter_ad_library = iterate
        op.execute(NO_INTERVAL)
        assert seen == [0o600]
        assert mode(target) == 0o644

    def test_a_symlinked_target_gets_the_mode_of_the_file_it_showed(self, set_conn, sandbox, tmp_path):
        real = tmp_path / "real.jsonl"
        real.write_text("old\n")
        real.chmod(0o600)
        link = tmp_path / "ads.jsonl"
        link.symlink_to(real)
        export(link)
        assert mode(link) == 0o600 and not link.is_symlink()
        assert real.read_text() == "old\n"


def _old(path: Path) -> Path:
    past = time.time() - _files.LEFTOVER_AGE_SECONDS - 5
    os.utime(path, (past, past), follow_symlinks=False)
    return path


KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from maton_linkedin_provider.operators import _files
target = _files.resolve_target(sys.argv[1])
with _files.atomic_text_file(target) as out:
    out.write('{"half": ')
    out.flush()
    print("writing", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


class TestLeftovers:
    def test_a_killed_runs_temporary_is_removed_by_the_next_run(
        self, set_conn, sandbox, tmp_path, caplog, capsys
    ):
        target = tmp_path / "ads.jsonl"
        killed = subprocess.run(
            [sys.executable, "-c", KILLED_WRITER, str(target)], capture_output=True, text=True, timeout=60
        )
        assert killed.returncode == -9 and "writing" in killed.stdout
        (leftover,) = parts(tmp_path)
        assert not target.exists()
        _old(tmp_path / leftover)
        with caplog.at_level("INFO"):
            assert export(target)["rows"] == 30
        assert parts(tmp_path) == []
        assert len(target.read_text().splitlines()) == 30
        logged = caplog.text + capsys.readouterr().out  # the task logger may go through structlog
        assert f"Removed 1 temporary file(s) a killed run left: {leftover}" in logged

    def test_only_the_targets_own_dead_temporaries_go(self, set_conn, sandbox, tmp_path):
        target = tmp_path / "ads.jsonl"
        outside = tmp_path / "elsewhere.txt"
        outside.write_text("keep me")
        dead = tmp_path / ".ads.jsonl.0123456789ab.part"
        dead.write_text("dead")
        _old(dead)
        kept = {
            ".ads.jsonl.notes.part": "not our name pattern",
            ".ads.jsonl.0123456789AB.part": "upper-case hex: not ours",
            ".other.jsonl.0123456789ab.part": "another target's",
            "ads.jsonl.0123456789ab.part": "no leading dot",
            ".ads.jsonl.fedcba987654.part": "fresh: a run may have just created it",
            ".ads.jsonl.aaaaaaaaaaaa.part": "locked by a live writer",
        }
        for name, text in kept.items():
            (tmp_path / name).write_text(text)
            if "fresh" not in text:
                _old(tmp_path / name)
        link = tmp_path / ".ads.jsonl.bbbbbbbbbbbb.part"
        link.symlink_to(outside)
        _old(link)
        live = os.open(tmp_path / ".ads.jsonl.aaaaaaaaaaaa.part", os.O_RDWR)
        fcntl.flock(live, fcntl.LOCK_EX)
        try:
            export(target)
        finally:
            os.close(live)
        assert not dead.exists()
        assert sorted(p for p in parts(tmp_path)) == sorted([*kept, link.name])
        assert outside.read_text() == "keep me"
        assert all((tmp_path / name).read_text() == text for name, text in kept.items())

    def test_a_concurrent_writer_keeps_its_temporary(self, tmp_path):
        target = _files.resolve_target(str(tmp_path / "ads.jsonl"))
        with _files.atomic_text_file(target) as out:
            out.write("first\n")
            (mine,) = parts(tmp_path)
            _old(tmp_path / mine)  # even an idle one: its lock says it is alive
            assert _files.remove_leftovers(tmp_path / "ads.jsonl") == []
            with _files.atomic_text_file(target) as other:
                other.write("second\n")
            assert parts(tmp_path) == [mine]
        assert (tmp_path / "ads.jsonl").read_text() == "first\n"
        assert parts(tmp_path) == []


class TestLoneSurrogates:
    def rows_with_a_surrogate(self, op):
        original = op.hook.iter_ad_library

        def iterate(**kwargs):
            for n, row in enumerate(original(**kwargs), start=1):
                if n == 2:
                    row["details"]["advertiser"]["advertiserName"] = f"Acme {LONE} Ltd"
                yield row

        op.hook.iter_ad_library = iterate

    def test_jsonl_writes_the_json_escape(self, set_conn, sandbox, tmp_path):
        target = tmp_path / "ads.jsonl"
        op = LinkedInAdLibraryToFileOperator(task_id="ads", keyword="rows:40", output_path=str(target))
        self.rows_with_a_surrogate(op)
        assert op.execute(NO_INTERVAL)["rows"] == 40
        raw = target.read_bytes()
        assert b"Acme \\ud83d Ltd" in raw
        rows = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
        assert len(rows) == 40
        assert rows[1]["details"]["advertiser"]["advertiserName"] == f"Acme {LONE} Ltd"

    def test_csv_writes_a_backslash_escape(self, set_conn, sandbox, tmp_path):
        target = tmp_path / "ads.csv"
        op = LinkedInAdLibraryToFileOperator(
            task_id="ads", keyword="rows:40", output_path=str(target), output_format="csv"
        )
        self.rows_with_a_surrogate(op)
        assert op.execute(NO_INTERVAL)["rows"] == 40
        table = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
        column = table[0].index("details.advertiser.advertiserName")
        assert table[2][column] == "Acme \\ud83d Ltd"
        assert len(table) == 41

    @pytest.mark.parametrize("fmt", ["jsonl", "csv"])
    def test_the_writer_escapes_surrogates_everywhere(self, tmp_path, fmt, memory_storage):
        rows = [
            {"a": LONE, "b": {"c": ["\udc00", "ok \u00e9\U0001f600"]}, "\udfff key": "\\\ud800"},
            {"a": "plain", "b": {"c": []}, "\udfff key": None},
        ]
        for where in (str(tmp_path / f"out.{fmt}"), f"memory://bucket/out.{fmt}"):
            target = _files.resolve_target(where)

            class Log:
                def info(self, *args):
                    pass

            result = _files.export_rows(rows, target, output_format=fmt, log=Log(), what="test")
            assert result["rows"] == 2
            if target.local is not None:
                text = target.local.read_bytes().decode("utf-8")
            else:
                assert target.remote is not None
                text = target.remote.read_bytes().decode("utf-8")
            if fmt == "jsonl":
                assert [json.loads(line) for line in text.splitlines()] == rows
            else:
                header, first, _ = list(csv.reader(io.StringIO(text)))
                assert header == ["a", "b.c", "\\udfff key"]
                assert first == ["\\ud83d", '["\\udc00","ok \u00e9\U0001f600"]', "\\\\ud800"]


def test_job_library_export_keeps_its_mode_too(set_conn, sandbox, tmp_path):
    target = tmp_path / "jobs.jsonl"
    target.write_text("old\n")
    target.chmod(0o600)
    op = LinkedInJobLibraryToFileOperator(task_id="jobs", keyword="rows:10", output_path=str(target))
    assert op.execute(NO_INTERVAL)["rows"] == 10
    assert mode(target) == 0o600
