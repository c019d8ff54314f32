"""Self-contained HTML reports: one organisation's (``group_report``) and a cohort's
(``cohort_report``).

A report is one HTML text: charts embedded as inline SVG named for screen readers (PNG with
``alt`` when an SVG would be heavy), CSS inline, no external resource and no JavaScript, so it
can be e-mailed, archived or opened offline. Every organisation name and
every free text comes through :func:`html.escape`; nothing from the data can become markup.

One module per job, the public names re-exported here:

* :mod:`~toolkit.report.group` — :func:`group_report`, one organisation;
* :mod:`~toolkit.report.cohort` — :func:`cohort_report`, a cohort (its numbers come from
  :mod:`toolkit.cohort`);
* :mod:`~toolkit.report.reference` — methodology and sources, :func:`read_reference`;
* :mod:`~toolkit.report.markup` — the page shell, CSS, :func:`esc`, table cells and tables;
* :mod:`~toolkit.report.figures` — figures with their text alternatives, rendered together
  in forked processes (:func:`~toolkit.report.figures.render_figures`).

>>> from toolkit import report
>>> html = report.group_report(submission, lang="fr")          # doctest: +SKIP
>>> report.write_cohort_report(["data/sample_cohort"], "cohorte.html", lang="fr")  # doctest: +SKIP
"""

from __future__ import annotations

from .cohort import MAX_ROWS, SEGMENT_TITLES, cohort_report, write_cohort_report
from .figures import PLACEHOLDER
from .group import group_report, write_group_report
from .markup import CSS, FLAG_LEVELS, esc
from .reference import METHOD, read_reference

__all__ = [
    "CSS",
    "FLAG_LEVELS",
    "MAX_ROWS",
    "METHOD",
    "PLACEHOLDER",
    "SEGMENT_TITLES",
    "cohort_report",
    "esc",
    "group_report",
    "read_reference",
    "write_cohort_report",
    "write_group_report",
]
