"""The plainest merge a user would script with pandas and openpyxl: read every
contribution's Дейности sheet, fill Приоритет and Цел down, stack them, write one workbook.

Usage: python3 bench/peer_pandas.py OUT.xlsx DIR
"""

import pathlib
import sys

import pandas as pd


def main():
    out, folder = sys.argv[1], pathlib.Path(sys.argv[2])
    frames = []
    for path in sorted(folder.glob("*.xlsx")):
        frame = pd.read_excel(path, sheet_name="Дейности", engine="openpyxl")
        frame[["Приоритет", "Цел"]] = frame[["Приоритет", "Цел"]].ffill()
        frame["Файл"] = path.name
        frames.append(frame)
    merged = pd.concat(frames, ignore_index=True)
    merged.to_excel(out, index=False, engine="openpyxl")
    print(f"rows={len(merged)}")


if __name__ == "__main__":
    main()
