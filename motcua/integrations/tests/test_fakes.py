"""`manage.py fakes` serves every fake of the registry, each on its port."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from motcua.integrations.fakes import FAKES

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_every_registered_fake_starts_answers_and_stops():
    for spec in FAKES:
        server = spec.make("127.0.0.1", 0).start()
        try:
            with urllib.request.urlopen(server.url + "/nothing-here", timeout=5) as r:  # noqa: S310
                status = r.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        finally:
            server.stop()
        assert status == 404, spec.name


def test_the_fakes_command_serves_sms_and_oidc_until_terminated():
    ports = {spec.name: free_port() for spec in FAKES}
    args = [sys.executable, "manage.py", "fakes"]
    for name, port in ports.items():
        args += ["--port", f"{name}={port}"]
    env = {**os.environ, "DJANGO_DEBUG": "1", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(  # noqa: S603 - our own manage.py
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        lines = [proc.stdout.readline() for _ in FAKES] if proc.stdout else []
        assert [line.split()[0] for line in lines] == [spec.name for spec in FAKES]

        sms = f"http://127.0.0.1:{ports['sms']}/messages"
        with urllib.request.urlopen(sms, timeout=5) as r:  # noqa: S310
            assert json.loads(r.read()) == {"messages": []}
        oidc = f"http://127.0.0.1:{ports['oidc']}/.well-known/openid-configuration"
        with urllib.request.urlopen(oidc, timeout=5) as r:  # noqa: S310
            assert json.loads(r.read())["issuer"] == f"http://127.0.0.1:{ports['oidc']}"
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail("manage.py fakes did not stop on SIGTERM")
    assert proc.returncode == 0
