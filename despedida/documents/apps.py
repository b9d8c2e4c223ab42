"""The documents app: letters and the formal demand as PDF on the letterhead, and the client dossier."""

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "despedida.documents"
    label = "documents"

    def ready(self) -> None:
        from despedida.documents.letter_document import letter_attachments
        from despedida.outbox.attachments import register_attachments

        register_attachments("letter_pdf", letter_attachments)
