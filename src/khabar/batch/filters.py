"""Row filters: configurable, and recorded on each row (`kept`, `filtered_by`) rather than
dropping the row, so that a run still accounts for every record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Filters:
    """Which rows a run keeps. `langs`: allowed languages (None: any); `min_words`: shortest
    body; `articles_only`: drop every page that is not an article (home, section, forum,
    product, ...); `types`: keep only these page types (instead of `articles_only`)."""

    langs: tuple[str, ...] | None = None
    min_words: int = 0
    articles_only: bool = True
    types: tuple[str, ...] | None = None

    def reason(self, row: dict[str, Any]) -> str | None:
        """Why this row is filtered out, or None when it is kept."""
        if row["status"] != "ok":
            return str(row["status"])
        if self.types is not None:
            if row.get("page_type") not in self.types:
                return f"type:{row.get('page_type')}"
        elif self.articles_only and not row["is_article"]:
            return "not-article"
        if self.langs is not None and row["lang"] not in self.langs:
            return f"lang:{row['lang']}"
        if row["words"] is not None and row["words"] < self.min_words:
            return f"min-words:{row['words']}<{self.min_words}"
        return None

    def apply(self, row: dict[str, Any]) -> None:
        why = self.reason(row)
        row["kept"] = why is None
        row["filtered_by"] = why
