"""Helpers shared by the store tests (a uniquely named module, importable from tests)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def fingerprint(path: Path) -> tuple[str, int, list[str]]:
    """Content hash, mtime and sibling files: what "left untouched" must preserve."""
    siblings = sorted(p.name for p in path.parent.iterdir())
    return hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns, siblings
