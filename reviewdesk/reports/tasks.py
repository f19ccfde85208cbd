from django.tasks import task


@task()
def scan_draft(check_id: int) -> str:
    """Scan an uploaded draft in the background worker (see scanning.run_check)."""
    from reviewdesk.reports.scanning import run_check

    return run_check(check_id)
