"""The Insights view's decision pages (issue 17).

Bus factor, build or hire, the reorg simulator and rater calibration. Each computes off the
UI thread (``ui.latest.LatestOnly``) and only while its tab is shown.
"""
