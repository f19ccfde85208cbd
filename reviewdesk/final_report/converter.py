"""Word to PDF with LibreOffice in headless mode (docs/decisions/0059).

Each conversion runs in a fresh temporary folder with its own LibreOffice profile
(``-env:UserInstallation``), so two conversions at once (two workers, two test processes) never
share a profile or its lock file. It runs without a network where the machine allows it (``unshare
-rn``: a new network namespace with no interfaces), with no proxy settings in its environment, and
is stopped after ``TIMEOUT_SECONDS``. The .docx it is given has already had its links to outside
files removed (``strip_docx``), so nothing in it asks to be fetched either way.

Measured on the two-core build machine (LibreOffice 7.4): about 0.9 s for a 20,000-word report,
the profile's first start included, so conversion runs during the request that asks for it.
"""

import functools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

# Debian's package with Writer and no desktop: what `.ci/run` installs and the page names.
PACKAGE = "libreoffice-writer-nogui"
TIMEOUT_SECONDS = 120


class ConversionFailed(Exception):
    """LibreOffice could not make a PDF; the message says why and what to do."""


def soffice_path() -> str | None:
    """LibreOffice's command, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@functools.cache
def _isolating_prefix() -> tuple[str, ...]:
    """``unshare -rn`` where this machine lets us make a network namespace (root, or user
    namespaces allowed); nothing where it does not."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    try:
        done = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=10,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return ()
    return (unshare, "-rn") if done.returncode == 0 else ()


def network_isolated() -> bool:
    return bool(_isolating_prefix())


def docx_to_pdf(docx: bytes, *, timeout: int = TIMEOUT_SECONDS) -> bytes:
    """The PDF LibreOffice makes of this .docx. Raises ConversionFailed."""
    soffice = soffice_path()
    if soffice is None:
        raise ConversionFailed(f"LibreOffice is not installed on the server. Ask whoever runs "
                               f"Review Desk to install the Debian package {PACKAGE}, or upload "
                               "the lead reviewer's own PDF instead.")
    with tempfile.TemporaryDirectory(prefix="reviewdesk-pdf-") as folder:
        work = Path(folder)
        source, out, profile = work / "report.docx", work / "out", work / "profile"
        source.write_bytes(docx)
        command = [*_isolating_prefix(), soffice, f"-env:UserInstallation={profile.as_uri()}",
                   "--headless", "--invisible", "--norestore", "--nolockcheck", "--nologo",
                   "--nodefault", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out),
                   str(source)]
        # A bare environment: no proxy settings, and a home inside the temporary folder.
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(work),
               "LANG": "C.UTF-8", "TMPDIR": str(work)}
        try:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       env=env, cwd=work, start_new_session=True)
        except OSError as exc:
            raise ConversionFailed(f"LibreOffice could not be started ({exc.strerror}). Ask "
                                   "whoever runs Review Desk to check its installation.") from None
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            # soffice starts soffice.bin: stop the whole group, not just the script.
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionFailed(f"LibreOffice took more than {timeout} seconds to make the "
                                   "PDF and was stopped. Try again; if it happens again, upload "
                                   "the lead reviewer's own PDF instead.") from None
        pdf = out / "report.pdf"
        if process.returncode != 0 or not pdf.exists():
            detail = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise ConversionFailed("LibreOffice could not make a PDF of this report "
                                   f"({detail[0][:200]}). Open the Word document, save it again "
                                   "and upload it as a new version, or upload the lead "
                                   "reviewer's own PDF instead.")
        return pdf.read_bytes()
