"""Backups of the whole deployment (the database and every stored file, in one archive) and
their restore: ``manage.py backup`` and ``manage.py restore`` (docs/production.md)."""
from django.apps import AppConfig

# Registered here (codes are never reused: audit/events.py).
EVENTS: dict[str, tuple[str, str]] = {
    "backups.backup_taken": ("A backup of the database and stored files was taken",
                             "took a backup"),
    "backups.restored": ("The database and stored files were restored from a backup",
                         "restored a backup"),
}


class BackupsConfig(AppConfig):
    name = "reviewdesk.backups"
    label = "backups"
    verbose_name = "Backups"

    def ready(self) -> None:
        from reviewdesk.audit import events

        for code, (description, phrase) in EVENTS.items():
            events.register(code, description, phrase)
