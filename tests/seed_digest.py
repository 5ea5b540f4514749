"""Read the item IDs (and their texts) from the source digests in ../shared/seed/."""
from __future__ import annotations

import re
from pathlib import Path

ITEM = re.compile(
    r"^\s*- (?P<id>(?:GL|SC|HR|ENV|EMIS|REG|METH|PROC|ORS|ORT|FIN|MON|AVN|SAN)-[A-Za-z0-9.-]+)"
    r"(?: \[unspecified\])? — (?P<en>.*?)(?: — ky: «(?P<ky>.*)»)?\s*$"
)


def seed_dir(start: Path) -> Path | None:
    """The shared seed folder beside the checkout (as on developer machines and in CI)."""
    for parent in [start, *start.parents]:
        candidate = parent / "shared" / "seed"
        if (candidate / "digest-resources.md").exists():
            return candidate
    return None


def digest_items(seed: Path) -> dict[str, dict[str, str]]:
    items: dict[str, dict[str, str]] = {}
    for name in ("digest-processes.md", "digest-resources.md"):
        for line in (seed / name).read_text(encoding="utf-8").splitlines():
            m = ITEM.match(line)
            if m:
                items[m["id"]] = {"en": m["en"].strip(), "ky": (m["ky"] or "").strip()}
    return items
