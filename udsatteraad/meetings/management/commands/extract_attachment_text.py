"""manage.py extract_attachment_text [--all]: fill Attachment.text for attachments uploaded
before the text was extracted on upload, and bring the search index up to date for their
meetings. Attachments with a file but no text are read; --all reads every file again."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from udsatteraad.meetings.attachments import DOCX, PDF, detect_content_type, extract_text
from udsatteraad.meetings.models import Attachment, Meeting
from udsatteraad.policy.public import follow_publication


class Command(BaseCommand):
    help = "Udtræk teksten af PDF- og DOCX-bilag, så den kan søges i."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true",
                            help="Læs alle bilag igen, også dem, der allerede har tekst.")

    def handle(self, *args, **options):
        rows = Attachment.objects.exclude(file="").select_related("item").order_by("pk")
        if not options["all"]:
            rows = rows.filter(text="")
        read = filled = missing = 0
        meeting_ids: set[int] = set()
        for att in rows.iterator(chunk_size=200):
            try:
                with att.file.open("rb") as fh:
                    content_type = att.content_type or detect_content_type(fh) or ""
                    if content_type not in (PDF, DOCX):
                        continue
                    read += 1
                    text = extract_text(fh, content_type)
            except OSError:  # the row outlived its file
                missing += 1
                continue
            if text != att.text:
                att.text = text
                att.save(update_fields=["text"])
                meeting_ids.add(att.item.meeting_id)
            filled += bool(text)
        for meeting in Meeting.objects.filter(pk__in=meeting_ids).order_by("pk"):
            with transaction.atomic():
                follow_publication(meeting)
        self.stdout.write(
            _("%(read)s bilag læst, %(filled)s med tekst, %(missing)s filer mangler; "
              "%(meetings)s møder opdateret i søgningen.")
            % {"read": read, "filled": filled, "missing": missing, "meetings": len(meeting_ids)})
