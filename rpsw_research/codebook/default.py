"""The shipped RPSW codebook (package data ``default_codebook.yaml``).

Moxley's case-management framework (functions, with disengagement as a flagged
extension; client/system goals; case-manager roles; formal/informal support networks),
the seven RPSW stages ``rpsw.registrasi`` .. ``rpsw.pengakhiran`` (stage 1..7, with the
Moxley functions they map to), and cross-cutting codes (exploitation, sensitive; needs;
barriers; feelings and outcomes; service types). Every code keeps the draft's honesty
flags in ``basis`` and the draft's old id (``MX_ASSESS``, ``RS1_REGISTRASI`` ...) as alias.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from .model import Codebook

RESOURCE = "default_codebook.yaml"
STAGE_IDS = ("rpsw.registrasi", "rpsw.pengungkapan_masalah", "rpsw.perencanaan",
             "rpsw.pelaksanaan", "rpsw.monitoring_evaluasi", "rpsw.reintegrasi",
             "rpsw.pengakhiran")
"""The ids of the seven RPSW stage codes, in stage order."""


def default_path() -> Path:
    """The path of the shipped codebook YAML (copy it to start your own)."""
    return Path(str(resources.files(__package__) / RESOURCE))


@lru_cache(maxsize=1)
def _load() -> Codebook:
    from .io import read_yaml

    return read_yaml(default_path())


def default_codebook() -> Codebook:
    """The shipped RPSW codebook (parsed once per process; codebooks are immutable)."""
    return _load()
