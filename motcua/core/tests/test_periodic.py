"""manage.py periodic: one run of every job, or a loop with --every."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from motcua.core.management.commands import periodic

pytestmark = pytest.mark.django_db


class _Stop(Exception):
    pass


def test_one_run_reports_each_job_and_a_failing_job_does_not_stop_the_others(
    monkeypatch: Any,
) -> None:
    calls: list[str] = []

    def ok(name: str) -> Any:
        def job(at: Any) -> str:
            calls.append(name)
            return name

        return job

    def broken(at: Any) -> Any:
        calls.append("broken")
        raise RuntimeError("hỏng")

    monkeypatch.setattr(periodic, "JOBS", [("a", ok("a")), ("broken", broken), ("c", ok("c"))])
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(SystemExit) as exc:
        call_command("periodic", stdout=out, stderr=err)

    assert exc.value.code == 1
    assert calls == ["a", "broken", "c"]
    assert "a: a" in out.getvalue() and "c: c" in out.getvalue()
    assert "broken: LỖI RuntimeError: hỏng" in err.getvalue()


def test_every_runs_the_jobs_again_after_the_pause(monkeypatch: Any) -> None:
    calls: list[str] = []
    pauses: list[float] = []
    monkeypatch.setattr(periodic, "JOBS", [("a", lambda at: calls.append("a"))])

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 3:
            raise _Stop

    monkeypatch.setattr(periodic.time, "sleep", sleep)

    with pytest.raises(_Stop):
        call_command("periodic", "--every", "60", stdout=io.StringIO())

    assert calls == ["a", "a", "a"]
    assert all(55 <= p <= 60 for p in pauses), pauses


def test_a_negative_interval_and_an_unknown_job_are_refused() -> None:
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("periodic", "--every", "-5", stderr=err)
    assert exc.value.code == 2 and "--every" in err.getvalue()

    with pytest.raises(SystemExit) as exc:
        call_command("periodic", "--only", "khong_co", stderr=err)
    assert exc.value.code == 2 and "khong_co" in err.getvalue()
