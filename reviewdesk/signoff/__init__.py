"""Signing off the report in the guide's order: the subgroup, the Executive Group (and its decision on
publication), the three safeguarding partners, all on one version; the review's six-month clock;
whether a learning review's report will be published. The models are in
reviewdesk.reports.models.
"""
