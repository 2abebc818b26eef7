"""Word lists the text stages use (chrome phrases, month and weekday names, …) as TSV data.

Linguistic lists live here as data, not in Python: one TSV per list, ``#`` comment
lines at the top saying what the list is and where it comes from, a header line,
then rows. ``load_table("months.tsv")`` returns the rows as dicts.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from hadath.errors import HadathError


@cache
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``hadath/resources/<name>`` as dicts keyed by the header's columns."""
    entry = resources.files("hadath.resources") / name
    if not entry.is_file():
        raise HadathError(f"missing resource file {name}")
    rows = [line for line in entry.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    if not rows:
        return ()
    header = rows[0].split("\t")
    out = []
    for number, line in enumerate(rows[1:], 2):
        cells = line.split("\t")
        if len(cells) > len(header):
            raise HadathError(f"{name}: row {number} has {len(cells)} cells, header has {len(header)}")
        out.append({col: (cells[i].strip() if i < len(cells) else "") for i, col in enumerate(header)})
    return tuple(out)
