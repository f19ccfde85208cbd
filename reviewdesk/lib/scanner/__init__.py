"""Publication-safety scanner: finds a review's registered identities in free text."""

from reviewdesk.lib.scanner.matcher import Finding, RegisterMatcher

__all__ = ["Finding", "RegisterMatcher"]
