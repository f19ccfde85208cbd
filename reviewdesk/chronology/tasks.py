from django.tasks import task


@task()
def check_submission(submission_id: int) -> str:
    """Check an uploaded chronology file in the background worker, saving progress as it goes
    (see services.run_check)."""
    from reviewdesk.chronology.services import run_check

    return run_check(submission_id)
