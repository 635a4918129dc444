"""Sizing benchmark of the cohort hub: N simulated participants on this machine.

Prints measurements and the sizing advice drawn from them; asserts nothing. Run as root on
Linux (it makes Linux accounts, as the hub does), from the repository::

    sudo .venv/bin/python benchmarks/bench_hub.py [--n 30] [--lesson PATH] [--mem-limit 1G]

What it does, with the hub's own code (``hub/cohort.py configure``, ``hub/jupyterhub_config.py``,
the repository's ``.venv``) and the test suite's hub client (``tests/hub/hubtools.py``):

1. configures a throwaway hub on loopback with ``--n`` participant accounts and starts it;
2. **a session starts**: every participant at the same moment logs in through the hub's form
   and asks for their server. *Spawn time* runs from the request until the hub reports the
   server ready (the course copied into their workspace, JupyterLab's server answering);
3. **everyone works through a lesson at once** (the worst moment of a session: the trainer
   says "run the lesson now"): a kernel for the notebook, started as JupyterLab starts one,
   then each code cell in order through the kernel's websocket, answer cells answered.
   *Cell latency* runs from sending a cell to its reply;
4. measures, per participant, the memory of their processes (server and kernel, PSS: shared
   pages shared out) and the CPU seconds they used for the start and for the lesson;
5. stops the hub (which stops every server) and removes the accounts.

The sizing advice turns these into participants per GiB (memory with a quarter spare) and
participants per core (CPU): how many can start together, and run the lesson together, in a
minute of the machine's cores. The machine's load before the run is printed, since other work
on the machine slows every step.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LESSON = "course/01-service-level/01.02-erlang-c-and-the-staffing-table.ipynb"
#: What each simulated participant types under an answer cell's first line.
TYPED = "20"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile of ``values`` (linear interpolation, as numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _processes_of(uid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def _pss_bytes(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) * 1024
    return total


def _code_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        if source.startswith("%%answer"):
            source = source.split("\n", 1)[0] + "\n" + TYPED
        cells.append(source)
    return cells


class Participant:
    def __init__(self, hub, name: str) -> None:
        from tests.hub.hubtools import HubUser

        self.user = HubUser(hub, name)
        self.uid = pwd.getpwnam(name).pw_uid
        self.login_seconds = self.spawn_seconds = float("nan")
        self.cells: list[float] = []
        self.start_cpu = self.lesson_cpu = 0.0
        self.pss = 0
        self.error = ""

    def start(self, go: threading.Event) -> None:
        go.wait()
        started = time.monotonic()
        if self.user.login() != 200 or not self.user.logged_in():
            raise RuntimeError(f"{self.user.name} could not log in")
        self.user.make_token()
        self.login_seconds = time.monotonic() - started
        asked = time.monotonic()
        self.user.start_server(timeout=1800)
        self.spawn_seconds = time.monotonic() - asked
        self.start_cpu = _cpu_seconds(_processes_of(self.uid))

    def lesson(self, go: threading.Event, cells: list[str], lesson: str) -> None:
        go.wait()
        with self.user.kernel(lesson) as kernel:
            for code in cells:
                result = kernel.run(code, timeout=1800)
                if result["status"] != "ok":
                    raise RuntimeError(f"{self.user.name}: a cell failed: {result['error']}")
                self.cells.append(result["seconds"])
            pids = _processes_of(self.uid)
            self.lesson_cpu = _cpu_seconds(pids) - self.start_cpu
            self.pss = _pss_bytes(pids)


def _hub_side(hub) -> list[int]:
    """JupyterHub, its proxy and its culler: root's processes under the hub's."""
    from tests.browser.lab import descendants

    pids = [hub.process.pid, *descendants(hub.process.pid)]
    return [pid for pid in pids if Path(f"/proc/{pid}").exists()
            and Path(f"/proc/{pid}").stat().st_uid == 0]


def _all_at_once(people: list[Participant], step) -> float:
    """Run ``step(person, go)`` for everyone in threads released together; the wall time."""
    go = threading.Event()

    def run(person: Participant) -> None:
        try:
            step(person, go)
        except Exception as exc:  # reported per participant (first line), the others go on
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            person.error = person.error or f"{exc.__class__.__name__}: {first}"

    threads = [threading.Thread(target=run, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    go.set()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def _machine() -> tuple[int, float, str]:
    cores = os.cpu_count() or 1
    mem_kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text()
                   .splitlines() if line.startswith("MemTotal:"))
    load = Path("/proc/loadavg").read_text().split()[:3]
    return cores, mem_kib / 1024**2, " ".join(load)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=30, help="participants (default 30)")
    parser.add_argument("--lesson", default=LESSON, help="the lesson they run")
    parser.add_argument("--mem-limit", default="1G", help="memory limit per participant")
    parser.add_argument("--cpu-limit", type=float, default=1.0, help="CPUs per participant")
    parser.add_argument("--patience", type=int, default=1800,
                        help="seconds the hub waits for a server to answer (default 1800)")
    args = parser.parse_args(argv)
    from tests.hub.hubtools import Hub, can_run_hub

    why = can_run_hub()
    if why:
        print(f"bench_hub: {why}", file=sys.stderr)
        return 2
    if not 1 <= args.n <= 200:
        print(f"bench_hub: --n must be between 1 and 200; got {args.n}", file=sys.stderr)
        return 2
    cores, gib, load_before = _machine()
    print(f"machine: {cores} cores, {gib:.1f} GiB; load average before: {load_before}")
    base = Path(tempfile.mkdtemp(prefix="cxlab-bench-hub-", dir="/tmp"))
    names = [f"p{i:02d}" for i in range(1, args.n + 1)]
    hub = Hub(base, names, mem_limit=args.mem_limit, cpu_limit=args.cpu_limit)
    try:
        # a patient hub: every server is measured, however long the machine takes (the
        # shipped hub gives a server 300 s to answer)
        hub.start(options=(f"--Spawner.http_timeout={args.patience}",
                           f"--Spawner.start_timeout={args.patience}"))
        people = [Participant(hub, name) for name in hub.participants]
        cells = _code_cells(ROOT / args.lesson)
        print(f"{args.n} participants log in and start their servers at once ...", flush=True)
        hub_cpu = [_cpu_seconds(_hub_side(hub))]
        start_wall = _all_at_once(people, lambda p, go: p.start(go))
        hub_cpu.append(_cpu_seconds(_hub_side(hub)))
        ready = [p for p in people if not p.error]
        print(f"{len(ready)} of {args.n} servers ready in {start_wall:.0f} s; {len(ready)} "
              f"participants run {Path(args.lesson).name} ({len(cells)} code cells) at "
              "once ...", flush=True)
        lesson_wall = _all_at_once(ready, lambda p, go: p.lesson(go, cells, args.lesson))
        hub_cpu.append(_cpu_seconds(_hub_side(hub)))
        hub_pss = _pss_bytes(_hub_side(hub))
    finally:
        problems = hub.stop()
        hub.remove_accounts()
        shutil.rmtree(base, ignore_errors=True)
    done = [p for p in people if not p.error and p.cells]
    for person in people:
        if person.error:
            print(f"  {person.user.name}: {person.error}")
    if problems:
        print("hub stop:", "; ".join(problems))
    if not done:
        print("no participant finished the lesson: nothing to report")
        return 1
    spawn = [p.spawn_seconds for p in done]
    login = [p.login_seconds for p in done]
    all_cells = [s for p in done for s in p.cells]
    setup = next(i for i, code in enumerate(cells) if "import" in code)
    first = [p.cells[setup] for p in done]
    later = [s for p in done for i, s in enumerate(p.cells) if i != setup]
    mib = [p.pss / 1024**2 for p in done]
    # each participant's own processes, plus their share of what the hub and proxy spent
    start_cpu = [p.start_cpu + (hub_cpu[1] - hub_cpu[0]) / len(ready) for p in done]
    lesson_cpu = [p.lesson_cpu + (hub_cpu[2] - hub_cpu[1]) / len(done) for p in done]

    def line(label: str, values: list[float], unit: str) -> str:
        return (f"  {label:<38} median {statistics.median(values):7.2f} {unit}   "
                f"95th percentile {_percentile(values, 0.95):7.2f} {unit}   "
                f"max {max(values):7.2f} {unit}")

    print(f"\nmeasured with {len(done)} participants ({len(all_cells)} cells):")
    print(line("log-in (form, PAM)", login, "s"))
    print(line("spawn (request to server ready)", spawn, "s"))
    print(line("cell latency, every cell", all_cells, "s"))
    print(line("  the set-up cell (imports)", first, "s"))
    print(line("  the other cells", later, "s"))
    print(line("memory per participant (PSS)", mib, "MiB"))
    print(line("CPU to start a server (+ hub's share)", start_cpu, "s"))
    print(line("CPU to run the lesson (+ hub's share)", lesson_cpu, "s"))
    print(f"  all servers started in {start_wall:.0f} s; everyone's lesson took "
          f"{lesson_wall:.0f} s; the hub, proxy and culler: {hub_pss / 1024**2:.0f} MiB")

    per_gib = 1024 / (max(mib) * 1.25)
    start_per_core = 60 / statistics.median(start_cpu)
    lesson_per_core = 60 / statistics.median(lesson_cpu)
    print("\nsizing advice (from these numbers):")
    print(f"  memory: {max(mib):.0f} MiB for the heaviest participant, a quarter spare: "
          f"{per_gib:.1f} participants per GiB (plus {hub_pss / 1024**2:.0f} MiB for the hub)")
    print(f"  CPU: a start costs {statistics.median(start_cpu):.1f} CPU s, the lesson "
          f"{statistics.median(lesson_cpu):.1f} CPU s: per core, {start_per_core:.0f} "
          f"participants can start within a minute and {lesson_per_core:.0f} can run the "
          "whole lesson within a minute, all at once")
    return 0


if __name__ == "__main__":
    sys.exit(main())
