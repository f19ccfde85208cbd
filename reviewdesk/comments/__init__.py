"""Rounds of comments on a version of the report: opened for a number of working days, comments
anchored to the document's own paragraph numbers, late comments, the lead reviewer's answers and
the comment log. The models are in reviewdesk.reports.models.
"""
