"""Writes a test workbook with openpyxl, an independent writer, from a JSON description.

Usage: python3 make_workbook.py SPEC.json OUT.xlsx

SPEC:
{
  "config": "programme.toml",        # for _meta: its values are computed here, with tomllib
  "meta": true | false | {"key": "value", ...},   # false: no _meta; a dict overrides keys
  "institution": {"Институция": "...", "Лице за контакт": "...", ...} | null,
  "institution_sheet": "Институция",  # the sheet's name (null: no such sheet)
  "activities_sheet": "Дейности",
  "header_row": 1,                    # 1-based row of the header (rows above stay blank
                                      # unless "above" gives them)
  "above": [[...], ...],              # rows written above the header
  "headers": [...],                   # default: the 17 template headers
  "rows": [[...], ...],               # data rows, from header_row + 1
  "merges": ["A2:A4", ...],           # merged ranges on the activities sheet
  "extra_sheets": [{"name": "...", "rows": [[...]]}],
  "template": "template.xlsx"         # fill this template (made by zakrila) instead: only
                                      # "institution" and "rows" are used then
}
A cell value is a string, a number, null, {"date": "YYYY-MM-DD"}, {"formula": "=..."} or
{"text": "=..."} (text that starts like a formula, stored as text).
"""

import datetime
import hashlib
import json
import sys
import tomllib

import openpyxl

HEADERS = [
    "Приоритет", "Цел", "№ на дейност", "Дейност", "Срок", "Очакван резултат", "Индикатор",
    "Мерна единица", "Текуща стойност", "Целева стойност", "Бюджет", "Валута",
    "Източник на финансиране", "Пояснение за финансирането", "Водеща институция",
    "Партньори", "Бележка",
]
LABELS = ["Институция", "Лице за контакт", "Длъжност", "Телефон", "Имейл", "Дата"]


def value(cell):
    if isinstance(cell, dict):
        if "date" in cell:
            return datetime.datetime.strptime(cell["date"], "%Y-%m-%d")
        if "formula" in cell:
            return cell["formula"]
        if "text" in cell:
            return cell["text"]
    return cell


def write_rows(ws, rows, first_row=1):
    for r, row in enumerate(rows, start=first_row):
        for c, cell in enumerate(row, start=1):
            if cell is None:
                continue
            ws.cell(row=r, column=c, value=value(cell))
            if isinstance(cell, dict) and "text" in cell:
                ws.cell(row=r, column=c).data_type = "s"
            if isinstance(cell, dict) and "date" in cell:
                ws.cell(row=r, column=c).number_format = "DD.MM.YYYY"


def fill_template(spec, out):
    """Fills a template made by `zakrila template`, as an institution does in Excel."""
    wb = openpyxl.load_workbook(spec["template"])
    ws = wb["Институция"]
    for r, label in enumerate(LABELS, start=1):
        if ws.cell(row=r, column=1).value != label:
            sys.exit(f"template Институция!A{r} is not {label}")
        if spec["institution"].get(label) is not None:
            ws.cell(row=r, column=2, value=value(spec["institution"][label]))
    write_rows(wb["Дейности"], spec.get("rows", []), 2)
    wb.save(out)


def main():
    spec_path, out = sys.argv[1], sys.argv[2]
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    if spec.get("template"):
        return fill_template(spec, out)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)

    inst_name = spec.get("institution_sheet", "Институция")
    if inst_name is not None and spec.get("institution") is not None:
        ws = wb.create_sheet(inst_name)
        fields = spec["institution"]
        for r, label in enumerate(LABELS, start=1):
            ws.cell(row=r, column=1, value=label)
            if fields.get(label) is not None:
                ws.cell(row=r, column=2, value=value(fields[label]))

    ws = wb.create_sheet(spec.get("activities_sheet", "Дейности"))
    header_row = spec.get("header_row", 1)
    write_rows(ws, spec.get("above", []), 1)
    write_rows(ws, [spec.get("headers", HEADERS)], header_row)
    write_rows(ws, spec.get("rows", []), header_row + 1)
    for merged in spec.get("merges", []):
        ws.merge_cells(merged)

    for extra in spec.get("extra_sheets", []):
        write_rows(wb.create_sheet(extra["name"]), extra.get("rows", []))

    meta = spec.get("meta", True)
    if meta is not False and spec.get("config"):
        with open(spec["config"], "rb") as f:
            config_bytes = f.read()
        programme = tomllib.loads(config_bytes.decode("utf-8"))["programme"]
        values = {
            "template_id": "zakrila-programme",
            "template_version": "1",
            "municipality_code": programme["municipality_code"],
            "period_start": programme["period_start"].isoformat(),
            "period_end": programme["period_end"].isoformat(),
            "config_sha256": hashlib.sha256(config_bytes).hexdigest(),
        }
        if isinstance(meta, dict):
            values.update(meta)
        ws = wb.create_sheet("_meta")
        ws.sheet_state = "veryHidden"
        for r, (k, v) in enumerate(values.items(), start=1):
            ws.cell(row=r, column=1, value=k)
            ws.cell(row=r, column=2, value=v)

    wb.active = wb.sheetnames.index(spec.get("activities_sheet", "Дейности"))
    wb.save(out)


if __name__ == "__main__":
    main()
