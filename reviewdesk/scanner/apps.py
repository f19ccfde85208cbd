from django.apps import AppConfig


class ScannerConfig(AppConfig):
    """The identifier scanner. The library itself needs no Django; the app adds its command."""

    name = "reviewdesk.scanner"
    verbose_name = "Identifier scanner"
