"""WorkupReport: everything the summary template shows, already decided.

Built from one workup's facts and evaluation (the frozen copies for a signed workup) plus the
patient's earlier workups for the trends. The template only prints what is here: which boxes
appear, labels, CSS classes and the order of things are all computed in this package. No ORM
access: :mod:`summaries.sources` gathers the inputs.
"""

from summaries.report.build import build_report
from summaries.report.parts import SummaryInput, TrendPoint, WorkupReport

__all__ = ["SummaryInput", "TrendPoint", "WorkupReport", "build_report"]
