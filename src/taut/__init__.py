"""taut keeps execution from drifting.

It watches the few process steps an organisation says must not wobble, warns early and
quietly when one starts to loosen, explains which conditions made the slip reasonable,
and suggests the small change to the work that would steady it.
"""

from __future__ import annotations

__version__ = "0.1.0"
