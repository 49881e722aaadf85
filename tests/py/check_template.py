"""Checks a zakrila template with an independent reader (openpyxl) against its config.

Usage: python3 check_template.py TEMPLATE.xlsx PROGRAMME.toml [--resaved]

The config is read with Python's own tomllib, not with zakrila, so a shared bug cannot
hide itself. `--resaved` is for a copy saved by LibreOffice: LibreOffice rewrites styles
and drops some flags, so only what must survive a round trip through a real spreadsheet
program is checked then (sheets, headers, dropdown contents, number checks, protection).
Exits 1 with one line per failed check.
"""

import hashlib
import re
import sys
import tomllib
from excel_rules import excel_problems

try:
    import openpyxl
    from openpyxl.utils import range_boundaries
except ImportError:
    sys.exit("openpyxl is missing: run scripts/test, or pip install openpyxl")

HEADERS = [
    "Приоритет", "Цел", "№ на дейност", "Дейност", "Срок", "Очакван резултат", "Индикатор",
    "Мерна единица", "Текуща стойност", "Целева стойност", "Бюджет", "Валута",
    "Източник на финансиране", "Пояснение за финансирането", "Водеща институция",
    "Партньори", "Бележка",
]
INSTITUTION_LABELS = ["Институция", "Лице за контакт", "Длъжност", "Телефон", "Имейл", "Дата"]
DEFAULT_FUNDING = [
    "Общински бюджет", "Държавен бюджет (делегирани дейности)",
    "Бюджет на отговорната институция", "Европейски програми и проекти",
    "Национални програми", "Донори и НПО", "Не е необходимо финансиране", "Друго",
]
UNITS = ["брой", "%", "EUR", "BGN", "часа", "дни", "друго"]
MIN_VALIDATED_ROWS = 500

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


def fold(text):
    return " ".join(str(text).split())


def list_values(workbook, formula):
    """The values a list validation offers: a literal list or a range on another sheet."""
    formula = formula.lstrip("=")
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    match = re.fullmatch(r"'?([^'!]+)'?!\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)", formula)
    if not match:
        return None
    sheet, c1, r1, c2, r2 = match.groups()
    ws = workbook[sheet]
    min_col, min_row, max_col, max_row = range_boundaries(f"{c1}{r1}:{c2}{r2}")
    return [
        ws.cell(row=r, column=c).value
        for r in range(min_row, max_row + 1)
        for c in range(min_col, max_col + 1)
    ]


def column_dimension(ws, index):
    """The <col> entry covering a 1-based column (writers group equal columns in one)."""
    for dim in ws.column_dimensions.values():
        if dim.min is not None and dim.min <= index <= dim.max:
            return dim
    return ws.column_dimensions[openpyxl.utils.get_column_letter(index)]


def validations_by_column(ws):
    """Map column letter -> (validation, first data row, last data row)."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            min_col, min_row, max_col, max_row = range_boundaries(rng)
            for col in range(min_col, max_col + 1):
                letter = openpyxl.utils.get_column_letter(col)
                found[letter] = (dv, min_row, max_row)
    return found


def main():
    path, config_path = sys.argv[1], sys.argv[2]
    resaved = "--resaved" in sys.argv[3:]
    with open(config_path, "rb") as f:
        config_bytes = f.read()
    config = tomllib.loads(config_bytes.decode("utf-8"))
    programme = config["programme"]
    priorities = [f"{p['number']}. {fold(p['title'])}" for p in config["priority"]]
    goals = [
        f"{g['code']}. {fold(g['title'])}" for p in config["priority"] for g in p["goal"]
    ]
    institutions = [fold(i["name"]) for i in config["institution"]]
    funding = [fold(f["name"]) for f in config.get("funding_source", [])] or DEFAULT_FUNDING

    wb = openpyxl.load_workbook(path)
    # Held to Excel's needs only as zakrila wrote it: a copy LibreOffice saved has no theme
    # part, which the schema check asks for and Excel does without.
    if not resaved:
        for problem in excel_problems(path):
            check(False, problem)
    names = [ws.title for ws in wb.worksheets]
    check(names == ["Указания", "Институция", "Дейности", "Списъци", "_meta"],
          f"sheet order: {names}")
    states = {ws.title: ws.sheet_state for ws in wb.worksheets}
    check(states.get("Указания") == "visible", f"Указания state {states.get('Указания')}")
    check(states.get("Институция") == "visible", f"Институция state {states.get('Институция')}")
    check(states.get("Дейности") == "visible", f"Дейности state {states.get('Дейности')}")
    check(states.get("Списъци") == "hidden", f"Списъци state {states.get('Списъци')}")
    # LibreOffice saves "very hidden" as "hidden"; the sheet must stay out of sight.
    check(states.get("_meta") == ("hidden" if resaved else "veryHidden"),
          f"_meta state {states.get('_meta')}")
    check(wb.active.title == "Дейности", f"active sheet {wb.active.title}")

    # Дейности: headers, frozen pane, protection, widths, validations.
    ws = wb["Дейности"]
    headers = [ws.cell(row=1, column=c).value for c in range(1, 18)]
    check(headers == HEADERS, f"headers {headers}")
    check(ws.cell(row=1, column=18).value is None, "an 18th header")
    if not resaved:  # a headless conversion has no view, so it keeps no frozen panes
        check(ws.freeze_panes == "A2", f"freeze panes {ws.freeze_panes}")
    check(bool(ws.protection.sheet), "Дейности is not protected")
    check(not ws.protection.password, "Дейности has a password")
    for c in range(1, 18):
        letter = openpyxl.utils.get_column_letter(c)
        check(ws.cell(row=1, column=c).protection.locked, f"header {letter}1 not locked")
        dim = column_dimension(ws, c)
        check((dim.width or 0) >= 9, f"column {letter} narrow: {dim.width}")
        if not resaved:
            check(dim.protection is not None and not dim.protection.locked,
                  f"data cells of column {letter} are locked")
            check(dim.alignment is not None and dim.alignment.wrap_text,
                  f"column {letter} does not wrap")
            # Goal and activity codes stay text ("1.2.3" would become a date in Excel).
            if letter in ("B", "C"):
                check(dim.number_format == "@", f"column {letter} is not text: {dim.number_format}")

    dvs = validations_by_column(ws)
    expected_lists = {
        "A": priorities, "B": goals, "H": UNITS, "L": ["EUR", "BGN"], "M": funding,
        "O": institutions,
    }
    for letter in (openpyxl.utils.get_column_letter(c) for c in range(1, 18)):
        if letter not in dvs:
            failures.append(f"column {letter} has no data validation")
            continue
        dv, first, last = dvs[letter]
        check(first == 2, f"validation of {letter} starts at row {first}")
        check(last - first + 1 >= MIN_VALIDATED_ROWS, f"validation of {letter} covers {last - first + 1} rows")
        check(bool(dv.prompt) and bool(dv.promptTitle), f"column {letter} has no input message")
        check(dv.showInputMessage, f"input message of {letter} is not shown")
        if letter in expected_lists:
            check(dv.type == "list", f"{letter} is not a dropdown: {dv.type}")
            offered = list_values(wb, dv.formula1 or "")
            check(offered == expected_lists[letter],
                  f"dropdown {letter} offers {offered!r}, config has {expected_lists[letter]!r}")
        elif letter in ("I", "J", "K"):
            check(dv.type == "decimal", f"{letter} is not a number check: {dv.type}")
        if letter == "K":
            check(dv.operator == "greaterThanOrEqual" and float(dv.formula1) == 0,
                  f"budget check {dv.operator} {dv.formula1}")

    # Институция: labels found in column A, institution dropdown on B1, values unlocked.
    ws = wb["Институция"]
    labels = [ws.cell(row=r, column=1).value for r in range(1, 7)]
    check(labels == INSTITUTION_LABELS, f"Институция labels {labels}")
    dvs = [dv for dv in ws.data_validations.dataValidation if "B1" in str(dv.sqref).split()]
    check(len(dvs) == 1 and list_values(wb, dvs[0].formula1) == institutions,
          "Институция!B1 does not offer the configured institutions")
    if not resaved:
        for r in range(1, 7):
            check(not ws.cell(row=r, column=2).protection.locked, f"Институция!B{r} locked")

    # Списъци holds exactly the lists, under their headers.
    ws = wb["Списъци"]
    columns = {
        "Приоритети": priorities, "Цели": goals, "Институции": institutions,
        "Източници на финансиране": funding, "Мерни единици": UNITS, "Валути": ["EUR", "BGN"],
    }
    for c, (header, values) in enumerate(columns.items(), start=1):
        check(ws.cell(row=1, column=c).value == header, f"Списъци column {c} header")
        got = []
        r = 2
        while ws.cell(row=r, column=c).value is not None:
            got.append(ws.cell(row=r, column=c).value)
            r += 1
        check(got == values, f"Списъци {header}: {got!r}")

    # _meta keys and values.
    ws = wb["_meta"]
    meta = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, 7)}
    expected_meta = {
        "template_id": "zakrila-programme",
        "template_version": "1",
        "municipality_code": programme["municipality_code"],
        "period_start": programme["period_start"].isoformat(),
        "period_end": programme["period_end"].isoformat(),
        "config_sha256": hashlib.sha256(config_bytes).hexdigest(),
    }
    check({k: str(v) for k, v in meta.items()} == expected_meta, f"_meta {meta}")

    # Указания explains every column.
    ws = wb["Указания"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    for header in HEADERS:
        check(header in text, f"Указания does not mention {header}")
    check("Примерен ред" in text, "Указания has no example row")

    for failure in failures:
        print(failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
