"""The same merge with polars and fastexcel (calamine underneath) reading and xlsxwriter
writing: read every Дейности sheet, fill Приоритет and Цел down, stack, write.

Usage: python3 bench/peer_polars.py OUT.xlsx DIR
"""

import pathlib
import sys

import polars as pl


def main():
    out, folder = sys.argv[1], pathlib.Path(sys.argv[2])
    frames = []
    for path in sorted(folder.glob("*.xlsx")):
        frame = pl.read_excel(path, sheet_name="Дейности", engine="calamine",
                              infer_schema_length=0)
        frame = frame.with_columns(
            pl.col("Приоритет").forward_fill(), pl.col("Цел").forward_fill(),
            pl.lit(path.name).alias("Файл"))
        frames.append(frame)
    merged = pl.concat(frames, how="diagonal_relaxed")
    merged.write_excel(out)
    print(f"rows={merged.height}")


if __name__ == "__main__":
    main()
