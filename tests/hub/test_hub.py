"""The cohort hub, for real: JupyterHub on loopback with PAM log-in over Linux accounts made
from a roster, each server as its own account with enforced limits, the course delivered on
start, nbgrader's exchange for the assignment round, and participants kept apart.

One hub serves the whole run (``conftest.py``), so the cost is one hub start and three server
starts here, which run while the wrong passwords are tried. The tests run in file order:
log-in and a cell first, then the assignment round, then the isolation checks (which also try
the exchange's submissions).
"""

from __future__ import annotations

import grp
import json
import os
import shutil
import stat
import urllib.error
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.grading.conftest import PERFECT_AUTO, perfect, with_answers
from tests.hub.hubtools import (
    ASSIGNMENT,
    HubUser,
    cohort,
    in_parallel,
    limits,
    run_steps,
    wait_for,
)

# one worker runs every hub test (one hub; the tests build on each other in file order)
pytestmark = [pytest.mark.hub, pytest.mark.xdist_group("hub")]


def _json_of(result: dict) -> object:
    assert result["status"] == "ok", result
    return json.loads(result["stdout"].strip().splitlines()[-1])


def test_a_wrong_password_or_an_unknown_account_gets_no_session(hub, spawning) -> None:
    # PAM makes a failed log-in wait; the two attempts wait together, and the servers of
    # ``spawning`` start meanwhile
    ann = HubUser(hub, hub.participants[0])
    root = HubUser(hub, "root")
    in_parallel(lambda: ann.login("not-the-password"), lambda: root.login("anything"))
    assert not ann.logged_in()
    assert not root.logged_in()


def test_a_participant_logs_in_gets_the_course_and_runs_a_cell(hub, people) -> None:
    ann = people[hub.participants[0]]
    facts = _json_of(ann.run_code(
        "import getpass, json, os\n"
        "print(json.dumps({'answer': 6 * 7, 'user': getpass.getuser(), 'cwd': os.getcwd(),\n"
        "  'welcome': os.path.isfile('course/00-start-here/00.01-welcome.ipynb'),\n"
        "  'keys': [p for p in ('assessments', 'solutions', 'banks') if os.path.exists(p)]}))"))
    assert facts == {"answer": 42, "user": ann.name, "cwd": str(hub.home(ann.name)),
                     "welcome": True, "keys": []}


def test_memory_and_cpu_limits_hold_for_the_server_and_its_kernels(hub, people) -> None:
    ann = people[hub.participants[0]]
    plan = limits.plan(ann.name, mem_limit="1G", cpu_limit=1.0)
    facts = _json_of(ann.run_code(
        "import json, resource\n"
        "print(json.dumps({'cgroup': open('/proc/self/cgroup').read(),\n"
        "  'as': resource.getrlimit(resource.RLIMIT_AS)[0]}))"))
    gib = 1024**3
    if plan.mechanism == "rlimit":
        assert facts["as"] == gib
        return
    for group in plan.groups:
        relative = "/" + str(group.relative_to(group.parents[1]))  # /cxlab-hub/<user>
        assert f":{relative}\n" in facts["cgroup"], facts["cgroup"]
    if plan.mechanism == "cgroup1":
        memory, cpu = plan.groups
        assert int((memory / "memory.limit_in_bytes").read_text()) == gib
        assert int((cpu / "cpu.cfs_quota_us").read_text()) == int(
            (cpu / "cpu.cfs_period_us").read_text())  # one CPU
    else:
        assert int((plan.groups[0] / "memory.max").read_text()) == gib
        assert (plan.groups[0] / "cpu.max").read_text().split() == ["100000", "100000"]
    # the trainer's server has no cap (grading and building need room)
    trainer = people[hub.trainer]
    own = _json_of(trainer.run_code(
        "import json; print(json.dumps(open('/proc/self/cgroup').read()))"))
    assert "cxlab-hub" not in own


def test_the_assignment_round_goes_through_the_exchange(hub, people, trainer_kernel,
                                                       released) -> None:
    course = hub.home(hub.trainer) / "cxlab-course"
    ann, ben = (people[name] for name in hub.participants[:2])
    listed = ann.server_api("GET", "/assignments?course_id=cxlab")
    assert listed["success"], listed
    assert [a["assignment_id"] for a in listed["value"]] == [ASSIGNMENT]

    # each participant fetches, answers their own case and submits from JupyterLab (both at
    # once, as in a room)
    def hand_in(person: HubUser, right: bool) -> None:
        fetched = person.server_api(
            "POST", f"/assignments/fetch?course_id=cxlab&assignment_id={ASSIGNMENT}")
        assert fetched["success"], fetched
        path = f"/api/contents/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
        model = person.server_api("GET", path)
        answers = perfect(course, person.name)
        if not right:
            answers = {"code": answers["code"], "q2": "c)"}
        model_nb = with_answers(model["content"], answers)
        person.server_api("PUT", path, {"type": "notebook", "format": "json",
                                        "content": model_nb})
        submitted = person.server_api(
            "POST", f"/assignments/submit?course_id=cxlab&assignment_id={ASSIGNMENT}")
        assert submitted["success"], submitted

    in_parallel(lambda: hand_in(ann, True), lambda: hand_in(ben, False))

    # the trainer collects, grades (as root: the full sandbox), writes and releases feedback
    run_steps(trainer_kernel, f"step('collect', api.collect({ASSIGNMENT!r}))")
    assert {ann.name, ben.name} <= {p.name for p in (course / "submitted").iterdir()}
    assert cohort.grade(hub.root, ASSIGNMENT, "--quiet", "--student", ann.name,
                        "--student", ben.name) == 0
    run_steps(trainer_kernel,
              f"for r in grading.feedback('.', {ASSIGNMENT!r}, students={[ann.name, ben.name]!r}):"
              f"\n    assert not r.withheld, r.summary()\n"
              f"step('release_feedback', api.release_feedback({ASSIGNMENT!r}))")

    # the report is written while both fetch their feedback in JupyterLab
    def fetch_feedback(person: HubUser) -> str:
        got = person.server_api(
            "POST", f"/assignments/fetch_feedback?course_id=cxlab&assignment_id={ASSIGNMENT}")
        assert got["success"], got
        pages = list((hub.home(person.name) / ASSIGNMENT / "feedback").rglob("*.html"))
        assert len(pages) == 1, pages
        return pages[0].read_text()

    _, ann_page, ben_page = in_parallel(
        lambda: run_steps(trainer_kernel, f"grading.report({ASSIGNMENT!r}, '.')"),
        lambda: fetch_feedback(ann), lambda: fetch_feedback(ben))
    grades = (course / "reports" / ASSIGNMENT / "grades.csv").read_text().splitlines()
    totals = {line.split(",")[0]: float(line.split(",")[1]) for line in grades[1:]}
    assert totals[ann.name] == PERFECT_AUTO
    assert totals[ben.name] < PERFECT_AUTO
    # each finds their own mark in their feedback, and no hidden test
    for person, text in ((ann, ann_page), (ben, ben_page)):
        assert "BEGIN HIDDEN TESTS" not in text
        assert f"{totals[person.name]:g}" in text


def test_a_participant_cannot_read_others_work_the_trainers_files_or_the_keys(
        hub, people) -> None:
    ann, ben = (people[name] for name in hub.participants[:2])
    trainer_home = hub.home(hub.trainer)
    exchange = hub.root / "exchange" / "cxlab"
    targets = {
        "ben's workspace": str(hub.home(ben.name) / "course"),
        "ben's notebook": str(hub.home(ben.name) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
        "the trainer's course": str(trainer_home / "cxlab-course" / "assessments"),
        "the gradebook": str(trainer_home / "cxlab-course" / "gradebook.db"),
        "the course secret": str(trainer_home / "cxlab-course" / ".cxlab" / "secret"),
        "the submissions in the exchange": str(exchange / "inbound"),
        "the repository's assessments": str(ROOT / "assessments" / ASSIGNMENT),
        "the repository's banks": str(ROOT / "banks"),
        "the repository's solutions": str(ROOT / "solutions"),
        "the hub's passwords": str(hub.root / "state" / "passwords.csv"),
    }
    # what only a participant who learnt the names could try: ben's submission (its name
    # has a random part, and the inbound folder cannot be listed, as above), the submission's
    # secret (which names ben's feedback page) and ben's released feedback page itself
    inbound = exchange / "inbound"
    [submission] = [p for p in inbound.iterdir() if p.name.startswith(f"{ben.name}+")]
    [fetched] = (hub.home(ben.name) / ASSIGNMENT / "feedback").rglob("*.html")
    [page] = [p for p in (exchange / "feedback").iterdir()
              if p.read_bytes() == fetched.read_bytes()]
    targets.update({
        "ben's submission, by its name": str(submission),
        "ben's submitted notebook": str(submission / f"{ASSIGNMENT}.ipynb"),
        "ben's submission secret": str(submission / "submission_secret.txt"),
        "the released feedback": str(exchange / "feedback"),
        "ben's feedback page, by its name": str(page),
    })
    for what, path in targets.items():
        assert os.path.exists(path), f"{what} ({path}) should exist for this test to mean much"
    # and what could move ben's work, or the course's folders, away (to put others in place)
    moves = {"ben's submission": (str(submission), str(inbound / f"{ann.name}+taken")),
             "the course's exchange folder": (str(exchange), str(exchange) + "-moved")}
    probe = (
        "import json, os\n"
        "def attempt(path):\n"
        "    try:\n"
        "        if os.path.isdir(path):\n"
        "            return 'listed ' + ', '.join(sorted(os.listdir(path))[:5])\n"
        "        with open(path, 'rb') as fh:\n"
        "            return 'read %d bytes' % len(fh.read())\n"
        "    except OSError as exc:\n"
        "        return 'refused: ' + type(exc).__name__\n"
        "def move(old, new):\n"
        "    try:\n"
        "        os.rename(old, new)\n"
        "        return 'moved'\n"
        "    except OSError as exc:\n"
        "        return 'refused: ' + type(exc).__name__\n"
        f"print(json.dumps([{{k: attempt(v) for k, v in {targets!r}.items()}},\n"
        f"                  {{k: move(*v) for k, v in {moves!r}.items()}}]))")
    read, moved = _json_of(ann.run_code(probe))
    leaked = {k: v for k, v in read.items() if not v.startswith("refused")}
    assert not leaked, f"participant {ann.name} got at {leaked}"
    assert all(v.startswith("refused") for v in moved.values()), moved
    assert submission.is_dir() and exchange.is_dir()
    # every submission made through the hub is closed to others; the trainers' group reads it
    # (the trainer collected both above) and ben reads his own feedback (he fetched it above)
    trainers = grp.getgrnam(cohort.TRAINERS_GROUP).gr_gid
    for path in (p for s in inbound.iterdir() for p in [s, *s.rglob("*")]):
        info = path.lstat()
        assert (stat.S_IMODE(info.st_mode) & 0o007, info.st_gid) == (0, trainers), path
    assert hub.trainer in grp.getgrgid(trainers).gr_mem
    assert not {ann.name, ben.name} & set(grp.getgrgid(trainers).gr_mem)

    # Formgrader answers the trainer only
    with pytest.raises(urllib.error.HTTPError) as refused:
        ann.server_api("GET", "/formgrader/api/assignments")
    assert refused.value.code in (403, 404)
    assignments = people[hub.trainer].server_api("GET", "/formgrader/api/assignments")
    assert ASSIGNMENT in [a["name"] for a in assignments]


def test_configuring_again_closes_the_submissions_handed_in_before(hub, people) -> None:
    # a hub made before: a submission as nbgrader's own exchange leaves it (folder 0777,
    # files 0644), and a link someone put in the inbound folder, to a file of root's
    ann, ben = (people[name] for name in hub.participants[:2])
    inbound = hub.root / "exchange" / "cxlab" / "inbound"
    old = inbound / f"{ben.name}+{ASSIGNMENT}+2020-01-06 09:00:00.000000 UTC+old"
    link = inbound / f"{ann.name}+{ASSIGNMENT}+2020-01-06 09:00:00.000000 UTC+link"
    decoy = hub.base / "root-only.txt"
    decoy.write_text("root's")
    os.chmod(decoy, 0o600)
    old.mkdir()
    (old / "notes.txt").write_text("handed in before")
    os.symlink(decoy, link)
    for path, mode in ((old / "notes.txt", 0o644), (old, 0o777)):
        os.chown(path, hub.home(ben.name).stat().st_uid, hub.home(ben.name).stat().st_gid)
        os.chmod(path, mode)
    os.lchown(link, hub.home(ann.name).stat().st_uid, -1)
    try:
        assert _json_of(ann.run_code(
            f"import json; print(json.dumps(open({str(old / 'notes.txt')!r}).read()))"
        )) == "handed in before"  # nbgrader's permissions: readable by name
        cohort.prepare_exchange(hub.root / "exchange", hub.trainer)
        trainers = grp.getgrnam(cohort.TRAINERS_GROUP).gr_gid
        assert (stat.S_IMODE(old.stat().st_mode), old.stat().st_gid) == (0o770, trainers)
        assert stat.S_IMODE(inbound.stat().st_mode) == cohort.INBOUND_MODE
        assert (stat.S_IMODE(decoy.stat().st_mode), decoy.stat().st_gid) == (0o600, 0)
        refused = _json_of(ann.run_code(
            "import json\n"
            "try:\n"
            f"    open({str(old / 'notes.txt')!r}).read()\n"
            "    print(json.dumps('read'))\n"
            "except OSError as exc:\n"
            "    print(json.dumps(type(exc).__name__))"))
        assert refused == "PermissionError"
    finally:
        shutil.rmtree(old)
        link.unlink()
        decoy.unlink()


def test_a_course_update_merges_into_the_workspace_and_keeps_their_work(
        hub, people) -> None:
    # The launcher delivers the course at every server start with ``deliver`` (the first
    # start above put the course there); here the same call runs as the participant, in their
    # server, after the trainer's `hub/cohort.py course`, instead of a server restart.
    ann = people[hub.participants[0]]
    welcome = "course/00-start-here/00.01-welcome.ipynb"
    mine = ann.server_api("GET", f"/api/contents/{welcome}")
    mine["content"]["cells"][0]["source"] = "# My own notes"
    ann.server_api("PUT", f"/api/contents/{welcome}",
                   {"type": "notebook", "format": "json", "content": mine["content"]})
    added = hub.root / "course" / "00-start-here" / "00.99-new-in-the-course.md"
    added.write_text("New this week.\n")
    os.chmod(added, 0o644)
    lib = hub.root / "lib"
    facts = _json_of(ann.run_code(
        "import json, os, sys\n"
        f"sys.path.insert(0, {str(lib)!r})\n"
        "from pathlib import Path\n"
        "from cxlab_hub.launch import deliver\n"
        f"root = Path({str(hub.root)!r})\n"
        "summary = deliver(Path.home(), root / 'course', root / 'etc' / 'participant')\n"
        "print(json.dumps([summary, open('course/00-start-here/00.99-new-in-the-course.md')"
        ".read(),\n"
        f"  json.load(open({welcome!r}))['cells'][0]['source']]))"))
    assert facts[1] == "New this week.\n"
    assert "My own notes" in "".join(facts[2])
    # and the launcher ran it when the server started (it logs the delivery)
    assert f"cxlab hub: workspace {hub.home(ann.name)}: " in hub.log.read_text(errors="replace")


def test_the_idle_culler_runs_as_a_hub_service(hub, people) -> None:
    trainer = people[hub.trainer]
    services = wait_for(lambda: trainer.api("GET", "/hub/api/services"), timeout=30,
                        what="the service list")
    assert services["idle-culler"]["pid"], services["idle-culler"]
    assert Path(f"/proc/{services['idle-culler']['pid']}").exists()
