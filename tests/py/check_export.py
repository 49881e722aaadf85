"""Checks zakrila's national CSV against the programme workbook, row by row.

Usage: python3 check_export.py OUT.csv PROGRAMME.xlsx [--excel] [--encoding windows-1251]

Reads the CSV with Python's csv module (in the dialect given) and the programme's Данни sheet
with openpyxl, and checks: the exact header, CRLF line ends, BOM only with --excel, one row
per Данни row in the same order, and every field that comes from Данни (codes, texts,
parsed deadline dates, numbers, budget in EUR at 1.95583, institutions, source file and
row). Exits 1 with one line per failed check (at most 20).
"""

import csv
import io
import sys

import openpyxl

HEADER = ("municipality_code,municipality,period_start,period_end,priority_no,priority,goal_code,"
          "goal,activity_code,activity,deadline_text,deadline_start,deadline_end,expected_result,"
          "indicator,unit,baseline,target,actual,achievement_pct,status,budget,budget_currency,"
          "budget_eur,funding_source,funding_note,lead_institution,partners,submitted_by,"
          "source_file,source_row").split(",")


def main():
    path, programme = sys.argv[1], sys.argv[2]
    excel = "--excel" in sys.argv
    encoding = "windows-1251" if "windows-1251" in sys.argv else "utf-8"
    failures = []
    raw = open(path, "rb").read()
    if excel and encoding == "utf-8" and not raw.startswith(b"\xef\xbb\xbf"):
        failures.append("no BOM")
    if not excel and raw.startswith(b"\xef\xbb\xbf"):
        failures.append("a BOM without --excel")
    if raw.count(b"\n") != raw.count(b"\r\n"):
        failures.append("line ends are not all CRLF")
    text = raw.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if excel else ","))
    if rows[0] != HEADER:
        failures.append(f"header {rows[0]}")
    records = [dict(zip(HEADER, r)) for r in rows[1:]]

    wb = openpyxl.load_workbook(programme, read_only=True)
    data = [r for r in wb["Данни"].iter_rows(min_row=2, values_only=True) if r[0] is not None]
    if len(records) != len(data):
        failures.append(f"{len(records)} rows, Данни has {len(data)}")

    def num(text):
        if text == "":
            return None
        return float(text.replace(",", ".") if excel else text)

    def code(text):
        # The Excel dialect keeps codes text with an invisible mark (an apostrophe in
        # Windows-1251, taken off with the formula guard's below).
        if excel and encoding == "utf-8":
            if not text.startswith("\u200b"):
                failures.append(f"code {text!r} without its mark")
            return text[1:]
        return text

    def unguard(text):
        # Every CSV zakrila writes marks text a spreadsheet would run as a formula (and text
        # that starts with the mark itself) with one apostrophe in front.
        if text.startswith("'"):
            if not (text[1:2] in ("=", "+", "-", "@", "\t", "\r", "'")
                    or (excel and encoding != "utf-8")):
                failures.append(f"an apostrophe before {text[:20]!r}")
            return text[1:]
        if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
            failures.append(f"text a spreadsheet would run: {text[:20]!r}")
        return text

    numbers = {"priority_no", "baseline", "target", "actual", "achievement_pct", "budget",
               "budget_eur", "source_row", "period_start", "period_end", "deadline_start",
               "deadline_end"}
    for rec in records:
        for key in rec:
            if key not in numbers:
                rec[key] = unguard(rec[key])

    def same(a, b):
        return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-9)

    for i, (rec, d) in enumerate(zip(records, data), start=2):
        def check(ok, what):
            if not ok:
                failures.append(f"line {i}: {what}")
        check(rec["priority_no"] == str(d[0]).split(".")[0], f"priority_no {rec['priority_no']} vs {d[0]}")
        check(d[0].endswith(rec["priority"]), f"priority {rec['priority']}")
        check(code(rec["goal_code"]) == d[1].split(". ")[0], f"goal_code {rec['goal_code']}")
        check(code(rec["activity_code"]) == d[2], f"activity_code {rec['activity_code']} vs {d[2]}")
        check(rec["activity"] == d[3], "activity")
        check(rec["deadline_text"] == d[4], f"deadline_text {rec['deadline_text']}")
        check(rec["expected_result"] == (d[5] or ""), "expected_result")
        check(rec["indicator"] == d[6], "indicator")
        check(rec["unit"] == (d[7] or ""), "unit")
        check(same(num(rec["baseline"]), d[8]), f"baseline {rec['baseline']} vs {d[8]}")
        check(same(num(rec["target"]), d[9]), f"target {rec['target']} vs {d[9]}")
        check(same(num(rec["budget"]), d[10]), f"budget {rec['budget']} vs {d[10]}")
        check(rec["budget_currency"] == d[11], "budget_currency")
        if d[10] is not None:
            eur = round(d[10] / 1.95583, 2) if d[11] == "BGN" else round(d[10], 2)
            check(same(num(rec["budget_eur"]), eur), f"budget_eur {rec['budget_eur']} vs {eur}")
            check(len(rec["budget_eur"].replace(",", ".").split(".")[1]) == 2, "budget_eur decimals")
        check(rec["funding_source"] == (d[12] or ""), "funding_source")
        check(rec["lead_institution"] == d[14], "lead_institution")
        check(rec["partners"] == (d[15] or ""), "partners")
        check(rec["deadline_start"] == d[17].strftime("%Y-%m-%d"), f"deadline_start {rec['deadline_start']}")
        check(rec["deadline_end"] == d[18].strftime("%Y-%m-%d"), f"deadline_end {rec['deadline_end']}")
        check(rec["submitted_by"] == d[20], "submitted_by")
        check(rec["source_file"] == d[21] and "/" not in rec["source_file"], "source_file")
        check(rec["source_row"] == str(d[22]), f"source_row {rec['source_row']}")
        if rec["actual"] and rec["target"]:
            pct = round(num(rec["actual"]) / num(rec["target"]) * 100, 1)
            check(same(num(rec["achievement_pct"]), pct), f"achievement_pct {rec['achievement_pct']} vs {pct}")
        else:
            check(rec["achievement_pct"] == "", "achievement_pct not blank")
    for failure in failures[:20]:
        print(failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
