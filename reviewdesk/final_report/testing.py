"""For tests and the demo of the stages above: a final report without LibreOffice, made from the
approved version's .docx and a small PDF, through the same store as ``produce``."""

from datetime import date

from reviewdesk.accounts.models import User
from reviewdesk.final_report import actions
from reviewdesk.reports.models import FinalReport
from reviewdesk.reviews.models import Review
from reviewdesk.signoff.testing import clean_report


def small_pdf(text: str = "Local child safeguarding practice review: Child A") -> bytes:
    """A one-page PDF showing ``text`` (ASCII), valid enough for any reader."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            f"%%EOF\n").encode()
    return bytes(out)


def final_report_for(review: Review, *, by: User, on: date) -> FinalReport:
    """The review's final report: the one that stands, or one stored now from the approved
    version (the report must be approved: ``signoff.testing.approve_the_report``)."""
    current = actions.current(review)
    if current is not None:
        return current
    ready = actions.readiness(review)
    ready.refuse()
    assert ready.version is not None
    return actions._store(review, ready.version, by=by, source=FinalReport.Source.CONVERTED,
                          docx=clean_report(), pdf=small_pdf(), stripped={}, text_check={},
                          produced_on=on, on_behalf_of=None)
