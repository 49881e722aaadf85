"""Checks a `validate --annotate` copy with openpyxl against the findings it should mark.

Usage: python3 check_annotated.py COPY.xlsx EXPECTED.json

EXPECTED.json: [{"sheet": "Дейности", "cell": "E2", "severity": "error",
                 "message": "..."}, ...] — the findings as the copy places them (cell null
for findings without a cell). Checks that Проверка is the first and active sheet with one row
per finding and a working link for each placed one, that each marked cell is filled red
(an error there) or yellow (warnings only) with a note holding every message, and that no
other cell of Дейности or Институция is filled. Exits 1 with one line per failed check.
"""

import json
import sys
from collections import defaultdict

import openpyxl
from excel_rules import excel_problems

RED, YELLOW = "FFFFC7CE", "FFFFEB9C"


def main():
    path, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    failures = []
    wb = openpyxl.load_workbook(path)
    failures.extend(excel_problems(path))
    if wb.sheetnames[0] != "Проверка":
        failures.append(f"first sheet is {wb.sheetnames[0]}")
    if wb.active.title != "Проверка":
        failures.append(f"active sheet is {wb.active.title}")
    expected_sheets = ["Проверка", "Указания", "Институция", "Дейности", "Списъци", "_meta"]
    if wb.sheetnames != expected_sheets:
        failures.append(f"sheets {wb.sheetnames}")

    check = wb["Проверка"]
    rows = [r for r in check.iter_rows(min_row=2, values_only=True) if r[0] is not None]
    if len(rows) != len(expected):
        failures.append(f"Проверка lists {len(rows)} findings, expected {len(expected)}")
    links = {}
    for row in check.iter_rows(min_row=2):
        cell = row[2]
        if cell.hyperlink is not None:
            links[cell.value] = cell.hyperlink.location
    by_cell = defaultdict(list)
    for finding in expected:
        if finding["cell"] is None:
            continue
        ref = f"{finding['sheet']}!{finding['cell']}"
        by_cell[(finding["sheet"], finding["cell"])].append(finding)
        if links.get(ref) != f"'{finding['sheet']}'!{finding['cell']}":
            failures.append(f"no link to {ref}: {links.get(ref)}")

    for (sheet, ref), findings in by_cell.items():
        cell = wb[sheet][ref]
        colour = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else None
        want = RED if any(f["severity"] == "error" for f in findings) else YELLOW
        if colour != want:
            failures.append(f"{sheet}!{ref} filled {colour}, expected {want}")
        note = cell.comment.text if cell.comment else ""
        for finding in findings:
            if finding["message"] not in note:
                failures.append(f"{sheet}!{ref} note lacks: {finding['message']}")

    for sheet in ("Дейности", "Институция"):
        for row in wb[sheet].iter_rows():
            for cell in row:
                filled = cell.fill is not None and cell.fill.fill_type == "solid" and \
                    cell.fill.fgColor.rgb in (RED, YELLOW)
                if filled and (sheet, cell.coordinate) not in by_cell:
                    failures.append(f"{sheet}!{cell.coordinate} is marked but has no finding")

    for failure in failures:
        print(failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
