"""One option of the suite (CLI flag, environment variable, ini key, default) and where its value came from.

The plugin declares its options with `Opt` (plugin/options.py) and so do the reports (reporting/_session.py);
this module sits below both so that `reporting/` never imports `plugin/`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Opt:
    """One option: CLI flag, environment variable, ini key, default and help."""

    flag: str
    env: str
    ini: str
    help: str
    default: str | None = None
    metavar: str = "VALUE"

    @property
    def dest(self) -> str:
        return self.ini


def raw_value(config: pytest.Config, opt: Opt) -> tuple[str | None, str]:
    """The value and where it came from: CLI > environment > ini > default."""
    cli = config.getoption(opt.dest)
    if cli is not None:
        return str(cli), opt.flag
    if os.environ.get(opt.env):
        return os.environ[opt.env], f"environment variable {opt.env}"
    ini = config.getini(opt.ini)
    if ini:
        return str(ini), f"ini option {opt.ini}"
    return opt.default, "default"
