"""Reports as the JSON-ready dicts their schemas describe, one builder per kind, in one language."""
from __future__ import annotations

from .build import build_report

__all__ = ["build_report"]
