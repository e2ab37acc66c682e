"""Debian's nginx serving a built site on 127.0.0.1, run as the current user from a folder of its
own (its pid, logs and temporary files there, nothing under /var). The hosting tests serve the site
stock; the load bench (bench/load.py) tunes it as a host for a class of thousands would."""

from __future__ import annotations

import os
import pwd
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

NGINX = "/usr/sbin/nginx"

CONFIG = """\
{user}daemon off;
worker_processes 2;
{main}pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections {connections}; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{http}    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port}{listen};
        root {site};
        index index.html;
{server}    }}
}}
"""


@dataclass(frozen=True)
class Tuning:
    """What a tuned host adds to the stock configuration: lines for the main, http and server blocks."""

    connections: int = 256
    main: str = ""
    http: str = ""
    listen: str = ""
    server: str = ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Nginx:
    """nginx serving `site` until stop(); start() waits until it listens, or raises RuntimeError with its log."""

    def __init__(self, site: Path, folder: Path, tuning: Tuning = Tuning()):
        self.site, self.folder, self.tuning = site, folder, tuning
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self, wait_seconds: float = 30.0) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        # Run as root, nginx would hand its workers to `nobody`, who cannot read a private temporary folder.
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
        t = self.tuning
        config = CONFIG.format(user=user, main=t.main, connections=t.connections, http=t.http, listen=t.listen,
                               server=t.server, dir=self.folder, port=self.port, site=self.site)  # fmt: skip
        (self.folder / "nginx.conf").write_text(config)
        with (self.folder / "stderr.log").open("w") as log:
            self.process = subprocess.Popen(
                [
                    NGINX,
                    "-p",
                    str(self.folder),
                    "-c",
                    str(self.folder / "nginx.conf"),
                    "-e",
                    str(self.folder / "error.log"),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited ({self.process.returncode}): {self._log('stderr.log')}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self.port
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx did not listen on {self.port}: {self._log('error.log')}")

    def stop(self, wait_seconds: float = 30.0) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(wait_seconds)

    def _log(self, name: str) -> str:
        path = self.folder / name
        return path.read_text()[-2000:] if path.exists() else ""
