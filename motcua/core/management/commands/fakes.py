"""manage.py fakes [--host H] [--only NAME ...] [--port NAME=PORT ...]: run every fake outside
system of the project (motcua.integrations.fakes.FAKES) in one process until interrupted.

`make run` starts it in the background beside the web server, so the demo's SMS, … go
somewhere a person can look at (the fake SMS gateway lists messages at http://127.0.0.1:8025/).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.integrations.fakes import FAKES, FakeServer


class Command(BaseCommand):
    help = "Chạy các hệ thống giả lập (SMS, …) cho bản demo và kiểm thử."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Địa chỉ lắng nghe.")
        parser.add_argument(
            "--only",
            nargs="+",
            choices=[spec.name for spec in FAKES],
            help="Chỉ chạy các hệ thống này.",
        )
        parser.add_argument(
            "--port",
            action="append",
            default=[],
            metavar="NAME=PORT",
            help="Đổi cổng của một hệ thống, ví dụ --port sms=9025.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ports = {spec.name: spec.default_port for spec in FAKES}
        for item in options["port"]:
            name, _, port = item.partition("=")
            if name not in ports or not port.isdigit():
                raise CommandError(f"--port {item!r}: dùng NAME=PORT với NAME trong {list(ports)}")
            ports[name] = int(port)
        chosen = [s for s in FAKES if not options["only"] or s.name in options["only"]]
        servers: list[FakeServer] = []
        # The handler first: a SIGTERM right after the servers announce themselves must stop
        # them cleanly, not kill the process.
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            for spec in chosen:
                try:
                    server = spec.make(options["host"], ports[spec.name])
                except OSError as exc:
                    raise CommandError(
                        f"{spec.name}: không mở được cổng {ports[spec.name]} ({exc})."
                    ) from exc
                servers.append(server.start())
                self.stdout.write(f"{spec.name:6} {server.url}  — {spec.description}")
            self.stdout.write("Nhấn Ctrl+C để dừng.")
            self.stdout.flush()
            # Wait with a timeout: a signal may be delivered to a server thread, and Python
            # runs its handler only when the main thread wakes up.
            with contextlib.suppress(KeyboardInterrupt):
                while not stop.wait(0.5):
                    pass
        finally:
            for server in servers:
                server.stop()
