from django.tasks import task


@task()
def deliver_notice(notice_id: int) -> str:
    from reviewdesk.notices.actions import deliver

    return deliver(notice_id)
