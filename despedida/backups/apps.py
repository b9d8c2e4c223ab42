from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "despedida.backups"
    label = "backups"

    def ready(self) -> None:
        from despedida.backups import schedule
        from despedida.jobs import register_job

        register_job("backup", schedule.scheduled_backup)
