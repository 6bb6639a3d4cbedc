"""Text layer: decoding, HTML and boilerplate removal, normalisation, segmentation, offsets."""

from .document import WORD, Document, as_text, prepare
from .edits import Edit, OffsetMap, apply_edits

__all__ = ["Document", "Edit", "OffsetMap", "WORD", "apply_edits", "as_text", "prepare"]
