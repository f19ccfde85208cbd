"""Meetings to diarise (learning events, reviewer conversations, briefings) sent as calendar
invitations, answered in the app, attendance on the day (issue 16, sections 2 and 3).
"""
