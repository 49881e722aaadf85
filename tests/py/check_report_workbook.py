"""Checks a reporting workbook made by `zakrila report new` with openpyxl.

Usage: python3 check_report_workbook.py REPORT.xlsx INSTITUTION MUNICIPALITY_CODE

Checks: sheets Отчет (active), Институция, _meta (very hidden) with the keys of
reporting.md; the Отчет header; the sheet protected without a password; only Отчетена
стойност, Статус, Изразходван бюджет and Коментар unlocked; Изпълнение % a live formula on
every row; Статус a dropdown of exactly the five statuses; the key column hidden;
Институция pre-filled. Exits 1 with one line per failed check.
"""

import sys

import openpyxl
from excel_rules import excel_problems

HEADERS = ["№ на дейност", "Дейност", "Индикатор", "Мерна единица", "Текуща стойност",
           "Целева стойност", "Отчетена стойност", "Изпълнение %", "Статус",
           "Изразходван бюджет", "Коментар", "Ключ"]
STATUSES = ["Изпълнена", "Частично изпълнена", "Неизпълнена", "В процес", "Отпада"]
EDITABLE = {7, 9, 10, 11}


def main():
    path, institution, code = sys.argv[1:4]
    failures = []
    wb = openpyxl.load_workbook(path)
    failures.extend(excel_problems(path))
    if wb.sheetnames != ["Отчет", "Институция", "_meta"]:
        failures.append(f"sheets {wb.sheetnames}")
    if wb.active.title != "Отчет":
        failures.append(f"active {wb.active.title}")
    if wb["_meta"].sheet_state != "veryHidden":
        failures.append("_meta is not very hidden")
    meta = {r[0]: r[1] for r in wb["_meta"].iter_rows(values_only=True)}
    for key in ["template_id", "template_version", "municipality_code", "period_start",
                "period_end", "programme_sha256", "institution"]:
        if key not in meta:
            failures.append(f"_meta lacks {key}")
    if meta.get("template_id") != "zakrila-report" or meta.get("institution") != institution \
            or meta.get("municipality_code") != code:
        failures.append(f"_meta {meta}")
    ws = wb["Отчет"]
    headers = [ws.cell(row=1, column=c).value for c in range(1, 13)]
    if headers != HEADERS:
        failures.append(f"headers {headers}")
    if not ws.protection.sheet or ws.protection.password:
        failures.append("Отчет is not protected without a password")
    if not ws.column_dimensions["L"].hidden:
        failures.append("the key column is not hidden")
    rows = 0
    for r in range(2, ws.max_row + 1):
        if ws.cell(row=r, column=12).value is None:
            continue
        rows += 1
        for c in range(1, 13):
            locked = ws.cell(row=r, column=c).protection.locked
            if (c in EDITABLE) == locked:
                failures.append(f"{ws.cell(row=r, column=c).coordinate} locked={locked}")
        formula = ws.cell(row=r, column=8).value
        if formula != f'=IF(OR(G{r}="",F{r}="",F{r}=0),"",G{r}/F{r})':
            failures.append(f"H{r} formula {formula}")
    if rows == 0:
        failures.append("no indicator rows")
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    if len(lists) != 1 or lists[0].formula1.strip('"').split(",") != STATUSES:
        failures.append(f"status dropdown {[dv.formula1 for dv in lists]}")
    elif str(lists[0].sqref).split(":")[0] != "I2":
        failures.append(f"status dropdown range {lists[0].sqref}")
    if wb["Институция"]["B1"].value != institution:
        failures.append(f"Институция!B1 {wb['Институция']['B1'].value}")
    for failure in failures:
        print(failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
