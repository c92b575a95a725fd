"""The subcommands of ``rpsw``, one module per command group.

Each module has ``register(commands, common)`` that adds its subparsers (``common``
carries the options every subcommand accepts, such as ``--lang``) and one ``run_*``
handler per command that calls the library and returns the exit code.
"""

from . import coding, demo, output, project, review

COMMAND_GROUPS = (demo, project, coding, review, output)
"""Registration order, which is also the order of ``rpsw --help``."""
