"""The final report as it will be published: a PDF made from the approved .docx with LibreOffice, or
the reviewer's own PDF checked against it, with hidden content stripped. The
models are in reviewdesk.reports.models.
"""
