"""SQLite persistence of a project: schema, migrations, transactions, repositories.

The only package that speaks SQL. :class:`Store` is its interface; the modules behind
it hold one table family each (sources, codebook, codings, records, frames, undo).
"""

from .codings import AutoCodingSummary
from .database import DEFAULT_TIMEOUT, Database, Operation
from .importing import ON_DUPLICATE, ImportEntry, ImportReport, check_on_duplicate
from .schema import CURRENT_VERSION, MIGRATIONS, Migration
from .store import Store

__all__ = [
    "CURRENT_VERSION", "DEFAULT_TIMEOUT", "MIGRATIONS", "ON_DUPLICATE", "AutoCodingSummary",
    "Database", "ImportEntry", "ImportReport", "Migration", "Operation", "Store",
    "check_on_duplicate",
]
