"""What every exporter is given and gives back (course.render.exporters holds the exporters)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from course.errors import Diagnostic


@dataclass(frozen=True)
class ExportOptions:
    progress: Callable | None = None  # progress(done, total), as pages are made
    strict: bool = False  # a loss is an error: the export stops before writing anything
    settings: Mapping = field(default_factory=lambda: MappingProxyType({}))  # the format's own choices


@dataclass(frozen=True)
class Exported:
    out: Path
    losses: tuple[Diagnostic, ...] = ()  # what the format could not carry, as warnings at their source
    kept: tuple[str, ...] = ()  # files of an output folder that the tool did not write, left in place
    note: str = ""  # one line for the person who exported, e.g. the size of a file
