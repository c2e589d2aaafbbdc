"""Stage 5, distribution: editions, "since the last edition", publishing, e-mail and failure alerts.

Nothing imports this stage but the CLI, which hands :class:`Distribution` to the build as its hooks.
"""

from .changes import Changes, compare
from .commands import add_build_options, add_commands
from .distribution import Distribution, SendRequest, send_edition
from .editions import Edition, read_facts
from .publish import publish
from .settings import DistributionSettings, load_distribution

__all__ = ["Changes", "Distribution", "DistributionSettings", "Edition", "SendRequest", "add_build_options",
           "add_commands", "compare", "load_distribution", "publish", "read_facts", "send_edition"]
