"""What the report must contain, version by version: required sections, plain English, open
identifying findings and recommendations, each with how it was judged, and the business manager's
reasons for accepting an item as it is. The models are in
reviewdesk.reports.models.
"""
