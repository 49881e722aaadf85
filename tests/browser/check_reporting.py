"""Fills and checks, with openpyxl and Python's csv module, the files of the reporting round
that the browser test downloads from `zakrila serve`.

Usage:
  python3 check_reporting.py leads PROGRAMME.xlsx
      prints {lead institution: indicators} from the programme's Данни sheet (the first lead
      of each row, as `zakrila report new` groups them).
  python3 check_reporting.py workbook PATH INSTITUTION INDICATORS
      opens a reporting workbook: sheets Отчет, Институция and _meta, INSTITUTION in
      Институция!B1 and in _meta, one keyed row per indicator (INDICATORS of them), the
      status dropdown. Prints the rows as JSON: [{key, code, indicator, target}].
  python3 check_reporting.py fill IN OUT
      fills a reporting workbook as an institution does in a spreadsheet program: every
      status in turn, reported values as numbers, the first one typed as text with a decimal
      comma ("12,5"), spent budget and a comment on the first row; the last row left empty.
  python3 check_reporting.py filled PATH
      prints what a filled reporting workbook says, by key: {key: {value, status, cell}}
      (a value typed as "12,5" is 12.5; `cell` is the value's cell), rows with neither value
      nor status left out.
  python3 check_reporting.py implementation PATH EXPECTED.json
      checks the implementation report: its sheets; on Изпълнение every indicator of the
      programme once, the reported ones with their value, status and reporting institution,
      the others "няма отчет"; Липсващи lists the non-reporting institution's indicators;
      Бележки notes the value typed as text; Обобщение counts per lead institution.
      EXPECTED: {"leads": {...}, "reported": {institution: {key: {value, status, cell, file}}},
      "missing": institution}. Prints {rows, reported, missing} as JSON.
  python3 check_reporting.py export ZIP FOLDER IMPLEMENTATION.xlsx EXPECTED.json [windows-1251 UTF8_CSV]
      unzips the national export into FOLDER and checks it: the three files, the CSV's header
      (national-csv.md), one row per indicator in the implementation report's order, actual,
      achievement_pct and status as reported; the Excel dialect (BOM, ";", decimal comma);
      datapackage.json naming the first CSV. With windows-1251, the CSVs are Windows-1251
      and read as the same text as UTF8_CSV (the UTF-8 export's CSV).
  python3 check_reporting.py files ZIP UPLOADS.json
      checks the zip of every file sent: manifest.csv lists every entry with its SHA-256
      and every upload in UPLOADS ([{round, institution, version, file, sha256}]).

Exits 1 with one line per failed check.
"""

import csv
import hashlib
import io
import json
import math
import sys
import zipfile

import openpyxl

STATUSES = ["Изпълнена", "Частично изпълнена", "Неизпълнена", "В процес", "Отпада"]
# ../shared/spec/national-csv.md, in this order.
CSV_COLUMNS = (
    "municipality_code municipality period_start period_end priority_no priority goal_code goal "
    "activity_code activity deadline_text deadline_start deadline_end expected_result indicator "
    "unit baseline target actual achievement_pct status budget budget_currency budget_eur "
    "funding_source funding_note lead_institution partners submitted_by source_file source_row"
).split()
NO_REPORT = "няма отчет"


def header(ws):
    return [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]


def number(value):
    """A reported value as `report collect` reads it: a number, or text with a decimal comma."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return float(str(value).replace("\u00a0", "").replace(" ", "").replace(",", "."))


def same(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def leads(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = wb["Данни"].iter_rows(values_only=True)
    head = list(next(rows))
    lead = head.index("Водеща институция")
    counts = {}
    for r in rows:
        if all(v is None for v in r):
            continue
        first = (r[lead] or "").split("; ")[0]
        counts[first] = counts.get(first, 0) + 1
    print(json.dumps(counts, ensure_ascii=False))
    return []


def workbook(path, institution, indicators):
    failures = []
    wb = openpyxl.load_workbook(path)
    for sheet in ("Отчет", "Институция", "_meta"):
        if sheet not in wb.sheetnames:
            return [f"no sheet {sheet}: {wb.sheetnames}"]
    if wb["Институция"]["B1"].value != institution:
        failures.append(f"Институция!B1 is {wb['Институция']['B1'].value!r}, expected {institution!r}")
    meta = {r[0]: r[1] for r in wb["_meta"].iter_rows(values_only=True) if r[0]}
    if meta.get("institution") != institution:
        failures.append(f"_meta institution is {meta.get('institution')!r}")
    if meta.get("template_id") != "zakrila-report":
        failures.append(f"_meta template_id is {meta.get('template_id')!r}")
    ws = wb["Отчет"]
    head = header(ws)
    for col, title in (("G", "Отчетена стойност"), ("I", "Статус"), ("J", "Изразходван бюджет"),
                       ("K", "Коментар"), ("L", "Ключ")):
        got = ws[f"{col}1"].value
        if got != title:
            failures.append(f"Отчет!{col}1 is {got!r}, expected {title!r}")
    if not ws.column_dimensions["L"].hidden:
        failures.append("the key column L is not hidden")
    rows = []
    for r in range(2, ws.max_row + 1):
        key = ws.cell(row=r, column=12).value
        if key:
            rows.append({"key": key, "row": r, "code": ws.cell(row=r, column=1).value,
                         "indicator": ws.cell(row=r, column=3).value,
                         "target": ws.cell(row=r, column=6).value})
    if len(rows) != int(indicators):
        failures.append(f"{len(rows)} keyed rows on Отчет, the page says {indicators} indicators")
    # The status column offers the five statuses.
    lists = [dv.formula1 or "" for dv in ws.data_validations.dataValidation
             if any(str(rng).startswith("I") for rng in dv.sqref.ranges)]
    if not any(all(s in f for s in STATUSES) for f in lists):
        failures.append(f"no dropdown of the five statuses on column I: {lists}")
    print(json.dumps(rows, ensure_ascii=False))
    return failures


def fill(src, out):
    wb = openpyxl.load_workbook(src)
    ws = wb["Отчет"]
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=12).value]
    if len(rows) < 3:
        return [f"only {len(rows)} rows to report"]
    for n, r in enumerate(rows[:-1]):
        status = STATUSES[n % len(STATUSES)]
        target = ws.cell(row=r, column=6).value
        if n == 0:
            value = "12,5"  # typed as text, in the Bulgarian way
            ws.cell(row=r, column=10, value=1500)
            ws.cell(row=r, column=11, value="Проведени са 12 срещи и половин ден обучение.")
        elif status == "Отпада":
            value = None
        elif status == "Неизпълнена":
            value = 0
        else:
            value = target if isinstance(target, (int, float)) else 1
            if status in ("Частично изпълнена", "В процес") and isinstance(value, (int, float)):
                value = value // 2
        ws.cell(row=r, column=7, value=value)
        ws.cell(row=r, column=9, value=status)
    wb.save(out)
    return []


def filled(path):
    wb = openpyxl.load_workbook(path)
    ws = wb["Отчет"]
    result = {}
    for r in range(2, ws.max_row + 1):
        key = ws.cell(row=r, column=12).value
        value, status = ws.cell(row=r, column=7).value, ws.cell(row=r, column=9).value
        if key and (value not in (None, "") or status):
            result[key] = {"value": number(value), "status": status, "cell": f"G{r}",
                           "text": isinstance(value, str)}
    print(json.dumps(result, ensure_ascii=False))
    return []


def implementation(path, expected_path):
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    failures = []
    wb = openpyxl.load_workbook(path)
    want = ["Изпълнение", "Обобщение", "Липсващи", "Бележки"]
    if wb.sheetnames != want:
        return [f"sheets {wb.sheetnames}, expected {want}"]
    ws = wb["Изпълнение"]
    head = header(ws)
    col = {name: head.index(name) for name in
           ("№ на дейност", "Индикатор", "Целева стойност", "Отчетена стойност", "Изпълнение %",
            "Статус", "Отчетено от", "Водеща институция", "Ключ")}
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]
    total = sum(expected["leads"].values())
    if len(rows) != total:
        failures.append(f"Изпълнение has {len(rows)} rows, the programme {total} indicators")
    by_key = {}
    for r in rows:
        key = r[col["Ключ"]]
        if key in by_key:
            failures.append(f"key {key} twice on Изпълнение")
        by_key[key] = r
    reported = 0
    for institution, keys in expected["reported"].items():
        for key, want_row in keys.items():
            r = by_key.get(key)
            if r is None:
                failures.append(f"{institution}'s {key} is not on Изпълнение")
                continue
            reported += 1
            if not same(r[col["Отчетена стойност"]], want_row["value"]):
                failures.append(f"{key}: Отчетена стойност {r[col['Отчетена стойност']]!r}, "
                                f"the report says {want_row['value']!r}")
            if r[col["Статус"]] != want_row["status"]:
                failures.append(f"{key}: Статус {r[col['Статус']]!r}, the report says {want_row['status']!r}")
            if r[col["Отчетено от"]] != institution:
                failures.append(f"{key}: Отчетено от {r[col['Отчетено от']]!r}, expected {institution!r}")
            target, value = r[col["Целева стойност"]], want_row["value"]
            pct = r[col["Изпълнение %"]]
            if isinstance(target, (int, float)) and target and value is not None:
                if not same(pct, value / target):
                    failures.append(f"{key}: Изпълнение % {pct!r}, expected {value / target!r}")
            elif pct is not None:
                failures.append(f"{key}: Изпълнение % {pct!r} without a value or target")
    missing = expected["missing"]
    missing_rows = [r for r in rows if r[col["Водеща институция"]] == missing]
    if len(missing_rows) != expected["leads"][missing]:
        failures.append(f"{len(missing_rows)} rows of {missing} on Изпълнение, "
                        f"expected {expected['leads'][missing]}")
    for r in missing_rows:
        if r[col["Статус"]] != NO_REPORT or r[col["Отчетена стойност"]] is not None or r[col["Отчетено от"]]:
            failures.append(f"{missing}'s {r[col['Ключ']]} is not marked {NO_REPORT!r}: "
                            f"{r[col['Отчетена стойност']]!r}, {r[col['Статус']]!r}, {r[col['Отчетено от']]!r}")
    # Липсващи: the non-reporting institution's indicators, by name.
    lacking = [r for r in wb["Липсващи"].iter_rows(min_row=2, values_only=True) if r[0] == missing]
    listed = sorted((r[1], r[3]) for r in lacking)
    want_missing = sorted((r[col["№ на дейност"]], r[col["Индикатор"]]) for r in missing_rows)
    if listed != want_missing:
        failures.append(f"Липсващи lists {listed} for {missing}, expected {want_missing}")
    # Бележки: the value typed as text is noted, in its file and cell.
    notes = [r for r in wb["Бележки"].iter_rows(min_row=2, values_only=True) if any(r)]
    for institution, keys in expected["reported"].items():
        for key, want_row in keys.items():
            if want_row.get("text"):
                cell = f"Отчет!{want_row['cell']}"
                if not any(r[0] == want_row["file"] and r[1] == cell and r[3] == "number-as-text" for r in notes):
                    failures.append(f"Бележки has no number-as-text note at {want_row['file']} {cell}: {notes}")
    # Обобщение: per lead institution, indicators and reported.
    summary, names = {}, None
    for r in wb["Обобщение"].iter_rows(values_only=True):
        if r[0] == "Водеща институция":
            names = {name: i for i, name in enumerate(r)}
        elif names and r[0]:
            summary[r[0]] = r
    if not names or not all(n in names for n in ("Индикатори", "Отчетени", NO_REPORT)):
        return failures + [f"Обобщение has no table by lead institution with Индикатори, Отчетени, {NO_REPORT}"]
    for institution, count in expected["leads"].items():
        r = summary.get(institution)
        if not r:
            failures.append(f"Обобщение has no row for {institution}")
            continue
        done = len(expected["reported"].get(institution, {}))
        got = (r[names["Индикатори"]], r[names["Отчетени"]], r[names[NO_REPORT]])
        if got != (count, done, count - done):
            failures.append(f"Обобщение for {institution}: (indicators, reported, {NO_REPORT}) {got}, "
                            f"expected {(count, done, count - done)}")
    print(json.dumps({"rows": len(rows), "reported": reported, "missing": len(missing_rows)}))
    return failures


def read_csv(data, encoding, delimiter):
    text = data.decode(encoding)
    return text, list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def export(zip_path, folder, report_path, expected_path, encoding="utf-8", utf8_csv=None):
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    failures = []
    with zipfile.ZipFile(zip_path) as z:
        names = z.namelist()
        base = expected["base"]
        want = [f"{base}.csv", f"{base}-excel.csv", "datapackage.json"]
        if names != want:
            return [f"{zip_path} holds {names}, expected {want}"]
        z.extractall(folder)
        plain, excel, package = (z.read(n) for n in want)
    python_encoding = "cp1251" if encoding == "windows-1251" else "utf-8"
    if plain.startswith(b"\xef\xbb\xbf"):
        failures.append("the CSV starts with a BOM")
    try:
        text, rows = read_csv(plain, python_encoding, ",")
    except UnicodeDecodeError as err:
        return [f"the CSV does not decode as {python_encoding}: {err}"]
    if not text.endswith("\r\n") or text.split("\r\n")[0] != ",".join(CSV_COLUMNS):
        failures.append("the CSV's lines do not end with CRLF after the header")
    if rows[0] != CSV_COLUMNS:
        failures.append(f"CSV header {rows[0]}, expected {CSV_COLUMNS}")
    data = [dict(zip(rows[0], r)) for r in rows[1:]]
    if any(len(r) != len(CSV_COLUMNS) for r in rows[1:]):
        failures.append("a CSV row has a different number of fields than the header")
    # The implementation report, in the same (programme) order.
    wb = openpyxl.load_workbook(report_path, read_only=True)
    it = wb["Изпълнение"].iter_rows(values_only=True)
    head = list(next(it))
    report = [dict(zip(head, r)) for r in it if any(v is not None for v in r)]
    if len(data) != len(report):
        failures.append(f"the CSV has {len(data)} rows, the programme {len(report)} indicators")
    reported_keys = {k for keys in expected["reported"].values() for k in keys}
    actual_filled = 0
    for n, (row, rep) in enumerate(zip(data, report), start=2):
        if row["activity_code"] != rep["№ на дейност"] or row["indicator"] != rep["Индикатор"]:
            failures.append(f"CSV line {n}: {row['activity_code']} {row['indicator']!r}, the report "
                            f"has {rep['№ на дейност']} {rep['Индикатор']!r}")
            break
        for field in ("municipality_code", "period_start", "period_end"):
            if row[field] != expected[field]:
                failures.append(f"CSV line {n}: {field} {row[field]!r}, expected {expected[field]!r}")
        actual = number(row["actual"])
        if not same(actual, rep["Отчетена стойност"]):
            failures.append(f"CSV line {n} ({rep['Ключ']}): actual {row['actual']!r}, "
                            f"the report {rep['Отчетена стойност']!r}")
        if (row["status"] or None) != rep["Статус"]:
            failures.append(f"CSV line {n} ({rep['Ключ']}): status {row['status']!r}, the report {rep['Статус']!r}")
        if rep["Ключ"] in reported_keys:
            want = expected_value(expected, rep["Ключ"])
            if not same(actual, want["value"]) or row["status"] != want["status"]:
                failures.append(f"CSV line {n} ({rep['Ключ']}): {row['actual']!r} {row['status']!r}, "
                                f"reported {want['value']!r} {want['status']!r}")
            if actual is not None:
                actual_filled += 1
            target = number(row["target"])
            if actual is not None and target:
                pct = round(actual / target * 100 + 1e-9, 1)
                if row["achievement_pct"] != f"{pct:.1f}":
                    failures.append(f"CSV line {n}: achievement_pct {row['achievement_pct']!r}, expected {pct:.1f}")
        elif row["actual"] or row["status"] != NO_REPORT:
            failures.append(f"CSV line {n} ({rep['Ключ']}): unreported, yet {row['actual']!r} {row['status']!r}")
    # The Excel dialect: BOM, ";" and decimal comma; the same rows.
    bom = b"\xef\xbb\xbf"
    if encoding == "utf-8":
        if not excel.startswith(bom):
            failures.append("the Excel CSV has no BOM")
        excel = excel[len(bom):]
    _, excel_rows = read_csv(excel, python_encoding, ";")
    if excel_rows[0] != CSV_COLUMNS or len(excel_rows) != len(rows):
        failures.append(f"the Excel CSV has header {excel_rows[0][:3]}… and {len(excel_rows)} lines")
    else:
        actual_at = CSV_COLUMNS.index("actual")
        for a, b in zip(rows[1:], excel_rows[1:]):
            if a[actual_at] != b[actual_at].replace(",", "."):
                failures.append(f"actual {a[actual_at]!r} in the CSV, {b[actual_at]!r} in the Excel CSV")
                break
        if not any("," in r[actual_at] for r in excel_rows[1:]):
            failures.append("no decimal comma in the Excel CSV's actual column")
    meta = json.loads(package)
    resource = meta["resources"][0]
    if resource["path"] != f"{expected['base']}.csv" or resource["encoding"] != encoding:
        failures.append(f"datapackage.json names {resource['path']!r} ({resource['encoding']})")
    if [f["name"] for f in resource["schema"]["fields"]] != CSV_COLUMNS:
        failures.append("datapackage.json's fields are not the CSV's columns")
    if utf8_csv:
        with open(utf8_csv, "rb") as f:
            if f.read().decode("utf-8") != text:
                failures.append("the Windows-1251 CSV does not read as the same text as the UTF-8 one")
    print(json.dumps({"rows": len(data), "actual": actual_filled, "encoding": encoding}))
    return failures


def expected_value(expected, key):
    for keys in expected["reported"].values():
        if key in keys:
            return keys[key]
    return None


def files(zip_path, uploads_path):
    with open(uploads_path, encoding="utf-8") as f:
        uploads = json.load(f)
    failures = []
    with zipfile.ZipFile(zip_path) as z:
        names = z.namelist()
        if not names or names[0] != "manifest.csv":
            return [f"the first entry is not manifest.csv: {names[:3]}"]
        manifest = list(csv.DictReader(io.StringIO(z.read("manifest.csv").decode("utf-8-sig"), newline="")))
        listed = {r["path"]: r for r in manifest}
        for name in names[1:]:
            entry = listed.get(name)
            if entry is None:
                failures.append(f"{name} is not in manifest.csv")
            elif hashlib.sha256(z.read(name)).hexdigest() != entry["sha256"]:
                failures.append(f"{name}: its SHA-256 differs from manifest.csv's")
        if len(manifest) != len(names) - 1:
            failures.append(f"manifest.csv has {len(manifest)} lines, the zip {len(names) - 1} files")
    for upload in uploads:
        found = [r for r in manifest if r["round"] == upload["round"] and r["institution"] == upload["institution"]
                 and r["version"] == str(upload["version"])]
        if len(found) != 1:
            failures.append(f"manifest.csv lists {len(found)} lines for {upload}")
            continue
        if found[0]["file"] != upload["file"] or found[0]["sha256"] != upload["sha256"]:
            failures.append(f"manifest.csv: {found[0]['file']} {found[0]['sha256'][:12]} for {upload}")
    sent = [r for r in manifest if r["institution"]]
    if len(sent) != len(uploads):
        failures.append(f"manifest.csv lists {len(sent)} uploads, {len(uploads)} were sent")
    print(json.dumps({"entries": len(manifest), "uploads": len(sent),
                      "rounds": sorted({r["round"] for r in manifest})}, ensure_ascii=False))
    return failures


def main():
    command, *args = sys.argv[1:]
    commands = {"leads": leads, "workbook": workbook, "fill": fill, "filled": filled,
                "implementation": implementation, "export": export, "files": files}
    failures = commands[command](*args)
    for failure in failures:
        print(failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
