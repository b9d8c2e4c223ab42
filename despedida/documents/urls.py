"""Addresses of the documents (under /letters/, where the PDF download has always been)."""

from django.urls import path

from despedida.documents import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/pdf/", views.letter_pdf_download, name="letter_pdf"),
]
