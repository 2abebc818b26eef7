"""Build ``src/hadath/kb/data/cameo.tsv``: every CAMEO event code with its label,
Goldstein score, quad class and PLOVER category and mode.

Labels, PLOVER categories and modes for roots 03-20 come from the PLOVER project's
CAMEO→PLOVER table (CC BY-SA 4.0, Open Event Data Alliance), read from
``../shared/data/event-dictionaries/PLOVER/CAMEO2PLOVER-2021.txt``. Roots 01 and 02
were dropped by PLOVER, so their labels are listed here from the CAMEO codebook and
their PLOVER cells stay empty. Goldstein scores are the published CAMEO weights
(facts about the scale, one number per code); quad classes follow from the root.

Usage: ``python scripts/build_cameo.py [PLOVER_TABLE] [OUT]``
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_TABLE = REPO.parent / "shared/data/event-dictionaries/PLOVER/CAMEO2PLOVER-2021.txt"
DEFAULT_OUT = REPO / "src/hadath/kb/data/cameo.tsv"

# Roots 01 and 02, absent from the PLOVER table.
STATEMENT_APPEAL = {
    "01": "Make public statement",
    "010": "Make statement, not specified below",
    "011": "Decline comment",
    "012": "Make pessimistic comment",
    "013": "Make optimistic comment",
    "014": "Consider policy option",
    "015": "Acknowledge or claim responsibility",
    "016": "Deny responsibility",
    "017": "Engage in symbolic act",
    "018": "Make empathetic comment",
    "019": "Express accord",
    "02": "Appeal",
    "020": "Make an appeal or request, not specified below",
    "021": "Appeal for material cooperation",
    "0211": "Appeal for economic cooperation",
    "0212": "Appeal for military cooperation",
    "0213": "Appeal for judicial cooperation",
    "0214": "Appeal for intelligence",
    "022": "Appeal for diplomatic cooperation (such as policy support)",
    "023": "Appeal for aid",
    "0231": "Appeal for economic aid",
    "0232": "Appeal for military aid",
    "0233": "Appeal for humanitarian aid",
    "0234": "Appeal for military protection or peacekeeping",
    "024": "Appeal for political reform",
    "0241": "Appeal for change in leadership",
    "0242": "Appeal for policy change",
    "0243": "Appeal for rights",
    "0244": "Appeal for change in institutions, regime",
    "025": "Appeal to yield",
    "0251": "Appeal for easing of administrative sanctions",
    "0252": "Appeal for easing of popular dissent",
    "0253": "Appeal for release of persons or property",
    "0254": "Appeal for easing of economic sanctions, boycott, or embargo",
    "0255": "Appeal for target to allow international involvement (non-mediation)",
    "0256": "Appeal for de-escalation of military engagement",
    "026": "Appeal to others to meet or negotiate",
    "027": "Appeal to others to settle dispute",
    "028": "Appeal to others to engage in or accept mediation",
}

# Root labels (two-digit codes) for roots whose PLOVER section header has no label.
ROOT_LABELS = {
    "03": "Express intent to cooperate", "04": "Consult", "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation", "07": "Provide aid", "08": "Yield", "09": "Investigate",
    "10": "Demand", "11": "Disapprove", "12": "Reject", "13": "Threaten", "14": "Protest",
    "15": "Exhibit force posture", "16": "Reduce relations", "17": "Coerce", "18": "Assault",
    "19": "Fight", "20": "Use unconventional mass violence",
}

# Goldstein weights. A code not listed takes the weight of its parent (4-digit codes
# inherit their 3-digit code's weight unless listed).
GOLDSTEIN = {
    "01": 0.0, "010": 0.0, "011": -0.1, "012": -0.4, "013": 0.4, "014": 0.0, "015": 0.0,
    "016": 0.0, "017": 0.0, "018": 3.4, "019": 3.4,
    "02": 3.0, "020": 3.0, "021": 3.4, "022": 3.2, "023": 3.4, "024": -0.3, "025": -0.3,
    "026": 4.0, "027": 4.0, "028": 4.0,
    "03": 4.0, "030": 4.0, "031": 5.2, "032": 4.5, "033": 5.2, "034": 7.0, "035": 7.0,
    "036": 4.0, "037": 5.0, "038": 7.0, "039": 5.0,
    "04": 1.0, "040": 1.0, "041": 1.0, "042": 1.9, "043": 2.8, "044": 2.5, "045": 5.0, "046": 7.0,
    "05": 3.5, "050": 3.5, "051": 3.4, "052": 3.5, "053": 3.8, "054": 6.0, "055": 7.0,
    "056": 7.0, "057": 8.0,
    "06": 6.0, "060": 6.0, "061": 6.4, "062": 7.4, "063": 7.4, "064": 7.0,
    "07": 7.0, "070": 7.0, "071": 7.4, "072": 8.3, "073": 7.4, "074": 8.5, "075": 7.0,
    "08": 5.0, "080": 5.0, "081": 5.0, "082": 5.0, "083": 5.0, "084": 7.0, "085": 7.0,
    "086": 9.0, "087": 9.0, "0874": 10.0,
    "09": -2.0, "090": -2.0, "091": -2.0, "092": -2.0, "093": -2.0, "094": -2.0,
    "10": -5.0, "100": -5.0, "101": -5.0, "102": -4.0, "103": -4.0, "104": -5.0, "105": -5.0,
    "106": -5.0, "107": -5.0, "108": -5.0,
    "11": -2.0, "110": -2.0, "111": -2.0, "112": -2.0, "113": -2.0, "114": -2.0, "115": -2.0,
    "116": -2.0,
    "12": -4.0, "120": -4.0, "121": -4.0, "122": -4.0, "123": -4.0, "124": -5.0, "125": -5.0,
    "126": -5.0, "127": -5.0, "128": -4.0, "129": -5.0,
    "13": -6.0, "130": -4.4, "131": -5.8, "132": -5.8, "133": -5.8, "134": -5.8, "135": -5.8,
    "136": -7.0, "137": -7.0, "138": -7.0, "139": -7.0,
    "14": -6.5, "140": -6.5, "141": -6.5, "142": -6.5, "143": -6.5, "144": -7.5, "145": -7.5,
    "15": -7.2, "150": -7.2, "151": -7.2, "152": -7.2, "153": -7.2, "154": -7.2,
    "16": -4.0, "160": -4.0, "161": -4.0, "162": -5.6, "163": -8.0, "164": -7.0, "165": -7.0,
    "166": -7.0,
    "17": -7.0, "170": -7.0, "171": -9.2, "172": -5.0, "173": -5.0, "174": -5.0, "175": -9.0,
    "18": -9.0, "180": -9.0, "181": -9.0, "182": -9.5, "1821": -9.0, "1822": -9.0,
    "1823": -10.0, "183": -10.0, "184": -8.0, "185": -8.0, "186": -10.0,
    "19": -10.0, "190": -10.0, "191": -9.5, "192": -9.5, "193": -10.0, "194": -10.0,
    "195": -10.0, "196": -9.5,
    "20": -10.0, "200": -10.0, "201": -9.5, "202": -10.0, "203": -10.0, "204": -10.0,
}

_ROW = re.compile(r"^(\d{2,4}):\s*([^,#]*),([^,#]*)(?:,([^#]*))?#\s*(.*)$")


def quad_class(code: str) -> int:
    """1 verbal cooperation (01-05), 2 material cooperation (06-08), 3 verbal conflict
    (09-13), 4 material conflict (14-20)."""
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def goldstein(code: str) -> float:
    while code not in GOLDSTEIN:
        code = code[:-1]
    return GOLDSTEIN[code]


def read_plover(path: Path) -> dict[str, tuple[str, str, str]]:
    """code -> (label, PLOVER category, mode) from the CAMEO→PLOVER table."""
    out: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line.strip())
        if not m:
            continue
        code, category, mode, _context, label = m.groups()
        out.setdefault(code, (label.strip(), category.strip(), mode.strip()))
    return out


def build(table: Path) -> list[tuple[str, str, float, int, str, str]]:
    plover = read_plover(table)
    rows: dict[str, tuple[str, str, float, int, str, str]] = {}
    for code, label in STATEMENT_APPEAL.items():
        rows[code] = (code, label, goldstein(code), quad_class(code), "", "")
    for code, (label, category, mode) in plover.items():
        rows[code] = (code, label, goldstein(code), quad_class(code), category, mode)
    for root, label in ROOT_LABELS.items():
        # The root row takes its first child's category (08 is split; CONCEDE first).
        child = plover.get(root + "0") or plover.get(root + "1") or ("", "", "")
        rows[root] = (root, label, goldstein(root), quad_class(root), child[1], "")
    return [rows[c] for c in sorted(rows, key=lambda c: (c[:2], c))]


def main(argv: list[str]) -> int:
    table = Path(argv[1]) if len(argv) > 1 else DEFAULT_TABLE
    out = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    header = [
        "# CAMEO event codes: label, Goldstein weight, quad class, PLOVER category and mode.",
        "# Generated by scripts/build_cameo.py; edit that script, not this file.",
        "# Labels, PLOVER categories and modes for roots 03-20: PLOVER CAMEO2PLOVER table",
        "#   (Open Event Data Alliance, CC BY-SA 4.0, https://github.com/openeventdata/PLOVER);",
        "#   as data derived from it, this file is shared under CC BY-SA 4.0 as well.",
        "# Roots 01 and 02 were dropped by PLOVER: their plover cells are empty.",
        "# Goldstein: the published CAMEO conflict-cooperation weights, -10..+10.",
        "# quad_class: 1 verbal coop (01-05), 2 material coop (06-08), 3 verbal conflict (09-13),",
        "#   4 material conflict (14-20).",
        "code\tlabel\tgoldstein\tquad_class\tplover\tplover_mode",
    ]
    lines = header + ["\t".join(str(x) for x in row) for row in build(table)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines) - len(header)} codes to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
