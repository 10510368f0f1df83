"""Extraction of the three statistical tables from annual reports — 年报表格抽取.

`xxgk extract FILES_OR_DIRS... --out DIR` writes the raw seed CSVs described in
`seeds/raw/README.md`. Modules: `decode` (bytes → text), `sources` (file formats → lines),
`cells` (lines → number runs), `tables` (runs → template cells), `narrative` (the figures
that section 一 restates), `report` (one file), `writer` (CSV files), `command` (the CLI).
"""
