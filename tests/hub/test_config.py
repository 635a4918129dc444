"""The cohort hub's pieces that need no running hub: the roster check, the choice and writing
of limits on cgroup v1 and v2 trees (made in a temporary folder, so the v2 path is checked
here even on a v1 machine), and the Zero to JupyterHub values file agreeing with the hub."""

from __future__ import annotations

import json
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
