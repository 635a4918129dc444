"""`make lab` serves the whole course and opens the welcome notebook."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import ROOT

WELCOME = "course/00-start-here/00.01-welcome.ipynb"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_lab_opens_the_welcome_notebook_with_the_whole_course(tmp_path: Path) -> None:
    args = subprocess.run(["make", "-s", "lab-args"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.split()
    port, token = _free_port(), "cxlab-test"
    runtime = tmp_path / "runtime"
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_DATA_DIR": str(tmp_path / "data"), "JUPYTER_RUNTIME_DIR": str(runtime),
           "IPYTHONDIR": str(tmp_path / "ipython")}
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--ServerApp.token={token}", "--LabApp.news_url=None", *args]
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        opened = None
        for _ in range(120):
            pages = list(runtime.glob("jpserver-*-open.html"))
            if pages:
                match = re.search(r'url=([^"]+)"', pages[0].read_text())
                opened = match.group(1) if match else None
                break
            time.sleep(0.25)
        assert opened, (f"JupyterLab did not start with {shlex.join(args)}:\n"
                        f"{(tmp_path / 'server.log').read_text()[-3000:]}")
        assert opened.split("?")[0].endswith(f"/lab/tree/{WELCOME}")
        for path in (WELCOME, "course/README.md", "solutions"):
            url = f"http://127.0.0.1:{port}/api/contents/{path}?content=0&token={token}"
            with urllib.request.urlopen(url, timeout=10) as reply:
                assert reply.status == 200, path
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
