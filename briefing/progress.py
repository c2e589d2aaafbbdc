"""Progress of long steps: a tqdm bar on a terminal, a few plain log lines elsewhere (logs, cron).

While a bar is shown, the ``briefing`` logger's console output is written above it through tqdm,
so a log line and the bar never run into each other on one line.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Iterator

log = logging.getLogger("briefing")
PLAIN_STEPS = 10  # without a terminal, one line per tenth of the work at most


@contextlib.contextmanager
def progress(total: int, what: str, unit: str = "it") -> Iterator[Callable[[str], None]]:
    """A function to call once per finished piece of work (with a short note on it), for ``total`` pieces.

    On a terminal it advances a tqdm bar that disappears when the step ends; otherwise it logs
    ``what: i of total`` every tenth of the way, and nothing for steps of fewer than PLAIN_STEPS pieces.
    """
    if not sys.stderr.isatty():
        done = 0
        every = max(1, total // PLAIN_STEPS)

        def line(note: str) -> None:
            nonlocal done
            done += 1
            if total >= PLAIN_STEPS and (done % every == 0 or done == total):
                log.info("%s: %d of %d %s", what, done, total, unit)

        yield line
        return
    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    with logging_redirect_tqdm(loggers=[log]), tqdm(total=total, desc=what, unit=unit, file=sys.stderr, leave=False,
                                                    dynamic_ncols=True) as bar:
        def step(note: str) -> None:
            bar.set_postfix_str(note, refresh=False)
            bar.update()

        yield step
