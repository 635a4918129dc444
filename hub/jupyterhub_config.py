"""JupyterHub configuration of the cxlab cohort hub (``jupyterhub -f hub/jupyterhub_config.py``).

Everything that differs between hubs comes from the settings file named by the environment
variable ``CXLAB_HUB_SETTINGS`` (``<root>/state/hub.json``, written by ``hub/cohort.py
configure``), so this file stays the same everywhere and is tested as it is.

* Log-in: PAM (JupyterHub's default authenticator, over the Linux accounts made from the
  roster), or, when the settings carry ``lti`` (``hub/cohort.py --lti FILE``), a launch from
  the LMS as an LTI 1.3 tool (jupyterhub-ltiauthenticator), the participant id taken from the
  claim ``lti["username_key"]``; either way only the roster's participants and the trainer
  may log in; the trainer is admin.
* Servers: :class:`cxlab_hub.spawner.CxlabSpawner` runs each as its own account, with memory
  and CPU limits and the repository hidden; the launcher delivers the course on each start.
* Idle servers are stopped by jupyterhub-idle-culler (a hub service with the least rights);
  the servers and the proxy report activity to the hub often enough for its timeout.
* configurable-http-proxy from ``hub/node_modules`` (``npm ci`` in ``hub/``).
"""

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cxlab_hub.spawner import CxlabSpawner  # noqa: E402

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

settings = json.loads(Path(os.environ["CXLAB_HUB_SETTINGS"]).read_text(encoding="utf-8"))
root = Path(settings["root"])
state = root / "state"
venv_bin = Path(settings["venv"]) / "bin"
python = str(venv_bin / "python")

# -- network: the public port, the hub's internal API and the proxy's API ---------------------
c.JupyterHub.bind_url = f"http://{settings['ip']}:{settings['port']}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings["hub_port"]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings['proxy_api_port']}"
c.ConfigurableHTTPProxy.command = [settings["proxy"]]
c.ConfigurableHTTPProxy.should_start = True

# -- the hub's own state (root only) ----------------------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every server
c.JupyterHub.cleanup_proxy = True

# -- who may log in ---------------------------------------------------------------------------
lti = settings.get("lti") or {}
if lti:  # a launch from the LMS signs people in; no password anywhere
    c.JupyterHub.authenticator_class = "ltiauthenticator.lti13.auth.LTI13Authenticator"
    c.LTI13Authenticator.issuer = lti["issuer"]
    c.LTI13Authenticator.client_id = set(lti["client_id"])
    c.LTI13Authenticator.authorize_url = lti["authorize_url"]
    c.LTI13Authenticator.jwks_endpoint = lti["jwks_endpoint"]
    c.LTI13Authenticator.username_key = lti["username_key"]
else:
    c.JupyterHub.authenticator_class = "pam"
    c.PAMAuthenticator.open_sessions = False  # no login session bookkeeping (no systemd-logind)
c.Authenticator.allowed_users = set(settings["participants"]) | set(settings["trainers"])
c.Authenticator.admin_users = set(settings["trainers"])

# -- the servers ------------------------------------------------------------------------------
c.JupyterHub.spawner_class = CxlabSpawner
c.CxlabSpawner.hub_root = str(root)
c.CxlabSpawner.trainers = list(settings["trainers"])
c.CxlabSpawner.hidden_paths = list(settings["hidden_paths"])
c.CxlabSpawner.venv_bin = str(venv_bin)
c.Spawner.cmd = [python, str(root / "lib" / "cxlab_hub" / "launch.py")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab"
c.Spawner.mem_limit = settings["mem_limit"]
c.Spawner.cpu_limit = settings["cpu_limit"]
# a whole room signs in at nine: on a small server the last servers take minutes to answer
# (benchmarks/bench_hub.py measures it), and a slow start must not be taken for a failed one
c.Spawner.http_timeout = 300
c.Spawner.start_timeout = 300

# -- idle servers stopped ---------------------------------------------------------------------
# The culler reads each server's last activity from the hub, which learns it from the proxy
# (every last_activity_interval) and from the server itself (every JUPYTERHUB_ACTIVITY_INTERVAL;
# a kernel at work counts). Both are JupyterHub's 300 s unless the culler looks more often.
activity_every = max(5, min(300, settings["cull_every_seconds"]))
c.JupyterHub.last_activity_interval = activity_every
c.Spawner.environment = {"JUPYTERHUB_ACTIVITY_INTERVAL": str(activity_every)}
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            python, "-m", "jupyterhub_idle_culler",
            f"--timeout={settings['idle_timeout_seconds']}",
            f"--cull-every={settings['cull_every_seconds']}",
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
