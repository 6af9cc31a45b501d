"""The learner's local record: best score per exercise, so `dojo list` can show progress."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from grader.fileio import write_json_atomic


class Progress:
    def __init__(self, root: Path) -> None:
        self.path = root / ".dojo" / "progress.json"
        self.data: dict[str, dict[str, Any]] = {}
        if self.path.is_file():
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    self.data = {k: v for k, v in loaded.items() if isinstance(v, dict)}
            except (json.JSONDecodeError, UnicodeDecodeError):
                self.data = {}  # a damaged record only costs the checkmarks, never a grade

    def status(self, slug: str) -> str:
        entry = self.data.get(slug)
        if not entry:
            return "new"
        return "solved" if entry.get("solved") else "attempted"

    def record(self, slug: str, points: float, max_points: float, solved: bool) -> None:
        entry = self.data.setdefault(slug, {"best": 0.0, "solved": False, "attempts": 0})
        entry["attempts"] = int(entry.get("attempts", 0)) + 1
        entry["best"] = max(float(entry.get("best", 0.0)), points)
        entry["max"] = max_points
        entry["solved"] = bool(entry.get("solved")) or solved
        entry["last"] = time.strftime("%Y-%m-%d %H:%M:%S")

    def save(self) -> None:
        write_json_atomic(self.path, self.data)
