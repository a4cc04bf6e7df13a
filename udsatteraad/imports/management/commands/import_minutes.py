"""manage.py import_minutes PATH --council SLUG [--dry-run] [--json] [--report FILE]

Reads one document (PDF, DOCX, HTML or text, detected by content) or every document in a
folder, and creates or updates the council's meetings from them. See docs/import.md.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from udsatteraad.councils.models import Council
from udsatteraad.imports.actions import blocked_message, import_document
from udsatteraad.imports.pipeline import document_paths, parse_file, unsaved_reasons
from udsatteraad.lib.extract import DocumentError
from udsatteraad.policy.guard import PublicationBlocked

OUTCOME_LABELS = {
    "created": "oprettet",
    "updated": "opdateret",
    "unchanged": "uændret",
    "parsed": "læst (prøvekørsel)",
    "failed": "fejlede",
}


class Command(BaseCommand):
    help = "Importér eksisterende dagsordener og referater (PDF, DOCX, HTML eller tekst)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Et dokument eller en mappe med dokumenter.")
        parser.add_argument("--council", required=True, help="Rådets slug, fx »randers«.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Læs og vis, men gem intet."
        )
        parser.add_argument(
            "--json", action="store_true",
            help="Skriv ét JSON-objekt pr. dokument (én linje hver) i stedet for rapporten.",
        )
        parser.add_argument("--report", metavar="FILE", help="Skriv rapporten som JSON til FILE.")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(_("Stien findes ikke: %(path)s") % {"path": path})
        council = Council.objects.filter(slug=options["council"]).first()
        if council is None:
            raise CommandError(
                _("Der findes intet råd med kortnavnet »%(slug)s«.") % {"slug": options["council"]}
            )
        documents, skipped = document_paths(path)
        if not documents:
            raise CommandError(_("Der er ingen dokumenter at læse i %(path)s.") % {"path": path})

        entries = []
        total = len(documents)
        for n, doc in enumerate(documents, start=1):
            entry = self.handle_document(doc, council, options)
            entries.append(entry)
            self.progress(n, total, entry)
        report = build_report(entries, skipped, council, dry_run=options["dry_run"])
        if options["report"]:
            Path(options["report"]).write_text(
                json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        summary = render_report(report)
        if options["json"]:
            self.stderr.write(summary)  # stdout stays pure JSON lines
        else:
            self.stdout.write(summary)
        if report["documents_failed"]:
            raise CommandError(
                ngettext(
                    "%(n)d dokument kunne ikke importeres.",
                    "%(n)d dokumenter kunne ikke importeres.",
                    report["documents_failed"],
                ) % {"n": report["documents_failed"]}
            )

    def progress(self, n: int, total: int, entry: dict) -> None:
        """One line per document on stderr while a folder is read: "[3/20] file: status"."""
        if total < 2:
            return
        status = _(OUTCOME_LABELS[entry["status"]])
        detail = entry.get("error") or ngettext(
            "%(n)d punkt", "%(n)d punkter", entry.get("items", 0)) % {"n": entry.get("items", 0)}
        self.stderr.write(f"[{n}/{total}] {Path(entry['file']).name}: {status}: {detail}")

    def handle_document(self, doc: Path, council: Council, options) -> dict:
        entry: dict = {"file": str(doc)}
        try:
            parsed = parse_file(doc)
        except DocumentError as exc:
            return self.failed(entry, str(exc), options)
        reasons = unsaved_reasons(parsed)
        if reasons:
            # What was read needs a person: the review screen in the secretariat asks for it.
            return self.failed(entry, " ".join([*reasons, _(
                "Importér dokumentet i sekretariatet, hvor det manglende kan udfyldes.")]),
                options)
        if options["dry_run"]:
            status = "parsed"
        else:
            try:
                meeting, status = import_document(council=council, document=parsed)
            except PublicationBlocked as exc:
                # Personal data: nothing of this document is written; the report says where.
                return self.failed(entry, blocked_message(exc), options)
            entry["meeting_id"] = meeting.pk
        if options["json"]:
            self.stdout.write(json.dumps(parsed.as_json(), ensure_ascii=False))
        entry.update(
            status=status,
            format=parsed.format,
            pages=parsed.pages,
            meeting_title=parsed.meeting.title,
            meeting_date=parsed.meeting.date.isoformat() if parsed.meeting.date else None,
            items=len(parsed.items),
            fields_missing=parsed.missing_fields(),
            warnings=parsed.warnings,
        )
        return entry

    def failed(self, entry: dict, error: str, options) -> dict:
        entry.update(status="failed", error=error)
        if options["json"]:
            self.stderr.write(json.dumps(entry, ensure_ascii=False))
        else:
            self.stderr.write(f"{entry['file']}: {error}")
        return entry


def build_report(entries: list[dict], skipped: list[Path], council, *, dry_run: bool) -> dict:
    return {
        "council": council.slug,
        "dry_run": dry_run,
        "documents_read": len(entries),
        "documents_failed": sum(1 for e in entries if e["status"] == "failed"),
        "items_found": sum(e.get("items", 0) for e in entries),
        "skipped": [str(s) for s in skipped],
        "documents": entries,
    }


def render_report(report: dict) -> str:
    lines = [
        _("Importrapport for %(council)s%(dry)s") % {
            "council": report["council"],
            "dry": _(" (prøvekørsel, intet gemt)") if report["dry_run"] else "",
        },
        _("Dokumenter læst: %(n)d, fejlede: %(f)d, punkter fundet: %(i)d") % {
            "n": report["documents_read"], "f": report["documents_failed"],
            "i": report["items_found"],
        },
    ]
    for entry in report["documents"]:
        status = _(OUTCOME_LABELS[entry["status"]])
        if entry["status"] == "failed":
            lines.append(f"- {entry['file']}: {status}: {entry['error']}")
            continue
        lines.append(
            f"- {entry['file']}: {status}: »{entry['meeting_title']}« {entry['meeting_date']}, "
            + ngettext("%(n)d punkt", "%(n)d punkter", entry["items"]) % {"n": entry["items"]}
        )
        for field, labels in entry["fields_missing"].items():
            lines.append(
                "    " + _("mangler %(field)s: %(items)s") % {
                    "field": FIELD_LABELS.get(field, field), "items": ", ".join(labels)
                }
            )
        for warning in entry["warnings"]:
            lines.append("    " + _("advarsel: %(text)s") % {"text": warning})
    for path in report["skipped"]:
        lines.append(_("- %(file)s: sprunget over (ikke et dokumentformat)") % {"file": path})
    return "\n".join(lines)


FIELD_LABELS = {
    "case_number": "sagsnummer",
    "recommendations": "indstilling",
    "decision": "beslutning",
    "case_presentation": "sagsfremstilling",
}
