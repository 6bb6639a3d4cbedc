"""HTML reports of scored articles: the text with its evidence highlighted, head bars, actors, sourcing.

    >>> from framing import score
    >>> from framing.report import render_html, write_report
    >>> write_report([score(text)], "report.html", titles=["My article"])
"""

from .html import render_html, write_report
from .spans import Piece, Tag, nest_spans, tags
from .view import ArticleView, HeadView, Mark, article_view

__all__ = ["ArticleView", "HeadView", "Mark", "Piece", "Tag", "article_view", "nest_spans", "render_html", "tags", "write_report"]
