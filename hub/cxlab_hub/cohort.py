"""Set up and run a cohort hub on one Linux server (as root): ``python3 hub/cohort.py up ...``.

Steps (each a subcommand; ``up`` runs them all, then starts the hub in the foreground):

``install``
    the Python environment (``--venv``: a new one at that path, filled with this repository and
    its ``hub`` extra from PyPI, or ``project`` for the repository's own ``.venv``) and
    configurable-http-proxy from npm (``npm ci`` in ``hub/``, pinned by its lock file).
``configure``
    the hub's folder (``--root``, default ``/srv/cxlab-hub``): the course copy, the launcher,
    the participant settings, nbgrader's exchange (``exchange/``, world-writable as nbgrader
    requires; each submission readable by its participant and the trainers only, see
    ``cxlab_hub/exchange.py``) and the hub's settings (``state/hub.json``, root only); one
    Linux account per roster row (``participant_id`` is the account name, home ``0700``, a
    random password written to ``state/passwords.csv`` for the trainer to hand out); the
    trainer's account (``--trainer``, also in the group ``cxlab-trainers``) with the course
    folder ``~/cxlab-course`` (``nbgrader_config.py``, ``assessments/`` and the course
    secret, ``0700``) and nbgrader pointed at it and at the exchange. With ``--lti FILE``
    people sign in from the LMS (LTI 1.3) instead of with a password (see :func:`read_lti`);
    the accounts then get no password.
``start``
    JupyterHub with this configuration (``hub/jupyterhub_config.py``), in the foreground.
``course``
    copy ``course/`` into the hub again after a course update: participants get new notebooks
    at their next server start, and nothing of theirs is overwritten.
``grade`` / ``room``
    ``cxlab grade`` on the trainer's course (the full sandbox) / ``cxlab room`` over every
    participant's workspace (their progress: lessons, exercises, wrong answers), as root.

Only the standard library is used, so it runs before any environment exists.
"""

from __future__ import annotations

import argparse
import csv
import grp
import json
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["HubSettings", "configure", "install", "read_lti", "read_roster", "room", "main"]

REPO = Path(__file__).resolve().parents[2]
HUB = REPO / "hub"
GROUP = "cxlab-hub"
#: The trainers' group: it alone (with each participant) reads the participants' submissions.
#: The same name as ``cxlab_hub.exchange.TRAINERS_GROUP`` (that module needs nbgrader).
TRAINERS_GROUP = "cxlab-trainers"
#: The course's inbound folder: the trainers list it, everyone adds, nobody removes another's
#: (sticky), new submissions take the trainers' group (setgid). See cxlab_hub/exchange.py.
INBOUND_MODE = 0o3773
#: The exchange classes that keep a submission (and its feedback) from other participants.
EXCHANGE_CLASSES = {"submit": "cxlab_hub.exchange.SubmitToTrainers",
                    "release_feedback": "cxlab_hub.exchange.ReleaseFeedbackToAuthor"}
USERNAME = re.compile(r"[a-z_][a-z0-9_-]{0,31}")
#: Accounts that must never be made participants, whatever the roster says.
RESERVED = {"root", "daemon", "bin", "sys", "nobody", "www-data", "postgres", "cxlab-grader"}
#: Top-level folders of the repository a server may need (the rest is hidden from them).
TRAINER_ONLY = ("assessments", "banks", "solutions", ".cxlab", ".git")
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
#: The settings of an LTI file: the four the LMS gives when the hub is registered as a tool,
#: and the claim holding the roster's participant_id.
LTI_REQUIRED = ("issuer", "client_id", "authorize_url", "jwks_endpoint")
LTI_OPTIONAL = ("username_key",)
#: The LMS passes the participant id as the custom parameter participant_id (see hub/README.md)
LTI_USERNAME_KEY = "custom_participant_id"


class HubError(ValueError):
    """A step of the hub set-up cannot go on; the message says what to do."""


@dataclass(frozen=True)
class HubSettings:
    """Everything ``hub/jupyterhub_config.py`` reads (``state/hub.json``)."""

    root: str
    venv: str
    participants: tuple[str, ...]
    trainers: tuple[str, ...]
    ip: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    mem_limit: str = "2G"
    cpu_limit: float = 1.0
    idle_timeout_seconds: int = 3600
    cull_every_seconds: int = 300
    course_id: str = "cxlab"
    hidden_paths: tuple = ()
    proxy: str = ""
    gradebook_url: str = ""
    #: sign-in from an LMS (LTI 1.3), see :func:`read_lti`; empty: PAM with passwords
    lti: dict = field(default_factory=dict)

    def write(self, path: Path) -> Path:
        data = {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}
        _write_private(path, json.dumps(data, indent=1) + "\n")
        return path

    @classmethod
    def read(cls, path: Path) -> HubSettings:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(path, 0o600)


def _run(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(argv, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise HubError(f"{' '.join(argv[:3])} ... failed ({result.returncode}): "
                       f"{(result.stderr or result.stdout).strip()[-800:]}")
    return result


def _run_retrying(argv: list[str], *, input: str | None = None) -> None:
    """useradd/chpasswd fail while another process holds /etc/passwd's lock: try again."""
    import time

    for attempt in range(20):
        result = subprocess.run(argv, capture_output=True, text=True, input=input)
        if result.returncode == 0:
            return
        if "lock" not in (result.stderr + result.stdout).lower() or attempt == 19:
            raise HubError(f"{argv[0]} failed ({result.returncode}): {result.stderr.strip()}")
        time.sleep(0.25)


# ------------------------------------------------------------------------------------------
# roster and accounts


def read_roster(path: str | os.PathLike) -> list[str]:
    """The participant ids of a roster CSV (the one ``cxlab collect`` reads), checked to be
    usable as Linux account names.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as fh:
    ...     _ = fh.write("participant_id,name\\nann,Ann Lee\\nben,Ben Okafor\\n")
    >>> read_roster(fh.name)
    ['ann', 'ben']
    """
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    if not rows or "participant_id" not in rows[0]:
        raise HubError(f"roster must be a CSV with a participant_id column; got {str(path)!r}"
                       f" with columns {list(rows[0]) if rows else []}")
    ids: list[str] = []
    for number, row in enumerate(rows, start=2):
        pid = (row.get("participant_id") or "").strip()
        if not pid:
            continue
        if not USERNAME.fullmatch(pid) or pid in RESERVED:
            raise HubError(
                f"participant_id on line {number} of the roster must be a Linux account name "
                f"(lower-case letters, digits, - and _, starting with a letter, at most 32 "
                f"characters, not a system account); got {pid!r}")
        if pid in ids:
            raise HubError(f"participant_id {pid!r} appears twice in the roster")
        ids.append(pid)
    if not ids:
        raise HubError(f"the roster {str(path)!r} names no participant")
    return ids


def read_lti(path: str | os.PathLike) -> dict:
    """The LTI 1.3 settings of a TOML (or JSON) file: what the LMS gives when the hub is
    registered as an external tool.

    ``issuer``, ``client_id`` (one, or a list), ``authorize_url`` (the platform's OIDC
    authorization address) and ``jwks_endpoint`` (its public keys), all required;
    ``username_key``: the claim holding the roster's ``participant_id`` (default
    ``custom_participant_id``: the custom parameter ``participant_id``). Addresses must be
    ``https://`` (``http://`` only on this machine, 127.0.0.1 or localhost, for trials).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise HubError(f"the LTI settings file {str(path)!r} cannot be read: {exc}") from None
    try:
        if path.suffix == ".json":
            data = json.loads(text)
        else:
            import tomllib

            data = tomllib.loads(text)
    except ImportError:
        raise HubError("reading a TOML file needs Python 3.11 or newer; give the LTI settings "
                       "as a .json file instead") from None
    except ValueError as exc:
        raise HubError(f"the LTI settings file {str(path)!r} is not valid "
                       f"{'JSON' if path.suffix == '.json' else 'TOML'}: {exc}") from None
    if isinstance(data, dict) and set(data) == {"lti"} and isinstance(data["lti"], dict):
        data = data["lti"]  # a [lti] table
    allowed = (*LTI_REQUIRED, *LTI_OPTIONAL)
    unknown = sorted(set(data) - set(allowed)) if isinstance(data, dict) else []
    if not isinstance(data, dict) or unknown:
        raise HubError(f"the LTI settings file {str(path)!r} may hold only {', '.join(allowed)};"
                       f" got {unknown if unknown else type(data).__name__}")
    missing = [key for key in LTI_REQUIRED if not data.get(key)]
    if missing:
        raise HubError(f"the LTI settings file {str(path)!r} must give {', '.join(LTI_REQUIRED)}"
                       f"; missing: {', '.join(missing)}")
    ids = data["client_id"]
    ids = [ids] if isinstance(ids, str) else ids
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and i for i in ids):
        raise HubError(f"client_id in {str(path)!r} must be the LMS's client id (text) or a "
                       f"list of them; got {data['client_id']!r}")
    settings = {"client_id": ids,
                "username_key": str(data.get("username_key") or LTI_USERNAME_KEY)}
    for key in ("issuer", "authorize_url", "jwks_endpoint"):
        value = data[key]
        host = urlsplit(value).hostname if isinstance(value, str) else None
        secure = isinstance(value, str) and value.startswith("https://") and host
        local = (isinstance(value, str) and value.startswith("http://")
                 and host in ("127.0.0.1", "localhost"))
        if not (secure or local):
            raise HubError(f"{key} in {str(path)!r} must be an https:// address (http:// only "
                           f"for 127.0.0.1 or localhost); got {value!r}")
        settings[key] = value
    return settings


def _password() -> str:
    return "-".join("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4))
                    for _ in range(3))


def ensure_account(name: str, home_base: Path) -> bool:
    """Make the Linux account ``name`` (member of the group ``cxlab-hub``, home
    ``home_base/name`` with mode 0700). True when it was created now; an existing account is
    kept only if it belongs to the group (it was made for a hub before)."""
    try:
        grp.getgrnam(GROUP)
    except KeyError:
        _run_retrying(["groupadd", "--system", GROUP])
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        entry = None
    if entry is not None:
        members = grp.getgrnam(GROUP).gr_mem
        if name not in members:
            raise HubError(f"the account {name!r} exists already and was not made for a cohort "
                           f"hub (not in the group {GROUP}); rename the participant or remove "
                           f"the account")
        os.chmod(entry.pw_dir, 0o700)
        return False
    home = home_base / name
    _run_retrying(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
                   "--groups", GROUP, name])
    os.chmod(home, 0o700)
    return True


def set_password(name: str, password: str) -> None:
    _run_retrying(["chpasswd"], input=f"{name}:{password}\n")


def remove_account(name: str) -> None:
    """Remove an account made for a hub (its home folder is left to the caller)."""
    if _group_exists() and name in grp.getgrnam(GROUP).gr_mem:
        _run_retrying(["userdel", name])


def _group_exists() -> bool:
    try:
        grp.getgrnam(GROUP)
        return True
    except KeyError:
        return False


def ensure_trainers_group(trainers: list[str] | tuple[str, ...]) -> int:
    """Make the group ``cxlab-trainers`` with the ``trainers`` in it (each an account made
    before); returns its id. Those accounts read every submission in the exchange."""
    try:
        grp.getgrnam(TRAINERS_GROUP)
    except KeyError:
        _run_retrying(["groupadd", "--system", TRAINERS_GROUP])
    for name in trainers:
        if name not in grp.getgrnam(TRAINERS_GROUP).gr_mem:
            _run_retrying(["usermod", "--append", "--groups", TRAINERS_GROUP, name])
    return grp.getgrnam(TRAINERS_GROUP).gr_gid


def prepare_exchange(exchange: Path, trainer: str, course_id: str = "cxlab") -> Path:
    """The course's folders in nbgrader's exchange, owned by ``trainer`` as nbgrader's
    ``release_assignment`` would make them, except ``inbound``: its group is the trainers'
    and its mode :data:`INBOUND_MODE`, so that each submission (made private by
    ``cxlab_hub.exchange.SubmitToTrainers``) is readable by its participant and the trainers
    only. Submissions made before (nbgrader's world-readable ones) get their own folder
    closed to others the same way. Returns the inbound folder.

    Each folder is opened without following links and changed through that handle, so a link
    someone put in the (world-writable) exchange is refused, never followed as root."""
    entry = pwd.getpwnam(trainer)
    trainers_gid = grp.getgrnam(TRAINERS_GROUP).gr_gid
    handles = [os.open(exchange, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)]
    try:
        for name, gid, mode in ((course_id, entry.pw_gid, 0o755),
                                ("outbound", entry.pw_gid, 0o755),
                                ("inbound", trainers_gid, INBOUND_MODE)):
            parent = handles[0] if name == course_id else handles[1]
            try:
                os.mkdir(name, 0o700, dir_fd=parent)
            except FileExistsError:
                pass
            try:
                fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent)
            except OSError as exc:
                raise HubError(f"the exchange's folder {name!r} in {str(exchange)!r} is not a "
                               f"plain folder ({exc.strerror}): remove it and run configure "
                               f"again") from None
            handles.append(fd)
            os.fchown(fd, entry.pw_uid, gid)
            os.fchmod(fd, mode)
        inbound = handles[-1]
        for name in os.listdir(inbound):
            try:  # never follow a link a participant put there
                fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=inbound)
            except OSError:
                continue
            try:
                os.fchown(fd, -1, trainers_gid)
                os.fchmod(fd, 0o770)
            finally:
                os.close(fd)
    finally:
        for fd in handles:
            os.close(fd)
    return exchange / course_id / "inbound"


def exchange_settings(root: Path) -> str:
    """The nbgrader settings (appended to an ``nbgrader_config.py``) that choose the exchange
    classes of ``<root>/lib/cxlab_hub/exchange.py``."""
    lib = str(root / "lib")
    return ("import sys  # the exchange classes of the cohort hub (cxlab_hub/exchange.py)\n"
            f"if {lib!r} not in sys.path:\n"
            f"    sys.path.append({lib!r})\n"
            + "".join(f"c.ExchangeFactory.{key} = {value!r}\n"
                      for key, value in EXCHANGE_CLASSES.items()))


# ------------------------------------------------------------------------------------------
# the hub's folder


def _chown_tree(path: Path, user: str) -> None:
    entry = pwd.getpwnam(user)
    for folder, _dirs, files in os.walk(path):
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        for name in files:
            os.chown(os.path.join(folder, name), entry.pw_uid, entry.pw_gid, follow_symlinks=False)


def _copy_course(root: Path) -> None:
    target = root / "course"
    staging = root / "course.new"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(REPO / "course", staging,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    for folder, _dirs, files in os.walk(target):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)


def hidden_paths(venv: Path, *also: Path) -> list[dict]:
    """What the servers' mount namespaces cover: the repository (with only the entries the
    environment needs bound back: the venv when it lives there, the source folder of an
    editable install), and any folder on the way to the Python installation, the venv or
    ``also`` that other accounts cannot enter (``/root`` when Python was installed there by
    pyenv, say), with only the way through bound back. Outer folders come first."""
    needed = [venv.resolve(), *(p.resolve() for p in also)]
    needed += [p for p in _interpreter_paths(venv) if p is not None]
    entries: dict[Path, set[str]] = {REPO: set()}
    for path in needed:
        if path == REPO or REPO in path.parents:
            entries[REPO].add(path.relative_to(REPO).parts[0])
        for ancestor in reversed(path.parents):
            if ancestor == Path("/"):
                continue
            try:
                mode = ancestor.stat().st_mode
            except OSError:
                break
            if not mode & 0o001:  # others cannot pass through
                entries.setdefault(ancestor, set()).add(path.relative_to(ancestor).parts[0])
                break
    entries[REPO] -= set(TRAINER_ONLY)
    return [{"path": str(k), "keep": sorted(v)}
            for k, v in sorted(entries.items(), key=lambda kv: len(kv[0].parts))]


def _interpreter_paths(venv: Path) -> list[Path | None]:
    """The cxlab package folder and the Python installation behind ``venv``."""
    python = venv / "bin" / "python"
    if not python.exists():
        return []
    result = subprocess.run(
        [str(python), "-c", "import cxlab, pathlib, sys; "
         "print(pathlib.Path(cxlab.__file__).parent); print(sys.base_prefix)"],
        capture_output=True, text=True)
    if result.returncode != 0:
        return [Path(os.path.realpath(python)).parent]
    return [Path(line).resolve() for line in result.stdout.split()]


def configure(
    *,
    roster: str | os.PathLike,
    trainer: str,
    root: str | os.PathLike = "/srv/cxlab-hub",
    venv: str | os.PathLike,
    home_base: str | os.PathLike = "/home",
    ip: str = "127.0.0.1",
    port: int = 8000,
    hub_port: int = 8081,
    proxy_api_port: int = 8001,
    mem_limit: str = "2G",
    cpu_limit: float = 1.0,
    idle_timeout_seconds: int = 3600,
    cull_every_seconds: int = 300,
    reset_passwords: bool = False,
    gradebook_url: str = "",
    lti: dict | None = None,
) -> HubSettings:
    """Write the hub's folder and settings and make the accounts (see the module docstring).

    Returns the settings written to ``<root>/state/hub.json``. New accounts get a password,
    appended to ``<root>/state/passwords.csv`` (root only); with ``lti`` (the settings
    :func:`read_lti` returns) people sign in from the LMS and no password is made.
    """
    if os.geteuid() != 0:
        raise HubError("configure must run as root (it makes Linux accounts)")
    participants = read_roster(roster)
    if not USERNAME.fullmatch(trainer) or trainer in RESERVED:
        raise HubError(f"trainer must be a Linux account name; got {trainer!r}")
    if trainer in participants:
        raise HubError(f"trainer {trainer!r} is also on the roster; use another account name")
    root, venv, home_base = Path(root).resolve(), Path(venv).resolve(), Path(home_base)
    if not (venv / "bin" / "jupyterhub").exists():
        raise HubError(f"venv {str(venv)!r} has no jupyterhub: run the install step first")
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o755)
    home_base.mkdir(parents=True, exist_ok=True)
    state = root / "state"
    state.mkdir(exist_ok=True)
    os.chmod(state, 0o700)

    # what every server may read: the launcher, the workspace sync, the settings, the course
    lib = root / "lib"
    shutil.rmtree(lib, ignore_errors=True)
    shutil.copytree(HUB / "cxlab_hub", lib / "cxlab_hub",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "tools" / "participant_lab.py", lib / "participant_lab.py")
    etc = root / "etc"
    shutil.rmtree(etc / "participant", ignore_errors=True)
    shutil.copytree(REPO / "jupyter" / "participant", etc / "participant")
    exchange = root / "exchange"
    exchange.mkdir(exist_ok=True)
    # nbgrader's exchange: everyone writes; sticky, so nobody moves the course's folder away
    os.chmod(exchange, 0o1777)
    (etc / "jupyter").mkdir(parents=True, exist_ok=True)
    (etc / "jupyter" / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821 - written by hub/cohort.py\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        "c.CourseDirectory.course_id = 'cxlab'\n" + exchange_settings(root), encoding="utf-8")
    for folder, dirs, files in os.walk(root):
        if Path(folder) == state or state in Path(folder).parents or Path(folder) == exchange:
            dirs[:] = []
            continue
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    _copy_course(root)

    # accounts
    passwords = []
    for name in [*participants, trainer]:
        created = ensure_account(name, home_base)
        if (created or reset_passwords) and not lti:
            password = _password()
            set_password(name, password)
            passwords.append((name, "trainer" if name == trainer else "participant", password))
    book = state / "passwords.csv"
    lines = [] if not book.exists() else book.read_text(encoding="utf-8").splitlines()[1:]
    kept = [line for line in lines if line.split(",")[0] not in {p[0] for p in passwords}]
    _write_private(book, "account,role,password\n" + "".join(
        f"{line}\n" for line in kept) + "".join(f"{n},{r},{p}\n" for n, r, p in passwords))

    ensure_trainers_group([trainer])
    prepare_exchange(exchange, trainer)
    _trainer_course(trainer, exchange, gradebook_url)
    # the roster the hub was made from, for `room` (root only: it may hold names and e-mails)
    _write_private(state / "roster.csv", Path(roster).read_text(encoding="utf-8-sig"))

    proxy = HUB / "node_modules" / ".bin" / "configurable-http-proxy"
    settings = HubSettings(
        root=str(root), venv=str(venv), participants=tuple(participants),
        trainers=(trainer,), ip=ip, port=port, hub_port=hub_port,
        proxy_api_port=proxy_api_port, mem_limit=mem_limit, cpu_limit=cpu_limit,
        idle_timeout_seconds=idle_timeout_seconds, cull_every_seconds=cull_every_seconds,
        hidden_paths=tuple(hidden_paths(venv, root, home_base)), proxy=str(proxy),
        gradebook_url=gradebook_url, lti=dict(lti or {}))
    settings.write(state / "hub.json")
    return settings


def trainer_course_dir(trainer: str) -> Path:
    return Path(pwd.getpwnam(trainer).pw_dir) / "cxlab-course"


def course_config(gradebook_url: str = "") -> str:
    """The trainer's course ``nbgrader_config.py``: the repository's, and with
    ``gradebook_url`` the gradebook on that database server (several trainers)."""
    text = (REPO / "nbgrader_config.py").read_text(encoding="utf-8")
    if gradebook_url:
        text += ("\n# the gradebook of several trainers (hub/cohort.py --gradebook-url)\n"
                 f"c.CourseDirectory.db_url = {gradebook_url!r}\n")
    return text


def _trainer_course(trainer: str, exchange: Path, gradebook_url: str = "") -> None:
    """The trainer's nbgrader course folder (assessment sources, course secret) in their home,
    and their nbgrader settings. Existing files (gradebook, submissions) are kept. With
    ``gradebook_url`` the gradebook is on that database server (several trainers)."""
    course = trainer_course_dir(trainer)
    course.mkdir(exist_ok=True)
    (course / "nbgrader_config.py").write_text(course_config(gradebook_url), encoding="utf-8")
    shutil.copytree(REPO / "assessments", course / "assessments", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    secret = REPO / ".cxlab" / "secret"
    if secret.exists() and not (course / ".cxlab" / "secret").exists():
        (course / ".cxlab").mkdir(exist_ok=True)
        shutil.copy(secret, course / ".cxlab" / "secret")
    home = course.parent
    config = home / ".jupyter"
    config.mkdir(exist_ok=True)
    (config / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821 - written by hub/cohort.py\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.course_id = 'cxlab'\n"
        f"c.Exchange.root = {str(exchange)!r}\n" + exchange_settings(exchange.parent),
        encoding="utf-8")
    for path in (course, config):
        _chown_tree(path, trainer)
    os.chmod(course, 0o700)
    os.chmod(home, 0o700)


def update_course(root: str | os.PathLike) -> None:
    """Copy the repository's course/ into the hub again (delivered at each server start)."""
    _copy_course(Path(root))


# ------------------------------------------------------------------------------------------
# install and start


def install(venv: str | os.PathLike, *, python: str = sys.executable) -> Path:
    """Make (or update) the hub's Python environment with this repository and its ``hub``
    extra, and install configurable-http-proxy with ``npm ci`` (pinned by hub's lock file).

    The repository's own ``.venv`` gets an editable install (as ``make`` does); any other
    folder a plain one, so the servers need nothing of the repository.
    """
    venv = Path(venv)
    project = venv.resolve() == (REPO / ".venv").resolve()
    if not (venv / "bin" / "python").exists():
        _run([python, "-m", "venv", str(venv)])
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    if not project:
        _run([*pip, "--upgrade", "pip"])
    _run([*pip, *(["-e", f"{REPO}[hub]"] if project else [f"{REPO}[hub]"])])
    if shutil.which("npm") is None:
        raise HubError("npm is missing: install it first (Debian: apt-get install -y npm)")
    _run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(HUB)])
    return venv


def grade(root: str | os.PathLike, assignment: str, *extra: str) -> int:
    """``cxlab grade`` on the trainer's course folder, as root (so participants' code runs in
    the full sandbox, as in the README), then every file handed back to the trainer."""
    settings = HubSettings.read(Path(root) / "state" / "hub.json")
    trainer = settings.trainers[0]
    course = trainer_course_dir(trainer)
    result = subprocess.run([str(Path(settings.venv) / "bin" / "cxlab"), "grade", assignment,
                             "--course-dir", str(course), *extra])
    _chown_tree(course, trainer)
    return result.returncode


def room(root: str | os.PathLike, *extra: str) -> int:
    """``cxlab room`` over the hub's roster, as root (each workspace is a home folder only its
    owner can read): what each participant has done and where their answers go wrong."""
    root = Path(root)
    settings = HubSettings.read(root / "state" / "hub.json")
    result = subprocess.run([str(Path(settings.venv) / "bin" / "cxlab"), "room",
                             "--roster", str(root / "state" / "roster.csv"),
                             "--course", str(root / "course"), *extra])
    return result.returncode


def hub_command(settings_path: Path) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that start the hub on ``settings_path``."""
    settings = HubSettings.read(settings_path)
    env = dict(os.environ)
    env["CXLAB_HUB_SETTINGS"] = str(settings_path)
    env["PATH"] = os.pathsep.join([str(Path(settings.venv) / "bin"), env.get("PATH", "")])
    argv = [str(Path(settings.venv) / "bin" / "jupyterhub"), "-f",
            str(HUB / "jupyterhub_config.py")]
    return argv, env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hub/cohort.py", description=__doc__.split("\n")[0])
    steps = parser.add_subparsers(dest="step", required=True)
    for name in ("up", "install", "configure", "start", "course", "grade", "room"):
        p = steps.add_parser(name)
        p.add_argument("--root", default="/srv/cxlab-hub", help="the hub's folder")
        if name == "grade":
            p.add_argument("assignment")
            p.add_argument("cxlab_args", nargs="*", help="more options of cxlab grade (after --)")
        if name == "room":
            p.add_argument("cxlab_args", nargs="*", help="more options of cxlab room (after --)")
        if name in ("up", "install", "configure"):
            p.add_argument("--venv", default="/opt/cxlab-hub/venv",
                           help="Python environment to make or use ('project': .venv)")
        if name in ("up", "configure"):
            p.add_argument("--roster", required=True, help="CSV with a participant_id column")
            p.add_argument("--trainer", required=True, help="the trainer's account name")
            p.add_argument("--home-base", default="/home")
            p.add_argument("--ip", default="127.0.0.1",
                           help="address to serve on (0.0.0.0 behind your HTTPS proxy)")
            p.add_argument("--port", type=int, default=8000)
            p.add_argument("--mem-limit", default="2G", help="memory per participant")
            p.add_argument("--cpu-limit", type=float, default=1.0, help="CPUs per participant")
            p.add_argument("--idle-timeout", type=int, default=3600,
                           help="seconds idle before a server is stopped")
            p.add_argument("--reset-passwords", action="store_true")
            p.add_argument("--gradebook-url", default="",
                           help="the gradebook on a database server, for several trainers "
                           "(postgresql+psycopg://host/db); default SQLite in the course")
            p.add_argument("--lti", default="", metavar="FILE",
                           help="sign in from the LMS (LTI 1.3) with the settings in FILE "
                           "(TOML: issuer, client_id, authorize_url, jwks_endpoint, "
                           "username_key); default: passwords (PAM)")
    args = parser.parse_args(argv)
    try:
        venv = getattr(args, "venv", None)
        if venv == "project":
            venv = str(REPO / ".venv")
        lti = read_lti(args.lti) if getattr(args, "lti", "") else None
        if args.step in ("up", "install"):
            install(venv)
        if args.step in ("up", "configure"):
            settings = configure(
                roster=args.roster, trainer=args.trainer, root=args.root, venv=venv,
                home_base=args.home_base, ip=args.ip, port=args.port,
                mem_limit=args.mem_limit, cpu_limit=args.cpu_limit,
                idle_timeout_seconds=args.idle_timeout, reset_passwords=args.reset_passwords,
                gradebook_url=args.gradebook_url, lti=lti)
            sign_in = (f"sign-in from the LMS at {lti['issuer']} (LTI 1.3)" if lti else
                       f"passwords of new accounts in {settings.root}/state/passwords.csv")
            print(f"hub configured in {settings.root}: {len(settings.participants)} "
                  f"participant(s), trainer {settings.trainers[0]}; {sign_in}")
        if args.step == "grade":
            return grade(args.root, args.assignment, *args.cxlab_args)
        if args.step == "room":
            return room(args.root, *args.cxlab_args)
        if args.step == "course":
            update_course(args.root)
            print(f"course copied into {args.root}/course (delivered at each server start)")
        if args.step in ("up", "start"):
            command, env = hub_command(Path(args.root) / "state" / "hub.json")
            os.chdir(Path(args.root) / "state")
            print(f"starting JupyterHub: {' '.join(command)}", flush=True)
            os.execve(command[0], command, env)
    except HubError as exc:
        print(f"hub/cohort.py: {exc}", file=sys.stderr)
        return 2
    return 0
