"""A throwaway PostgreSQL server for the tests (Debian's ``postgresql`` package).

:class:`PostgresServer` makes a cluster with ``initdb`` in a fresh folder, starts it with
``pg_ctl start -w`` (which returns once the server accepts connections: no guessing), serves
only a unix socket in that folder, and stops it with ``pg_ctl stop -m fast -w``. PostgreSQL
refuses to run as root, so under root the cluster belongs to the ``postgres`` account the
package makes. Nothing is left behind: :meth:`stop` reports any server process still alive.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.browser.lab import alive


def pg_bin() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: on PATH, else Debian's
    ``/usr/lib/postgresql/<version>/bin`` (newest first); None when PostgreSQL is missing."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                         key=lambda p: int(Path(p).parent.name), reverse=True):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


class PostgresServer:
    """A PostgreSQL cluster of its own, reachable on a unix socket with ``url(database)``."""

    def __init__(self, *, superuser: str = "cxlab") -> None:
        self.bin = pg_bin()
        if self.bin is None:
            raise FileNotFoundError(
                "PostgreSQL is missing (initdb, pg_ctl): on Debian `apt-get install -y "
                "postgresql` (.ci/run does this)")
        self.superuser = superuser
        self.base = Path(tempfile.mkdtemp(prefix="cxlab-pg-", dir="/tmp"))
        os.chmod(self.base, 0o755)  # the socket folder: others reach the socket, not the data
        self.data = self.base / "data"
        self.log = self.base / "postgres.log"
        self.port = 5432
        self.owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
        if self.owner is not None:
            os.chown(self.base, self.owner.pw_uid, self.owner.pw_gid)
        self.pid: int | None = None

    def _run(self, *argv: str, timeout: float = 120) -> str:
        def drop() -> None:  # PostgreSQL will not run as root
            if self.owner is not None:
                os.setgid(self.owner.pw_gid)
                os.setgroups([])
                os.setuid(self.owner.pw_uid)

        result = subprocess.run([str(self.bin / argv[0]), *argv[1:]], capture_output=True,
                                text=True, timeout=timeout, preexec_fn=drop, cwd=self.base,
                                env={"PATH": os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8",
                                     "LANG": "C.UTF-8"})
        if result.returncode != 0:
            raise RuntimeError(f"{argv[0]} failed ({result.returncode}): "
                               f"{(result.stderr or result.stdout).strip()[-2000:]}\n"
                               f"{self.log_tail()}")
        return result.stdout

    def start(self) -> None:
        # trust on the socket alone: the folder is the only way in (no TCP at all)
        self._run("initdb", "-D", str(self.data), "-U", self.superuser, "-A", "trust",
                  "-E", "UTF8", "--no-sync")
        options = (f"-k {self.base} -c listen_addresses='' -p {self.port} "
                   "-c fsync=off -c full_page_writes=off -c synchronous_commit=off")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options,
                  "-w", "-t", "120", "start", timeout=180)
        self.pid = int((self.data / "postmaster.pid").read_text().split()[0])

    def create_database(self, name: str) -> str:
        """Create the database ``name``; its URL."""
        self._run("createdb", "-h", str(self.base), "-p", str(self.port), "-U", self.superuser,
                  name)
        return self.url(name)

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of ``database`` (psycopg 3, over the socket folder)."""
        return (f"postgresql+psycopg://{self.superuser}@/{database}"
                f"?host={self.base}&port={self.port}")

    def stop(self) -> list[str]:
        """Stop the server (fast shutdown: sessions are ended) and remove its folder; the
        problems found (a server process left alive, which is then killed)."""
        problems = []
        if self.pid is not None and alive(self.pid):
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60",
                          "stop", timeout=90)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                problems.append(f"pg_ctl stop failed: {exc}")
            if alive(self.pid):
                problems.append(f"the PostgreSQL server (pid {self.pid}) outlived pg_ctl stop;"
                                " killed")
                os.kill(self.pid, 9)
        shutil.rmtree(self.base, ignore_errors=True)
        return problems

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""
