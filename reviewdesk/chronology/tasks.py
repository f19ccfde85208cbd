from django.tasks import task


# A long job: on its own queue, so e-mails and notices never wait behind it.
@task(queue_name="heavy")
def check_submission(submission_id: int) -> str:
    """Check an uploaded chronology file in the background worker, saving progress as it goes
    (see actions.run_check)."""
    from reviewdesk.chronology.actions import run_check

    return run_check(submission_id)


@task()
def rebuild_search_text(review_id: int) -> int:
    """Build the anonymised search text of the review's current entries at its register's
    version (see search_text.rebuild): after a change to the register or an accepted chronology."""
    from reviewdesk.chronology.search_text import rebuild

    return rebuild(review_id)
