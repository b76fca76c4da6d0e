from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from districts.models import Committee
from targets.progress_document import dumps_exact, progress_csv, progress_table
from targets.selectors import MomentError, committee_progress, current_term, progress_document

FORMATS = ("json", "csv", "table")


class Command(BaseCommand):
    help = "Print the progress of one committee's targets at a quarter (the progress JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True, help="committee code, e.g. TAYHO")
        parser.add_argument("--term", help="term, e.g. 2020-2025 (default: the current one)")
        parser.add_argument("--year", help="year (default: the latest with figures)")
        parser.add_argument("--quarter", help="quarter 1-4 (default: the latest with figures)")
        parser.add_argument("--format", default="json", help="json, csv or table")

    def handle(self, *args, **options) -> None:
        output_format = options["format"]
        if output_format not in FORMATS:
            raise CommandError(
                _("Unknown format “%(format)s”: use json, csv or table.")
                % {"format": output_format}
            )
        year = _optional_int(options["year"], "year")
        quarter = _optional_int(options["quarter"], "quarter")
        committee = Committee.objects.filter(code=options["committee"]).first()
        if committee is None:
            raise CommandError(_("Unknown committee “%(code)s”.") % {"code": options["committee"]})
        try:
            term = current_term(committee, options["term"])
            result = committee_progress(committee, term, year, quarter)
        except MomentError as error:
            raise CommandError(str(error)) from None
        document = progress_document(result)
        if output_format == "json":
            self.stdout.write(dumps_exact(document, indent=2))
        elif output_format == "csv":
            self.stdout.write(progress_csv(document), ending="")
        else:
            self.stdout.write(progress_table(document), ending="")


def _optional_int(raw: str | None, name: str) -> int | None:
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise CommandError(
            _("%(name)s must be a whole number, not “%(value)s”.") % {"name": name, "value": raw}
        ) from None
