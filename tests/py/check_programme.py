"""Checks a programme workbook written by `zakrila merge` with openpyxl.

Usage: python3 check_programme.py PROGRAMME.xlsx EXPECTED.json

EXPECTED.json:
{
  "sources": [["file.xlsx", rows_read, accepted, rejected], ...],   # in sheet order
  "data_rows": N,                     # rows of Данни
  "rejected": [["file.xlsx", row_or_null, "text every reason line contains"], ...],
  "note_codes": ["duplicate-activity", ...],   # codes that must appear on Бележки
  "activities": ["1.4.1", ...],       # merged activity codes on Програма, in order
  "budget_eur_total": 1234.56         # Обобщение, total of the priority table
}
Checks the six sheets in order, the totals row (read = accepted + rejected), the print
settings of Програма (A4 landscape, one page wide, header row repeated, page numbers),
goal cells merged over their activities, and the Данни table. Exits 1 with one line per
failed check.
"""

import json
import sys

import openpyxl
from excel_rules import excel_problems

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


def main():
    path, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    wb = openpyxl.load_workbook(path)
    for problem in excel_problems(path):
        check(False, problem)
    check(wb.sheetnames == ["Програма", "Данни", "Обобщение", "Източници", "Отхвърлени", "Бележки"],
          f"sheets {wb.sheetnames}")

    ws = wb["Програма"]
    check(ws.page_setup.orientation == "landscape", f"orientation {ws.page_setup.orientation}")
    check(str(ws.page_setup.paperSize) == "9", f"paper {ws.page_setup.paperSize}")
    check(ws.sheet_properties.pageSetUpPr.fitToPage, "not fit to page")
    check(ws.page_setup.fitToWidth in (1, None) and ws.page_setup.fitToHeight == 0,
          f"fit {ws.page_setup.fitToWidth}x{ws.page_setup.fitToHeight}")
    check(ws.print_title_rows == "$2:$2", f"repeated rows {ws.print_title_rows}")
    check("&P" in (ws.oddFooter.center.text or ""), f"footer {ws.oddFooter.center.text}")
    headers = [ws.cell(row=2, column=c).value for c in range(1, 7)]
    check(headers == ["Цел", "Дейност", "Срок", "Индикатори", "Бюджет", "Отговорни институции"],
          f"Програма header {headers}")
    codes = []
    for row in ws.iter_rows(min_row=3, values_only=True):
        if row[1]:
            codes.append(str(row[1]).split(" ", 1)[0].rstrip("."))
    check(codes == expected["activities"], f"activities {codes}")
    merged = [str(r) for r in ws.merged_cells.ranges]
    # Every goal cell in column A that spans rows is one merged range A{n}:A{m}.
    goal_ranges = [r for r in merged if r.startswith("A") and ":A" in r]
    for r in goal_ranges:
        first, last = r.split(":")
        check(int(last[1:]) > int(first[1:]), f"goal range {r}")
    if "goal_ranges" in expected:
        check(len(goal_ranges) == expected["goal_ranges"], f"goal ranges {goal_ranges}")
    priority_rows = [r for r in merged if r.startswith("A") and r.endswith(r.split(":")[0][1:]) and ":F" in r]
    check(len(priority_rows) >= 1, "no full-width priority row")

    ws = wb["Данни"]
    check(len(ws.tables) == 1, f"Данни tables {list(ws.tables)}")
    data_rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]
    check(len(data_rows) == expected["data_rows"], f"Данни rows {len(data_rows)}")
    # The table and its filter cover the header and every row (zakrila sets the range in the
    # saved file: write/table_range.rs).
    from openpyxl.utils import get_column_letter
    table = next(iter(ws.tables.values()))
    want = f"A1:{get_column_letter(ws.max_column)}{1 + max(1, len(data_rows))}"
    check(table.ref == want, f"Данни table ref {table.ref}, expected {want}")
    check(table.autoFilter is not None and table.autoFilter.ref == want,
          f"Данни filter ref {table.autoFilter and table.autoFilter.ref}, expected {want}")

    ws = wb["Източници"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    sources = [[r[0], r[6], r[7], r[8]] for r in rows[: len(expected["sources"])]]
    check(sources == expected["sources"], f"sources {sources}")
    total = rows[len(expected["sources"])]
    check(total[0] == "Общо", f"totals row {total}")
    check(total[6] == total[7] + total[8] + total[11],
          f"read {total[6]} != accepted {total[7]} + rejected {total[8]} + skipped {total[11]}")
    for r in rows[: len(expected["sources"])]:
        check(r[6] == r[7] + r[8] + r[11], f"{r[0]}: read != accepted + rejected + skipped")

    ws = wb["Отхвърлени"]
    rejected = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] is not None]
    check(len(rejected) == len(expected["rejected"]), f"Отхвърлени has {len(rejected)} rows")
    for (file, row, text), got in zip(expected["rejected"], rejected):
        check(got[0] == file and got[1] == row and text in (got[3] or ""),
              f"Отхвърлени row {got[:2]}: expected {file} {row} with {text!r}, got {got[3]!r}")

    ws = wb["Бележки"]
    codes = {r[4] for r in ws.iter_rows(min_row=2, values_only=True)}
    for code in expected.get("note_codes", []):
        check(code in codes, f"Бележки lacks {code}")

    ws = wb["Обобщение"]
    totals = [r for r in ws.iter_rows(values_only=True) if r[0] == "Общо"]
    check(len(totals) == 3, f"Обобщение totals {totals}")
    if totals and "budget_eur_total" in expected:
        check(abs(totals[0][3] - expected["budget_eur_total"]) < 0.006,
              f"budget total {totals[0][3]} != {expected['budget_eur_total']}")
    check(len(ws._charts) == 2, f"Обобщение charts {len(ws._charts)}")

    for failure in failures:
        print(failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
