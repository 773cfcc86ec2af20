"""Measures and their data: entering and importing values, the cached SPC reading of each
measure, the charts of a project's measures, and bright spots across the city.

- `spc`: the engine, an XmR chart read with the Making Data Count rules. Pure Python: it
  imports without Django (as do `charts` and `icons`).
- `charts`: the SVG chart of an SPC result and its reading in plain English.
- `icons`: the Making Data Count variation and assurance icons, as SVG.
- `parsing`: pasted text and CSV files read into rows, every bad row reported by line.
- `services`: writes (measures, values, imports, rebases) with the project's history, and
  `measure_analysis_refresh`, which keeps each measure's cached reading up to date.
- `selectors`: reads with fixed query counts (a project's charts, bright spots).
- `readings`: what a page shows of a measure: the SVG chart, icons, sentence and table.
- `forms`: validation only.
- `views`: the measure pages and bright spots.

The models (`Measure`, `DataPoint`, `Rebase`) live in `projects.models`.
"""
