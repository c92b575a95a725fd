"""Privacy through the project: the :class:`PrivacyMixin` of ``Project``.

Pseudonymisation on import, the redaction log and the consent register; the logic
lives in :mod:`rpsw_research.privacy`, loaded only when used.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from .corpus.model import Informant, Source
from .i18n import t
from .store import Store


class PrivacyMixin:
    """Pseudonymisation, redaction log and consent register of a project."""

    store: Store
    user: str
    path: Path

    # --- pseudonymisation ---------------------------------------------------------------
    def _pseudonymise(self, sources: list[Source], informants: list[Informant], key: Any,
                      detectors: Iterable[str] | None, folders: list[Any]
                      ) -> tuple[list[Source], list[Informant], list[dict[str, Any]]]:
        from .privacy import pseudonymise_informants, pseudonymise_sources, resolve_key

        key = resolve_key(key, forbid_inside=[*folders, self.path.resolve().parent])
        detectors = None if detectors is None else tuple(detectors)
        sources, log = pseudonymise_sources(sources, key, detectors=detectors)
        informants, people_log = pseudonymise_informants(informants, key, detectors=detectors)
        return sources, informants, (log + people_log).records()

    def redactions_table(self) -> pd.DataFrame:
        """The redaction log of pseudonymised imports: ``source_id, field, kind,
        placeholder, start, end, import_op`` (offsets in the stored text; no original
        value is ever stored)."""
        return self.store.redactions_frame()

    # --- consent register -------------------------------------------------------------
    def set_consents(self, consents: Any) -> int:
        """Replace the consent register: a list of :class:`~rpsw_research.privacy.Consent`
        or the path of a register file (CSV/YAML). Informant ids must be in the
        informant register when it is not empty. Returns the number of records."""
        from .privacy import load_consents

        path = consents if isinstance(consents, (str, os.PathLike)) else None
        if path is not None:
            consents = load_consents(path)
        records = self._checked_consents(list(consents), {i.id for i in self.store.informants()},
                                         path=path)
        return self.store.set_consents(records, who=self.user)

    @staticmethod
    def _checked_consents(consents: list[Any], known: set[str], *,
                          path: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
        """Consent records as stored rows; every informant must be in ``known`` (when
        there is a register at all), else :class:`InformantError` naming the file."""
        from .errors import InformantError

        unknown = sorted({c.informant for c in consents} - known) if known else []
        if unknown:
            raise InformantError(t("privacy.consent.unknown", ids=", ".join(unknown)),
                                 path=path, hint=t("privacy.consent.unknown_hint"))
        return [c.to_record() for c in consents]

    def consents(self) -> list[Any]:
        """The stored consent register as :class:`~rpsw_research.privacy.Consent` records."""
        from .privacy import consent_from_mapping

        return [consent_from_mapping(r) for r in self.store.consents()]

    def quotable(self, informant_id: str) -> bool:
        """True if the informant consented to quotes and has not withdrawn."""
        from .privacy import quotable

        return quotable(informant_id, self.consents())
