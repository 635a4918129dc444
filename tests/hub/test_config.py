"""The cohort hub's pieces that need no running hub: the roster check, the choice and writing
of limits on cgroup v1 and v2 trees (made in a temporary folder, so the v2 path is checked
here even on a v1 machine), and the Zero to JupyterHub values file agreeing with the hub."""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import stat
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.hub.hubtools import cohort, limits


def _roster(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(text)
    return path


def test_the_roster_gives_account_names_or_says_which_row_is_wrong(tmp_path: Path) -> None:
    assert cohort.read_roster(_roster(tmp_path, "participant_id,email\nann,a@x.org\n\n")) == [
        "ann"]
    with pytest.raises(cohort.HubError, match=r"participant_id on line 3 of the roster must "
                       r"be a Linux account name .*got 'Ben Okafor'"):
        cohort.read_roster(_roster(tmp_path, "participant_id\nann\nBen Okafor\n"))
    with pytest.raises(cohort.HubError, match="not a system account.*got 'root'"):
        cohort.read_roster(_roster(tmp_path, "participant_id\nroot\n"))
    with pytest.raises(cohort.HubError, match="'ann' appears twice"):
        cohort.read_roster(_roster(tmp_path, "participant_id\nann\nann\n"))
    with pytest.raises(cohort.HubError, match="participant_id column; got .* columns"
                       r" \['name'\]"):
        cohort.read_roster(_roster(tmp_path, "name\nAnn\n"))


def test_limits_on_a_cgroup_v2_tree(tmp_path: Path) -> None:
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (tmp_path / "cgroup.subtree_control").write_text("")
    plan = limits.plan("ann", mem_limit="1.5G", cpu_limit=0.5, root=tmp_path)
    assert plan.mechanism == "cgroup2"
    assert plan.groups == (tmp_path / "cxlab-hub" / "ann",)
    base = tmp_path / "cxlab-hub"
    base.mkdir()
    (base / "cgroup.controllers").write_text("cpu memory\n")
    plan.create()
    group = plan.groups[0]
    assert (group / "memory.max").read_text() == str(int(1.5 * 1024**3))
    assert (group / "cpu.max").read_text() == "50000 100000"  # half of each 100 ms period
    # a real kernel keeps both controllers; the file here holds the last one written
    assert (base / "cgroup.subtree_control").read_text() in ("+cpu", "+memory")
    assert "ann: 1.5 GiB, 0.5 CPU by cgroup v2" in plan.describe()


def test_limits_on_a_cgroup_v1_tree(tmp_path: Path) -> None:
    for controller, probe in (("memory", "memory.limit_in_bytes"), ("cpu", "cpu.cfs_quota_us")):
        (tmp_path / controller).mkdir()
        (tmp_path / controller / probe).write_text("")
    plan = limits.plan("ben", mem_limit="512M", cpu_limit=2, root=tmp_path)
    assert plan.mechanism == "cgroup1"
    plan.create()
    memory, cpu = plan.groups
    assert (memory / "memory.limit_in_bytes").read_text() == str(512 * 1024**2)
    assert (cpu / "cpu.cfs_quota_us").read_text() == "200000"
    assert (cpu / "cpu.cfs_period_us").read_text() == "100000"
    # what is still in the groups (a kernel outliving its server) is named, then removed
    (memory / "cgroup.procs").write_text("41\n42\n")
    (cpu / "cgroup.procs").write_text("42\n")
    assert plan.members() == {41, 42}


def test_limits_fall_back_to_an_address_space_limit_and_say_so(tmp_path: Path) -> None:
    plan = limits.plan("cy", mem_limit="1G", cpu_limit=1, root=tmp_path)
    assert (plan.mechanism, plan.cpu, plan.groups) == ("rlimit", None, ())
    assert "RLIMIT_AS per process" in plan.describe()
    with pytest.raises(ValueError, match="cpu_limit must be positive; got -1"):
        limits.plan("cy", mem_limit="1G", cpu_limit=-1, root=tmp_path)
    with pytest.raises(ValueError, match="user must be a plain account name; got '../x'"):
        limits.plan("../x", mem_limit="1G", cpu_limit=1, root=tmp_path)


def test_the_kubernetes_values_agree_with_the_hub() -> None:
    values = yaml.safe_load((ROOT / "hub" / "z2jh" / "values.yaml").read_text())
    single = values["singleuser"]
    mounts = {m["name"]: m["mountPath"] for m in single["storage"]["extraVolumeMounts"]}
    config = single["extraFiles"]["nbgrader-config"]["stringData"]
    assert f'c.Exchange.root = "{mounts["nbgrader-exchange"]}"' in config
    assert 'c.CourseDirectory.course_id = "cxlab"' in config
    # the participant settings are the ones `make lab` and this hub use
    shipped = json.loads((ROOT / "jupyter" / "participant" / "jupyter_server_config.json")
                         .read_text())
    given = json.loads(single["extraFiles"]["participant-settings"]["stringData"])
    assert given["ServerApp"]["jpserver_extensions"] == shipped["ServerApp"][
        "jpserver_extensions"]
    assert given["ServerApp"]["terminals_enabled"] is False
    # the course arrives with the workspace sync, whose command line takes course, workspace
    command = single["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert command[:3] == ["python", "-m", "cxlab.workspace"] and len(command) == 5
    assert single["defaultUrl"].endswith("course/00-start-here/00.01-welcome.ipynb")
    assert (ROOT / "course" / "00-start-here" / "00.01-welcome.ipynb").is_file()
    assert values["cull"]["enabled"] is True


def test_the_gradebook_url_goes_into_the_course_settings(tmp_path: Path) -> None:
    from traitlets.config.loader import PyFileConfigLoader

    url = "postgresql+psycopg://db.example.org/cxlab"
    for given, expected in (("", None), (url, url)):
        (tmp_path / "nbgrader_config.py").write_text(cohort.course_config(given))
        config = PyFileConfigLoader("nbgrader_config.py", path=str(tmp_path)).load_config()
        # the repository's own setting (SQLite in the course folder) unless a URL is given
        assert config.CourseDirectory.db_url == (expected or "sqlite:///gradebook.db")
    settings = cohort.HubSettings(root="/srv/hub", venv="/opt/venv", participants=("ann",),
                                  trainers=("tia",), gradebook_url=url)
    assert cohort.HubSettings.read(settings.write(tmp_path / "hub.json")) == settings


LTI_TOML = """[lti]
issuer = "https://moodle.example.org"
client_id = "Xy12"
authorize_url = "https://moodle.example.org/mod/lti/auth.php"
jwks_endpoint = "https://moodle.example.org/mod/lti/certs.php"
"""


def test_the_lti_settings_file_is_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "lti.toml"
    path.write_text(LTI_TOML)
    assert cohort.read_lti(path) == {
        "issuer": "https://moodle.example.org", "client_id": ["Xy12"],
        "authorize_url": "https://moodle.example.org/mod/lti/auth.php",
        "jwks_endpoint": "https://moodle.example.org/mod/lti/certs.php",
        "username_key": "custom_participant_id"}
    as_json = tmp_path / "lti.json"
    as_json.write_text('{"issuer": "http://127.0.0.1:9", "client_id": ["a", "b"], '
                       '"authorize_url": "http://localhost:9/auth", "jwks_endpoint": '
                       '"http://127.0.0.1:9/jwks", "username_key": "email"}')
    assert cohort.read_lti(as_json)["client_id"] == ["a", "b"]
    assert cohort.read_lti(as_json)["username_key"] == "email"
    for text, message in (
        (LTI_TOML.replace('client_id = "Xy12"\n', ""), "missing: client_id"),
        (LTI_TOML + 'secret = "x"\n', r"may hold only issuer, .*; got \['secret'\]"),
        (LTI_TOML.replace("https://moodle.example.org/mod/lti/certs.php",
                          "http://moodle.example.org/certs"),
         "jwks_endpoint .* must be an https:// address .*got 'http://moodle.example.org/certs'"),
        (LTI_TOML.replace('"Xy12"', "12"), "client_id .* got 12"),
        ("[lti\n", "is not valid TOML"),
    ):
        path.write_text(text)
        with pytest.raises(cohort.HubError, match=message):
            cohort.read_lti(path)
    with pytest.raises(cohort.HubError, match="cannot be read"):
        cohort.read_lti(tmp_path / "absent.toml")


@pytest.mark.parametrize("lti", [False, True], ids=["passwords", "lti"])
def test_the_hub_configuration_signs_in_by_password_or_from_the_lms(
        tmp_path: Path, monkeypatch, lti: bool) -> None:
    from traitlets.config.loader import PyFileConfigLoader

    path = tmp_path / "lti.toml"
    path.write_text(LTI_TOML)
    settings = cohort.HubSettings(
        root=str(tmp_path), venv=str(tmp_path / "venv"), participants=("ann",),
        trainers=("tia",), idle_timeout_seconds=30, cull_every_seconds=10,
        lti=cohort.read_lti(path) if lti else {})
    monkeypatch.setenv("CXLAB_HUB_SETTINGS", str(settings.write(tmp_path / "hub.json")))
    config = PyFileConfigLoader("jupyterhub_config.py", path=str(ROOT / "hub")).load_config()
    assert config.Authenticator.allowed_users == {"ann", "tia"}
    assert config.Authenticator.admin_users == {"tia"}
    if lti:
        assert config.JupyterHub.authenticator_class == (
            "ltiauthenticator.lti13.auth.LTI13Authenticator")
        assert config.LTI13Authenticator.client_id == {"Xy12"}
        assert config.LTI13Authenticator.issuer == "https://moodle.example.org"
        assert config.LTI13Authenticator.username_key == "custom_participant_id"
        assert "PAMAuthenticator" not in config
    else:
        assert config.JupyterHub.authenticator_class == "pam"
        assert "LTI13Authenticator" not in config
    # activity reaches the hub more often than the culler looks for it
    assert config.JupyterHub.last_activity_interval == 10
    assert config.Spawner.environment == {"JUPYTERHUB_ACTIVITY_INTERVAL": "10"}
    assert "--timeout=30" in config.JupyterHub.services[0]["command"]


def test_a_default_hub_keeps_jupyterhubs_activity_intervals(tmp_path: Path, monkeypatch) -> None:
    from traitlets.config.loader import PyFileConfigLoader

    settings = cohort.HubSettings(root=str(tmp_path), venv=str(tmp_path / "venv"),
                                  participants=("ann",), trainers=("tia",))
    monkeypatch.setenv("CXLAB_HUB_SETTINGS", str(settings.write(tmp_path / "hub.json")))
    config = PyFileConfigLoader("jupyterhub_config.py", path=str(ROOT / "hub")).load_config()
    # an hour's timeout, a look every 5 minutes: JupyterHub's own 300 s are kept
    assert config.JupyterHub.last_activity_interval == 300
    assert config.Spawner.environment == {"JUPYTERHUB_ACTIVITY_INTERVAL": "300"}
    assert config.JupyterHub.services[0]["command"][-2:] == ["--timeout=3600",
                                                            "--cull-every=300"]


def test_a_bad_lti_file_stops_the_set_up_before_anything_is_made(tmp_path: Path,
                                                                  capsys) -> None:
    bad = tmp_path / "lti.toml"
    bad.write_text(LTI_TOML.replace("https://moodle.example.org/mod/lti/auth.php", ""))
    roster = _roster(tmp_path, "participant_id\nann\n")
    code = cohort.main(["configure", "--roster", str(roster), "--trainer", "tia",
                        "--root", str(tmp_path / "root"), "--lti", str(bad)])
    assert code == 2
    assert "missing: authorize_url" in capsys.readouterr().err
    assert not (tmp_path / "root").exists()


# -- the exchange: a submission readable by its participant and the trainers only -------------


def _exchange_with_a_release(tmp_path: Path, inbound_mode: int) -> tuple[Path, Path]:
    """An nbgrader exchange with assignment ``a1`` released, its inbound folder in
    ``inbound_mode``, and a participant's answered copy of ``a1`` (a notebook, a sub-folder)."""
    exchange = tmp_path / "exchange"
    released = exchange / "cxlab" / "outbound" / "a1"
    released.mkdir(parents=True)
    (released / "a1.ipynb").write_text("{}")
    inbound = exchange / "cxlab" / "inbound"
    inbound.mkdir()
    os.chmod(exchange, 0o1777)
    if os.geteuid() == 0:  # another group than the submitter's, as the trainers' is
        os.chown(inbound, -1, grp.getgrnam("nogroup" if _has_group("nogroup") else "users")
                 .gr_gid)
    os.chmod(inbound, inbound_mode)
    work = tmp_path / "work"
    (work / "a1" / "data").mkdir(parents=True)
    (work / "a1" / "a1.ipynb").write_text('{"answer": 42}')
    (work / "a1" / "data" / "notes.txt").write_text("mine")
    return exchange, work


def _has_group(name: str) -> bool:
    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


def _submit(exchange_class, exchange: Path, work: Path, tmp_path: Path) -> Path:
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    config = Config()
    config.Exchange.root = str(exchange)
    config.Exchange.assignment_dir = str(work)
    config.Exchange.cache = str(tmp_path / "cache")
    config.CourseDirectory.course_id = "cxlab"
    config.CourseDirectory.assignment_id = "a1"
    exchange_class(coursedir=CourseDirectory(config=config),
                   authenticator=Authenticator(config=config), config=config).start()
    [submission] = (exchange / "cxlab" / "inbound").iterdir()
    return submission


def _modes(submission: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for path in [submission, *submission.rglob("*")]:
        info = path.lstat()
        found[str(path.relative_to(submission))] = (stat.S_IMODE(info.st_mode) & 0o777,
                                                    info.st_gid)
    return found


def test_a_submission_is_readable_by_its_participant_and_the_trainers_group(
        tmp_path: Path) -> None:
    from cxlab_hub.exchange import SubmitToTrainers
    from nbgrader.exchange.default.submit import ExchangeSubmit

    exchange, work = _exchange_with_a_release(tmp_path, cohort.INBOUND_MODE)
    group = (exchange / "cxlab" / "inbound").stat().st_gid
    submission = _submit(SubmitToTrainers, exchange, work, tmp_path)
    assert submission.name.startswith(f"{pwd.getpwuid(os.getuid()).pw_name}+a1+")
    assert _modes(submission) == {
        ".": (0o770, group), "a1.ipynb": (0o640, group), "data": (0o770, group),
        "data/notes.txt": (0o640, group), "timestamp.txt": (0o640, group),
        "submission_secret.txt": (0o640, group)}
    # nbgrader's own submit, in the same folder, leaves everything open to everyone
    shutil.rmtree(submission)
    plain = _modes(_submit(ExchangeSubmit, exchange, work, tmp_path))
    assert plain["."][0] == 0o777 and plain["a1.ipynb"][0] == 0o644


def test_a_submission_is_refused_where_the_inbound_folder_would_not_give_it_to_the_trainers(
        tmp_path: Path) -> None:
    from cxlab_hub.exchange import SubmitToTrainers
    from nbgrader.exchange import ExchangeError

    exchange, work = _exchange_with_a_release(tmp_path, 0o1773)  # no setgid bit
    with pytest.raises(ExchangeError):
        _submit(SubmitToTrainers, exchange, work, tmp_path)
    assert list((exchange / "cxlab" / "inbound").iterdir()) == []


def test_the_nbgrader_settings_choose_the_cohorts_exchange_classes(tmp_path: Path,
                                                                  monkeypatch) -> None:
    from cxlab_hub import exchange
    from nbgrader.exchange import ExchangeFactory
    from nbgrader.exchange.default import ExchangeReleaseFeedback, ExchangeSubmit
    from traitlets.config.loader import PyFileConfigLoader

    monkeypatch.setattr(sys, "path", list(sys.path))  # the settings add the hub's lib folder
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n"
                                                 + cohort.exchange_settings(tmp_path))
    config = PyFileConfigLoader("nbgrader_config.py", path=str(tmp_path)).load_config()
    assert str(tmp_path / "lib") in sys.path
    factory = ExchangeFactory(config=config)
    assert factory.submit is exchange.SubmitToTrainers
    assert issubclass(factory.submit, ExchangeSubmit)
    assert factory.release_feedback is exchange.ReleaseFeedbackToAuthor
    assert issubclass(factory.release_feedback, ExchangeReleaseFeedback)
    # hub/cohort.py (standard library only) and the exchange classes agree
    assert (cohort.TRAINERS_GROUP, cohort.INBOUND_MODE) == (exchange.TRAINERS_GROUP,
                                                            exchange.INBOUND_MODE)


def test_a_feedback_page_is_readable_by_its_participant_alone() -> None:
    import tempfile

    from cxlab_hub.exchange import feedback_acl

    if os.geteuid() != 0:
        pytest.skip("reading as other accounts needs root")
    # pytest's own temporary folder is root's alone: the readers must pass through this one
    folder = Path(tempfile.mkdtemp(prefix="cxlab-acl-", dir="/tmp"))
    os.chmod(folder, 0o755)
    page = folder / "feedback.html"
    page.write_text("<p>your score: 7</p>")
    os.chmod(page, 0o644)
    reader, other = 61001, 61002  # two accounts' ids (no names needed)
    os.setxattr(page, "system.posix_acl_access", feedback_acl(reader))
    assert stat.S_IMODE(page.stat().st_mode) == 0o640  # the group bits are the list's mask

    def read_as(uid: int) -> str:
        pid = os.fork()
        if pid == 0:  # the child becomes the account and tries
            code = 1
            try:
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)
                page.read_text()
                code = 0
            except OSError:
                code = 13
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        return {0: "read", 13: "refused"}.get(os.waitstatus_to_exitcode(status), "failed")

    try:
        assert read_as(reader) == "read"
        assert read_as(other) == "refused"
    finally:
        shutil.rmtree(folder)
