"""What a format reader returns: raw text, or ordered blocks of a word-processor file."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Block:
    """A body paragraph, or a table given as rows of cell texts."""

    text: str = ""
    rows: list[list[str]] | None = None

    @property
    def is_table(self) -> bool:
        return self.rows is not None

    def render(self) -> str:
        """Paragraph text, or one line per table row with cells joined by `` | ``."""
        if self.rows is None:
            return self.text
        return "\n".join(" | ".join(cells) for cells in self.rows)


@dataclass
class RawDocument:
    """A reader's output before normalisation and metadata extraction.

    Plain formats fill ``text``; word-processor formats fill ``blocks`` (in document
    order) so that a leading metadata table or ``Kunci: nilai`` paragraphs can be read.
    ``default_kind`` is a format's own hint (subtitles are interviews).
    """

    text: str = ""
    blocks: list[Block] | None = None
    warnings: list[str] = field(default_factory=list)
    default_kind: str | None = None
    speaker_labels: set[str] = field(default_factory=set)
    """Speaker names the format itself declares (WebVTT voices)."""
