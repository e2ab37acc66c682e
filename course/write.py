"""write_site(site, out): write everything into a fresh folder, then swap it in."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from course.render import Site


def write_site(site: Site, out: Path) -> None:
    """Replace out with the site. On any failure out is left as it was."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        for rel, data in sorted(site.pages.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for rel, source in sorted(site.copies.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        for path in sorted(staging.rglob("*")):  # mkdtemp makes 0700; a site is meant to be read
            path.chmod(0o755 if path.is_dir() else 0o644)
        staging.chmod(0o755)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(new: Path, out: Path) -> None:
    if not out.exists():
        os.replace(new, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
    os.replace(out, old / "site")
    try:
        os.replace(new, out)
    except BaseException:
        os.replace(old / "site", out)
        raise
    shutil.rmtree(old, ignore_errors=True)
