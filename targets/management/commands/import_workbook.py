from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from targets.workbook.contract import SHEETS, CellError
from targets.workbook.reading import read_workbook
from targets.workbook.service import workbook_import


class Command(BaseCommand):
    help = (
        "Import a workbook in the format of IMPORT_FORMAT.md: every sheet, in order, in one "
        "transaction. Any invalid row: nothing is written and every error is printed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and report, write nothing"
        )
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument(
            "--user",
            help="the user name the import is made as: their committees, their rights in the "
            "quarterly cycle, recorded as the author of every change",
        )
        who.add_argument(
            "--system",
            action="store_true",
            help="import as the system, with an administrator's rights (still no figure of a "
            "submitted or approved quarter)",
        )

    def handle(self, *args, **options) -> None:
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(
                    _("There is no active user “%(name)s”.") % {"name": options["user"]}
                )
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
        try:
            with path.open("rb") as file:
                sheets = read_workbook(file)
        except CellError as error:
            raise CommandError(str(error)) from None
        if not sheets:
            raise CommandError(
                _("The workbook has none of the sheets %(sheets)s.") % {"sheets": ", ".join(SHEETS)}
            )
        result = workbook_import(
            sheets=sheets,
            user=user,
            dry_run=options["dry_run"],
            reason=_("Imported by the import_workbook command from %(file)s") % {"file": path.name},
        )
        if result.errors:
            for line in result.error_lines:
                self.stderr.write(line)
            raise CommandError(
                _("%(count)s errors: nothing was imported.") % {"count": result.error_count}
            )
        present = {sheet.name for sheet in sheets}
        for name, counts in result.counts.items():
            if name not in present:
                continue
            self.stdout.write(
                _("%(sheet)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
                % {
                    "sheet": name,
                    "created": counts.created,
                    "updated": counts.updated,
                    "unchanged": counts.unchanged,
                }
            )
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))
