"""docs/authorisation.md read as data: every Markdown table in it whose header names the nine roles.

A row is one request: a URL name (or, for a pattern without a name, its route) or an API operation id,
the HTTP method, the object it is asked about, and what each role gets. The doc is the source: the
test reads it, so what people read is what is checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .world import ROLES

DOC = Path(__file__).resolve().parents[2] / "docs" / "authorisation.md"

#: What a cell may say. "ok": past authorisation (2xx, a 3xx that is not a log-in redirect, or a
#: 400/409/422 refusal of the input or of the state); the others are the ways of being denied.
OUTCOMES = {
    "ok": "allowed (2xx, 3xx, or 400/409/422 after the decision)",
    "login": "denied: redirected to the log-in page",
    "back": "denied: redirected back with an error message",
    "401": "denied: 401, no valid bearer token",
    "403": "denied: 403",
    "404": "denied: 404, as if it did not exist",
}

KEY_HEADINGS = ("URL name", "Operation id")
NO_OBJECT = "—"


@dataclass(frozen=True)
class Row:
    section: str
    key: str  # a URL name ("catalog:studio_edit"), an unnamed pattern's route, or an API operation id
    method: str
    object: str  # a name from World.objects, or NO_OBJECT
    path: str  # the API path as the schema spells it ("" for URL rows)
    expected: dict[str, str]  # role name → outcome
    line: int

    @property
    def is_operation(self) -> bool:
        return bool(self.path)

    @property
    def label(self) -> str:
        on = f" ({self.object})" if self.object != NO_OBJECT else ""
        return f"{self.method} {self.key}{on}"


def _cells(line: str) -> list[str]:
    return [cell.strip().strip("`").strip() for cell in line.strip().strip("|").split("|")]


def read_rows(text: str | None = None) -> list[Row]:
    """Every row of every role table, in the order of the doc; raises ValueError on a malformed row."""
    text = DOC.read_text(encoding="utf-8") if text is None else text
    headings = [heading for _name, heading in ROLES]
    rows: list[Row] = []
    section = ""
    header: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#"):
            section, header = line.lstrip("#").strip(), None
            continue
        if not line.startswith("|"):
            header = None
            continue
        cells = _cells(line)
        if header is None:
            header = cells if cells[-len(headings):] == headings and cells[0] in KEY_HEADINGS else []
            continue
        if not header or set(cells[0]) <= {"-", ":"}:
            continue
        if len(cells) != len(header):
            raise ValueError(f"docs/authorisation.md:{number}: {len(cells)} cells under {len(header)} headings")
        named = dict(zip(header, cells, strict=True))
        expected = {name: named[heading] for name, heading in ROLES}
        unknown = {value for value in expected.values() if value not in OUTCOMES}
        if unknown:
            raise ValueError(f"docs/authorisation.md:{number}: unknown outcome {sorted(unknown)}")
        rows.append(Row(section=section, key=cells[0], method=named["Method"].upper(),
                        object=named.get("Object", NO_OBJECT) or NO_OBJECT, path=named.get("Path", ""),
                        expected=expected, line=number))
    return rows
