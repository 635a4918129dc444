"""The cxlab cohort hub: JupyterHub on one Linux server (see hub/README.md)."""
