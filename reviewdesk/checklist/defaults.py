"""The lists a partnership starts with (created on first use: ``actions.ensure_lists``).

The required sections follow what the guide says a report holds. Each lists the headings reviewers
give it, matched loosely (reviewdesk.lib.report_checklist.match_sections). "Background" alone
counts as the child and family, since in a CSPR report a section called just "Background" tells
the child's and family's story; "Background to the review" counts as the reason for the review,
since the longer heading wins (decision record 0057).
"""

SECTIONS: list[tuple[str, list[str]]] = [
    ("Introduction and reason for the review", [
        "Introduction", "Reason for the review", "Reasons for the review",
        "Why this review was carried out", "Why this review was commissioned",
        "Why the review was commissioned", "Purpose of the review", "Background to the review",
        "Circumstances leading to the review", "Decision to undertake the review"]),
    ("Methodology", [
        "Methodology", "Method", "Methods", "How the review was carried out",
        "The review process", "Approach to the review", "Review process",
        "How we did the review", "Approach"]),
    ("The child and family", [
        "The child and family", "Child and family", "About the child", "The child",
        "The family", "Family background", "Background", "Family composition",
        "Voice of the child", "Family involvement", "The child's lived experience"]),
    ("What happened", [
        "What happened", "Summary of events", "Key events", "Chronology", "Narrative",
        "Summary of agency involvement", "Agency involvement", "Period under review",
        "The practice episodes", "Key practice episodes"]),
    ("Analysis and findings", [
        "Analysis", "Findings", "Key findings", "Analysis and findings",
        "Findings and analysis", "Learning", "Key learning", "Themes", "Learning themes",
        "What we have learned", "Learning from the review"]),
    ("Good practice", [
        "Good practice", "Examples of good practice", "What went well", "Strengths",
        "Positive practice"]),
    ("Recommendations", [
        "Recommendations", "Recommendation", "Recommendations for the partnership",
        "What needs to change"]),
    ("Glossary", [
        "Glossary", "Glossary of terms", "Abbreviations", "Acronyms", "Terms used in this report",
        "Key terms"]),
]

# Jargon common in safeguarding reports, with the plain words to use (after the Plain English
# Campaign's A to Z of alternative words and the guide's call for plain English).
JARGON: list[tuple[str, str]] = [
    ("utilise", "use"),
    ("going forward", "from now on, or in future"),
    ("in order to", "to"),
    ("prior to", "before"),
    ("subsequent to", "after"),
    ("in relation to", "about"),
    ("in excess of", "more than"),
    ("commence", "start"),
    ("facilitate", "help, or arrange"),
    ("sought to", "tried to"),
    ("stepped down", "moved to a service with less support (say which)"),
    ("disguised compliance", "seeming to cooperate without making the changes asked for"),
    ("silo working", "agencies working apart, without sharing what they know"),
    ("touch base", "speak to"),
    ("lessons learned", "what we have learned"),
    ("at this moment in time", "now"),
    ("robust", "strong, or thorough (say how)"),
    ("holistic", "whole, or taking everything into account"),
]
