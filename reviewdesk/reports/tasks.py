from django.tasks import task


# A long job: on its own queue, so e-mails and notices never wait behind it.
@task(queue_name="heavy")
def scan_draft(check_id: int) -> str:
    """Scan an uploaded draft in the background worker (see scanning.run_check)."""
    from reviewdesk.reports.scanning import run_check

    return run_check(check_id)
