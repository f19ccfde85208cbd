"""The practitioners on a review and their managers: the list, adding them one at a time or from a
pasted list or CSV, their sign-ins. Every staff-side record's model lives here
(models.py); the apps above use them: informing, meetings, conversations, support.
"""
