"""``cxlab collect`` with hostile or broken downloads: nothing crashes it, everyone else is kept.

Issue 14 point 2: odd notebooks are collected (converted or repaired) or listed with the
reason; zip bombs, path traversal and symbolic links are refused.
"""

from __future__ import annotations

import json
import os
import struct
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from cxlab.grading import GradingError, collect
from cxlab.grading.collect import ZipLimits

from .conftest import ASSIGNMENT, release_nb

NB = f"{ASSIGNMENT}.ipynb"


def _zip(path: Path, members: dict[str, str | bytes], *, compression=zipfile.ZIP_DEFLATED,
         infos: dict[str, zipfile.ZipInfo] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in members.items():
            info = (infos or {}).get(name) or zipfile.ZipInfo(name, (2026, 11, 20, 9, 0, 0))
            info.compress_type = compression
            zf.writestr(info, data)
    return path


def _folder(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        (target.write_bytes if isinstance(data, bytes) else target.write_text)(data)
    return root


def _reasons(result) -> dict[str, str]:
    return {u.source: u.reason for u in result.unmatched}


def _collected(result) -> dict[str, object]:
    return {c.participant: c for c in result.collected}


@pytest.fixture
def good(course) -> str:
    return json.dumps(release_nb(course))


def test_odd_but_valid_notebooks_are_repaired_or_converted(course, tmp_path, good) -> None:
    nb = release_nb(course)
    numbered = json.loads(json.dumps(nb))
    answer = next(c for c in numbered["cells"]
                  if c["metadata"].get("nbgrader", {}).get("grade_id") == "q1")
    answer["source"] = ["q1 = ", 10, "\n"]
    old = nbformat.writes(nbformat.v3.new_notebook(worksheets=[nbformat.v3.new_worksheet(
        cells=[nbformat.v3.new_code_cell(input="q1 = 10")])]), version=3)
    download = _folder(tmp_path / "dl", {
        f"good/{NB}": good,
        f"numbered/{NB}": json.dumps(numbered),
        f"old/{NB}": old,
    })
    result = collect(download, course_dir=course, assignment=ASSIGNMENT)
    got = _collected(result)
    assert set(got) == {"good", "numbered", "old"}, result.summary()
    assert got["good"].note == ""
    assert "repaired" in got["numbered"].note and "holds a number (10)" in got["numbered"].note
    assert "converted from nbformat 3" in got["old"].note
    for who in ("numbered", "old"):
        saved = course / "submitted" / who / ASSIGNMENT / NB
        on_disk = nbformat.read(saved, as_version=nbformat.NO_CONVERT)
        assert on_disk.nbformat == 4
        nbformat.validate(on_disk)
        assert "cxlab_read_notes" not in on_disk.metadata
    fixed = nbformat.read(course / "submitted" / "numbered" / ASSIGNMENT / NB, as_version=4)
    assert any(c.source == "q1 = \n" for c in fixed.cells)
    # an unchanged notebook is copied byte for byte
    assert (course / "submitted" / "good" / ASSIGNMENT / NB).read_text() == good


def test_hostile_notebooks_are_listed_and_the_others_collected(course, tmp_path, good) -> None:
    deep = "[" * 200_000 + "]" * 200_000
    download = _folder(tmp_path / "dl", {
        f"good/{NB}": good,
        f"deep/{NB}": '{"cells": [], "x": ' + deep + "}",
        f"broken/{NB}": '{"cells": [',
        f"empty/{NB}": "",
        f"many/{NB}": json.dumps({"cells": [{"cell_type": "raw", "source": "",
                                             "metadata": {}}] * 2_001,
                                  "metadata": {}, "nbformat": 4, "nbformat_minor": 4}),
    })
    huge = download / "huge" / NB
    huge.parent.mkdir()
    with open(huge, "wb") as fh:
        fh.truncate(5 * 10**9)  # sparse: 5 GB declared, nothing written
    start = time.perf_counter()
    result = collect(download, course_dir=course, assignment=ASSIGNMENT)
    assert time.perf_counter() - start < 30
    got, reasons = _collected(result), _reasons(result)
    assert "good" in got
    assert "nests its data more than 64 levels deep" in reasons[f"deep/{NB}"]
    assert "is 5 GB, more than the 20 MB a notebook may be" in reasons[f"huge/{NB}"]
    assert "has 2001 cells, more than the 2000" in reasons[f"many/{NB}"]
    for who in ("deep", "huge", "many"):
        assert not (course / "submitted" / who).exists()
    # broken and empty files named like the assignment are kept, so grading lists them
    assert "is not valid JSON (line 1, column 12)" in got["broken"].note
    assert "is empty" in got["empty"].note


def test_symbolic_links_in_a_folder_are_refused(course, tmp_path, good) -> None:
    download = _folder(tmp_path / "dl", {f"good/{NB}": good})
    (download / "sneaky").mkdir()
    (download / "sneaky" / NB).symlink_to("/etc/passwd")
    (download / "linked").symlink_to(download / "good")
    result = collect(download, course_dir=course, assignment=ASSIGNMENT)
    reasons = _reasons(result)
    assert reasons[f"sneaky/{NB}"] == "is a symbolic link (not used)"
    assert reasons["linked"] == "is a symbolic link (not used)"
    assert set(_collected(result)) == {"good"}


def test_path_traversal_and_links_in_a_zip_are_refused(course, tmp_path, good) -> None:
    link = zipfile.ZipInfo(f"linky/{NB}", (2026, 11, 20, 9, 0, 0))
    link.external_attr = (0o120777 << 16)
    download = _zip(tmp_path / "dl.zip", {
        f"good/{NB}": good,
        f"../escaped/{NB}": good,
        f"/abs/{NB}": good,
        f"a/../../up/{NB}": good,
        f"linky/{NB}": "/etc/passwd",
    }, infos={f"linky/{NB}": link})
    result = collect(download, course_dir=course, assignment=ASSIGNMENT)
    reasons = _reasons(result)
    for name in (f"../escaped/{NB}", f"/abs/{NB}", f"a/../../up/{NB}"):
        assert reasons[name] == "its path leaves the download folder (not used)", reasons
    assert reasons[f"linky/{NB}"] == "is a symbolic link (not used)"
    assert set(_collected(result)) == {"good"}
    assert not (tmp_path / "escaped").exists() and not Path(f"/abs/{NB}").exists()


def test_nested_zips_are_not_expanded(course, tmp_path, good) -> None:
    inner = _zip(tmp_path / "inner.zip", {f"bob/{NB}": good})
    download = _zip(tmp_path / "dl.zip", {f"good/{NB}": good,
                                           "bob/inner.zip": inner.read_bytes()})
    result = collect(download, course_dir=course, assignment=ASSIGNMENT)
    assert _reasons(result)["bob/inner.zip"] == "not a notebook (.zip)"
    assert set(_collected(result)) == {"good"}


def test_zip_bomb_by_total_size_is_refused(course, tmp_path) -> None:
    members = {f"p{i}/{NB}": os.urandom(2_000_000) for i in range(3)}
    download = _zip(tmp_path / "dl.zip", members, compression=zipfile.ZIP_STORED)
    with pytest.raises(GradingError, match=r"dl\.zip would unpack to 6 MB of notebooks, more than "
                                           r"the 5 MB allowed"):
        collect(download, course_dir=course, assignment=ASSIGNMENT,
                zip_limits=ZipLimits(total_bytes=5_000_000))
    assert not (course / "submitted").exists() or not any((course / "submitted").iterdir())


def test_zip_bomb_by_member_count_is_refused(course, tmp_path, good) -> None:
    download = _zip(tmp_path / "dl.zip", {f"p{i}/{NB}": good for i in range(30)})
    with pytest.raises(GradingError, match=r"dl\.zip holds 30 files, more than the 20 allowed"):
        collect(download, course_dir=course, assignment=ASSIGNMENT,
                zip_limits=ZipLimits(members=20))


def test_a_member_too_big_or_too_compressed_is_refused(course, tmp_path, good) -> None:
    download = _zip(tmp_path / "dl.zip", {
        f"good/{NB}": good,
        f"big/{NB}": b'{"cells": []' + b" " * 3_000_000 + b"}",
        f"fat/{NB}": os.urandom(3_000_000),
    })
    result = collect(download, course_dir=course, assignment=ASSIGNMENT,
                     zip_limits=ZipLimits(member_bytes=2_500_000))
    reasons = _reasons(result)
    assert reasons[f"fat/{NB}"] == ("unpacks to 3 MB, more than the 2.5 MB allowed for one file "
                                    "(not used)")
    assert reasons[f"big/{NB}"].startswith("unpacks to 3 MB from ")
    assert reasons[f"big/{NB}"].endswith("compressed, more than the 200 to 1 allowed: a zip "
                                         "bomb? (not used)")
    assert set(_collected(result)) == {"good"}


def _patch(path: Path, member: str, *, local_at: int, central_at: int, fmt: str,
           value: int, combine=lambda old, new: new) -> None:
    """Rewrite one field of ``member`` in the local and the central header of the zip."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, name_len_at, name_at, field_at in ((b"PK\x03\x04", 26, 30, local_at),
                                                      (b"PK\x01\x02", 28, 46, central_at)):
        where = data.find(signature)
        while where != -1:
            name_len = struct.unpack_from("<H", data, where + name_len_at)[0]
            if data[where + name_at: where + name_at + name_len] == name:
                old = struct.unpack_from(fmt, data, where + field_at)[0]
                struct.pack_into(fmt, data, where + field_at, combine(old, value))
            where = data.find(signature, where + 4)
    path.write_bytes(bytes(data))


def _lie_about_size(path: Path, member: str, declared: int) -> None:
    _patch(path, member, local_at=22, central_at=24, fmt="<I", value=declared)


def _mark_encrypted(path: Path, member: str) -> None:
    _patch(path, member, local_at=6, central_at=8, fmt="<H", value=0x1,
           combine=lambda old, new: old | new)


def test_declared_sizes_are_not_trusted(course, tmp_path, good) -> None:
    download = _zip(tmp_path / "dl.zip", {f"good/{NB}": good, f"liar/{NB}": good + " " * 500_000})
    _lie_about_size(download, f"liar/{NB}", 100)
    result = collect(download, course_dir=course, assignment=ASSIGNMENT,
                     zip_limits=ZipLimits(ratio=10_000))
    reason = _reasons(result)[f"liar/{NB}"]
    assert reason.startswith("is damaged in the zip"), reason
    assert set(_collected(result)) == {"good"}


def test_encrypted_members_and_odd_dates_do_not_crash(course, tmp_path, good) -> None:
    odd = zipfile.ZipInfo(f"odd/{NB}", (1980, 0, 0, 0, 0, 0))
    download = _zip(tmp_path / "dl.zip", {f"good/{NB}": good, f"secret/{NB}": good,
                                           f"odd/{NB}": good}, infos={f"odd/{NB}": odd})
    _mark_encrypted(download, f"secret/{NB}")
    result = collect(download, course_dir=course, assignment=ASSIGNMENT)
    assert _reasons(result)[f"secret/{NB}"] == "is encrypted (not used)"
    assert set(_collected(result)) == {"good", "odd"}


def test_a_zip_that_is_not_readable_is_refused(course, tmp_path) -> None:
    bad = tmp_path / "bad.zip"
    data = bytearray(_zip(tmp_path / "x.zip", {f"a/{NB}": "{}"}).read_bytes())
    central = data.find(b"PK\x01\x02")
    data[central + 10: central + 12] = struct.pack("<H", 99)  # an unknown compression method
    bad.write_bytes(bytes(data))
    result = collect(bad, course_dir=course, assignment=ASSIGNMENT)
    assert _reasons(result)[f"a/{NB}"].startswith("cannot be unpacked")


def test_printed_names_are_terminal_safe(course, tmp_path, good) -> None:
    download = _folder(tmp_path / "dl", {
        f"Ann\x1b[2J Lee_101_assignsubmission_file_/{NB}": good,
        "bo\x1b]0;pwned\x07/notes\u202etxt.exe": "x",
        f"c\x9b31m/{NB}": good,
    })
    roster = tmp_path / "roster.csv"
    roster.write_text("participant_id,name\nc,c31m\n")
    result = collect(download, course_dir=course, assignment=ASSIGNMENT, roster=roster)
    text = result.summary()
    for bad in ("\x1b", "\x07", "\u202e", "\x9b"):
        assert bad not in text, repr(text)
    assert "not on the roster (101, Ann Lee)" in text
