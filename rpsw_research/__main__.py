"""``python -m rpsw_research`` runs the ``rpsw`` command line."""

from .cli import main

raise SystemExit(main())
