"""The lead reviewer's conversations with practitioners, and the areas staff raise. Read by the
lead reviewer(s) only (access.py).
"""
