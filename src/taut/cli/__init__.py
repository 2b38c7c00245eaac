"""The ``taut`` command: a thin shell over :mod:`taut.api`.

:mod:`taut.cli.shell` holds the app, the consoles and the error guard; each other module
adds its commands to the app (:mod:`~taut.cli.project`: check, outcomes;
:mod:`~taut.cli.demo`: init, demo; :mod:`~taut.cli.scan`: scan; :mod:`~taut.cli.brief`:
brief; :mod:`~taut.cli.history`: history; :mod:`~taut.cli.signals`: signals list, ack,
dismiss, rebaseline; :mod:`~taut.cli.reinforce`: reinforce apply, list, remove). Exit codes
are :class:`taut.errors.ExitCode`.
"""

from __future__ import annotations

from taut.cli import brief, demo, history, project, reinforce, scan, signals
from taut.cli.shell import app, run

__all__ = ["app", "brief", "demo", "history", "project", "reinforce", "run", "scan", "signals"]
