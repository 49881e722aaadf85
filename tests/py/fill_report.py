"""Fills a reporting workbook with openpyxl, as an institution does in a spreadsheet program.

Usage: python3 fill_report.py REPORT.xlsx SPEC.json OUT.xlsx

SPEC: {
  "values": {"<key>": {"value": 12 | "12,5", "status": "...", "spent": 100, "comment": "..."}},
  "delete": ["<key>", ...],           # rows to delete
  "add": [["1.1.9", "Нова дейност", "Нов индикатор", ...]],   # rows appended (no key)
  "institution": "...",               # overwrite Институция!B1 (unlock is not needed: openpyxl
                                      # ignores protection)
  "meta": {"municipality_code": "..."}  # overwrite _meta values (a report of another programme)
}
Rows are found by the hidden key in column L. Values are written as given: a string stays a
string (as typed text), a number a number.
"""

import json
import sys

import openpyxl

COLUMNS = {"value": 7, "status": 9, "spent": 10, "comment": 11}


def main():
    src, spec_path, out = sys.argv[1:4]
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    wb = openpyxl.load_workbook(src)
    ws = wb["Отчет"]
    rows = {ws.cell(row=r, column=12).value: r for r in range(2, ws.max_row + 1)}
    for key, fields in spec.get("values", {}).items():
        if key not in rows:
            sys.exit(f"no row with key {key}")
        for name, value in fields.items():
            ws.cell(row=rows[key], column=COLUMNS[name], value=value)
    for key in sorted(spec.get("delete", []), key=lambda k: -rows[k]):
        ws.delete_rows(rows[key])
    for extra in spec.get("add", []):
        r = ws.max_row + 1
        for c, value in enumerate(extra, start=1):
            ws.cell(row=r, column=c, value=value)
    if "institution" in spec:
        wb["Институция"]["B1"] = spec["institution"]
    for key, value in spec.get("meta", {}).items():
        meta = wb["_meta"]
        for r in range(1, meta.max_row + 1):
            if meta.cell(row=r, column=1).value == key:
                meta.cell(row=r, column=2, value=value)
    wb.save(out)


if __name__ == "__main__":
    main()
