"""The Insights view's decision pages (issue 17): bus factor, build or hire, the reorg
simulator and rater calibration. Each computes off the UI thread (``page.Worker``) and
only while its tab is shown."""
