"""The progress page's front end: the table and the figure, and on a workspace a download
link and an upload button for the progress file (Binder forgets a session's files).

Imported only by notebooks (it needs IPython and ipywidgets).
"""

from __future__ import annotations

import base64
import html
import io
import os
from pathlib import Path

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from .. import progress as _progress
from .._style import figure_description
from ..workspace import COURSE_FOLDER, find_workspace
from .plots import plot_progress

__all__ = ["ProgressFile", "show"]

#: The name a downloaded progress file gets.
DOWNLOAD_NAME = "cxlab-progress.jsonl"


def _download_link(workspace: Path) -> str:
    """An HTML link that downloads the progress file (its bytes are in the link, so it works
    without the server, on Binder too)."""
    path = _progress.log_path(workspace)
    try:
        data = path.read_bytes()[: _progress.MAX_LOG_BYTES]
    except OSError:
        data = b""
    href = "data:application/x-ndjson;base64," + base64.b64encode(data).decode("ascii")
    count = len(_progress.read_events(path))
    return (f'<p><a class="cxlab-progress-download" download="{DOWNLOAD_NAME}" '
            f'style="color: #0072B2; text-decoration: underline" href="{href}">Download your '
            f'progress file ({DOWNLOAD_NAME}, {count} record{"" if count == 1 else "s"})</a></p>')


class ProgressFile(widgets.VBox):
    """Save and load the progress file: a download link and an upload button.

    Loading adds the records of an uploaded progress file that are not here yet
    (:func:`cxlab.progress.merge`), so loading the same file twice changes nothing.
    """

    def __init__(self, workspace: str | os.PathLike) -> None:
        self.workspace = Path(workspace)
        self.link = widgets.HTML(value=_download_link(self.workspace))
        self.upload = widgets.FileUpload(accept=".jsonl,.json,.txt", multiple=False,
                                         description="Load a progress file",
                                         layout=widgets.Layout(width="16em"))
        self.upload.tooltip = "Load a progress file you downloaded from this page earlier"
        self.status = widgets.HTML(value="")
        self.upload.observe(self._loaded, names="value")
        super().__init__(children=[self.link, widgets.HBox([self.upload, self.status])])
        self.add_class("cxlab-progress-file")

    def load(self, data: bytes, name: str = DOWNLOAD_NAME) -> str:
        """Merge the progress file ``data`` into this workspace; the sentence shown."""
        try:
            added = _progress.merge(data, self.workspace)
        except ValueError as exc:  # cxlab.CxlabValueError: not a progress file
            message = f"Not loaded: {exc}"
        else:
            message = (f"Loaded {name}: {added} new record{'' if added == 1 else 's'} "
                       "(records already here are not added twice). Run this cell again "
                       "to see them in the table.")
            self.link.value = _download_link(self.workspace)
        self.status.value = f"<span role='status'>{html.escape(message)}</span>"
        return message

    def __repr__(self) -> str:
        return (f"Your progress file is {_progress.log_path(self.workspace)}. Open this notebook "
                "in JupyterLab to download it or to load one back.")

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:  # a viewer without widgets shows a sentence, not the widget's repr
            bundle["text/plain"] = repr(self)
        return bundle

    def _loaded(self, change: dict) -> None:
        for item in change.get("new") or ():
            self.load(bytes(item["content"]), str(item.get("name", DOWNLOAD_NAME)))


def _figure(fig) -> dict[str, str]:
    """The figure as an image carrying its text alternative (read out by screen readers),
    and that text where no image can be shown."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    text = figure_description(fig) or ""
    image = (f'<img class="cxlab-progress-figure" src="data:image/png;base64,'
             f'{base64.b64encode(buffer.getvalue()).decode("ascii")}" '
             f'alt="{html.escape(text, quote=True)}" style="max-width: 100%; height: auto">')
    return {"text/html": image, "text/plain": f"Figure: {text}"}


def _table(table) -> dict[str, str]:
    """The table as HTML (left-aligned, no index) and as aligned plain text."""
    styled = (table.style.hide(axis="index").set_properties(**{"text-align": "left"})
              .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}]))
    return {"text/html": styled.to_html(), "text/plain": table.to_string(index=False)}


def _course_near(notebook: Path | None) -> Path | None:
    """The course folder a notebook outside any workspace sits in (``course/00-start-here``)."""
    if notebook is None:
        return None
    folder = (notebook if notebook.is_absolute() else Path.cwd() / notebook.name).parent.parent
    return folder if any(folder.glob("00-*/*.ipynb")) else None


def show(workspace: str | os.PathLike | None = None) -> None:
    """Show your progress: a table and a figure per module and, in a workspace, the links
    to download the progress file and load it back.

    ``workspace`` is found by itself (the one this notebook is in); name one to look at
    another.
    """
    notebook = _progress.current_notebook()
    if workspace is None:
        workspace = find_workspace(notebook if notebook and notebook.is_absolute() else None)
    if workspace is None:
        note = ("Nothing is recorded here. Your progress is kept in your own workspace: open "
                "the course with `make lab`, on Binder or on your cohort's hub. The table "
                "shows every module at zero.")
        display({"text/markdown": note.replace("Nothing is recorded here.",
                                               "**Nothing is recorded here.**"),
                 "text/plain": note}, raw=True)
        summary = _progress.summarise([], course_dir=_course_near(notebook))
    else:
        workspace = Path(workspace)
        _progress.note_opened()
        summary = _progress.load(workspace, course_dir=workspace / COURSE_FOLDER)
    display(_table(summary.table()), raw=True)
    display(_figure(plot_progress(summary).figure), raw=True)
    if workspace is not None:
        display(ProgressFile(workspace))
