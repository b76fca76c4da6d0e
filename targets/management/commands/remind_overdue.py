"""E-mail the editors of committees whose quarters are overdue or were returned to them."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from districts.models import Committee, Membership
from targets.reminders import committee_reminders
from targets.tasks import send_reminder


class Command(BaseCommand):
    help = (
        "E-mail the editors of every committee with overdue quarters (due REPORT_DUE_DAYS after "
        "the quarter ends) or quarters returned by a reviewer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="print who would be written to, send nothing"
        )

    def handle(self, *args, **options) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            reminders = committee_reminders(timezone.localdate())
            messages = []
            for reminder in reminders:
                editors = list(
                    Membership.objects.filter(
                        committee=reminder.committee, role=Membership.Role.EDITOR
                    )
                    .exclude(user__email="")
                    .filter(user__is_active=True)
                    .values_list("user__email", flat=True)
                )
                if not editors:
                    self.stdout.write(
                        _("%(committee)s: no editor with an e-mail address to remind.")
                        % {"committee": reminder.committee.code}
                    )
                    continue
                messages.append((reminder.subject, _body(reminder), None, editors))
                self.stdout.write(
                    _("%(committee)s: %(count)s quarters to remind %(editors)s of.")
                    % {
                        "committee": reminder.committee.code,
                        "count": len(reminder.overdue) + len(reminder.returned),
                        "editors": ", ".join(editors),
                    }
                )
            if options["dry_run"]:
                self.stdout.write(_("Dry run: nothing was sent."))
                return
            # Each e-mail is a task: the worker sends it, so a slow mail server holds neither
            # this command nor anything else.
            for subject, body, _sender, recipients in messages:
                send_reminder.enqueue(subject, body, recipients)
            self.stdout.write(_("%(count)s e-mails queued.") % {"count": len(messages)})


def _body(reminder) -> str:
    lines = [_("Dear colleagues of %(committee)s,") % {"committee": reminder.committee.name}, ""]
    if reminder.overdue:
        lines.append(_("These quarters are past their due date and have not been submitted:"))
        lines += [f"  - {quarter}/{year}: {_entry_url(reminder.committee, year, quarter)}"
                  for year, quarter in reminder.overdue]  # fmt: skip
        lines.append("")
    if reminder.returned:
        lines.append(_("These quarters were returned by the reviewer and wait for corrections:"))
        lines += [f"  - {report.quarter}/{report.year}: {report.review_comment} "
                  f"{_entry_url(reminder.committee, report.year, report.quarter)}"
                  for report in reminder.returned]  # fmt: skip
        lines.append("")
    lines.append(_("— Chỉ tiêu"))
    return "\n".join(lines)


def _entry_url(committee: Committee, year: int, quarter: int) -> str:
    path = reverse("targets:entry", args=[committee.code, year, quarter])
    return settings.SITE_URL.rstrip("/") + path
