"""The lead reviewer's conversations with practitioners, and the areas staff raise (issue 16,
section 3). Read by the lead reviewer(s) only (access.py).
"""
