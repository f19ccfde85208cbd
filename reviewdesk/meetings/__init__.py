"""Meetings to diarise (learning events, reviewer conversations, briefings) sent as calendar
invitations, answered in the app, attendance on the day.
"""
