"""``python -m briefing``: see :mod:`briefing.cli`."""

from .cli import main

raise SystemExit(main())
