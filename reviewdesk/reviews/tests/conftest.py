"""The review pages' tests.

(The browser set-up, Debian's Chromium for pytest-playwright, is in the root conftest.py.)
"""
