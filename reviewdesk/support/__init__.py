"""Support for staff throughout a review: offers, "I can't get the support I need", the
agencies' services, managers' team sessions.
"""
