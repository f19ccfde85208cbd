"""Telling practitioners about the review and keeping them informed: the first notice, updates
(terms of reference, meetings, advice), progress, and their questions.
"""
