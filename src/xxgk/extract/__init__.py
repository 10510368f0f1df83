"""Extraction of the three statistical tables from annual reports — 年报表格抽取.

`xxgk extract FILES_OR_DIRS... --out DIR` writes the raw files described in
`data/raw/README.md`. Modules: `decode` (bytes → text), `sources` (file formats → lines;
`pdfium_objects`: PDF pages for pdfplumber), `cells` (lines → number runs), `tables` (runs →
template cells), `narrative` (the figures that section 一 restates), `report` (one file),
`outcome` (one file's rows), `pool` (worker processes), `duplicates`, `writer` (the raw files,
`raw_format`), `run` (one run: files in, the raw files out; `xxgk extract` is
`xxgk.cli.extract`).

Layouts: `template` (codes, labels and their `aliases`), `rowlabels` (which row a run's label
names, and how surely), `table3` / `table4` (placing rows by label or by a consistent order),
`results` (placed cells, refusals), `html` and `wordml` (web pages and Word documents),
`title` (agency and year), `segment` / `glued` (digits run together), `format2019` (the 2019
trial format), `variants` (those applied to one file).
"""
