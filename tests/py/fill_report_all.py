"""Fills every indicator of a reporting workbook with openpyxl, as an institution that
reports everything: the target value (or 1) as the reported value and "Изпълнена" for the
first half of the rows, "В процес" and no value for the rest.

Usage: python3 fill_report_all.py REPORT.xlsx OUT.xlsx
"""

import sys

import openpyxl


def main():
    src, out = sys.argv[1:3]
    wb = openpyxl.load_workbook(src)
    ws = wb["Отчет"]
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=12).value]
    if not rows:
        sys.exit("no rows to report")
    for n, r in enumerate(rows):
        if n < (len(rows) + 1) // 2:
            target = ws.cell(row=r, column=6).value
            ws.cell(row=r, column=7, value=target if isinstance(target, (int, float)) else 1)
            ws.cell(row=r, column=9, value="Изпълнена")
        else:
            ws.cell(row=r, column=9, value="В процес")
    wb.save(out)


main()
