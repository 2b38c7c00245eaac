"""``python -m taut`` runs the ``taut`` command."""

from __future__ import annotations

from taut.cli import main

if __name__ == "__main__":
    main()
