"""The command line every data generator here shares: write the files, or check them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd


def run(builders: Mapping[str, Callable[[], pd.DataFrame]],
        render: Callable[[pd.DataFrame], str], *, data_dir: Path, script: str,
        description: str, argv: Sequence[str] | None = None) -> int:
    """Write each built file into ``data_dir``; with ``--check`` write nothing and exit 1
    naming every shipped file that differs from a fresh build, and where (a missing file,
    the first line that differs)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a shipped file differs from a fresh build")
    args = parser.parse_args(argv)
    stale = []
    for name, build in builders.items():
        data = render(build()).encode("utf-8")
        path = data_dir / name
        if args.check:
            if not path.is_file():
                stale.append(f"{name} (missing)")
            elif path.read_bytes() != data:
                stale.append(f"{name} ({_first_difference(path.read_bytes(), data)})")
        else:
            path.write_bytes(data)
            print(f"wrote {path}")
    if stale:
        print(f"out of date: {', '.join(stale)}; run python tools/datagen/{script}",
              file=sys.stderr)
        return 1
    return 0


def _first_difference(shipped: bytes, built: bytes) -> str:
    old = shipped.decode("utf-8", errors="replace").split("\n")
    new = built.decode("utf-8", errors="replace").split("\n")
    for number, (a, b) in enumerate(zip(old, new, strict=False), start=1):
        if a != b:
            return f"line {number} differs"
    return f"{len(old) - 1} lines shipped, {len(new) - 1} built"
