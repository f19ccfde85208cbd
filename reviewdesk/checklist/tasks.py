"""The checklist's background work: worked out after a version's upload commits. It loads the
language model's parser (about a second, once per worker) and reads the whole report (about a
second for 20,000 words), so it goes on the heavy queue with the publication check, never ahead
of e-mails."""

from django.tasks import task

from reviewdesk.audit.context import as_system


@task(queue_name="heavy")
def work_out_checklist(version_id: int) -> str:
    from reviewdesk.checklist.actions import work_out
    from reviewdesk.reports.models import ReportVersion

    version = ReportVersion.objects.filter(pk=version_id).select_related("review").first()
    if version is None:
        return "gone"
    with as_system("the report checklist"):
        work_out(version)
    return "done"
