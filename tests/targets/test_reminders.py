"""The reminder e-mails: who is chased for which late quarters, and for which term."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import default_task_backend
from django.utils import timezone

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_2021(monkeypatch):
    """The command runs on 1 May 2021, while the 2020–2025 term of the fixtures is chased."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2021, 5, 1))


def test_the_reminder_mails_the_editors_of_late_committees(late_tayho, tayho_editor):
    tayho_editor.email = "tayho@example.vn"
    tayho_editor.save()
    call_command("remind_overdue", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["tayho@example.vn"]
    assert "Đảng bộ quận Tây Hồ" in message.subject
    assert "/committees/TAYHO/entry/2020/3/" in message.body
    assert "Thiếu CT01" in message.body  # the returned quarter, with the reviewer's comment
    assert "/committees/TAYHO/entry/2020/1/" not in message.body


def test_the_command_only_queues_the_mails_for_the_worker(late_tayho, tayho_editor, settings):
    # With a backend that keeps tasks without running them, nothing is sent by the command
    # itself: a slow mail server holds only the worker.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    tayho_editor.email = "tayho@example.vn"
    tayho_editor.save()
    out = io.StringIO()
    call_command("remind_overdue", stdout=out)
    assert not mail.outbox
    (queued,) = default_task_backend.results
    assert queued.task.name == "send_reminder"
    assert queued.args[2] == ["tayho@example.vn"]
    assert "Đã xếp 1 thư vào hàng đợi gửi." in out.getvalue()


def test_a_dry_run_sends_nothing(late_tayho, tayho_editor, capsys):
    tayho_editor.email = "tayho@example.vn"
    tayho_editor.save()
    call_command("remind_overdue", "--dry-run")
    assert not mail.outbox
    assert "TAYHO" in capsys.readouterr().out


def test_the_reminders_and_the_pages_agree_on_the_current_term(tayho):
    from targets.reminders import committee_reminders
    from targets.selectors import current_term
    from tests.factories import make_term

    old = make_term(tayho, 2015, 2020, congress=5)
    new = make_term(tayho, 2020, 2025, congress=6)  # in 2020 both are running
    today = D(2020, 11, 1)
    assert current_term(tayho, today=today) == new
    (reminder,) = committee_reminders(today)
    assert reminder.term == new != old


def test_an_ended_term_is_chased_until_its_last_quarters_due_date():
    from targets import deadlines
    from tests.factories import make_committee, make_term

    term = make_term(make_committee("TAYHO"), 2020, 2025, congress=6)
    assert deadlines.term_chased(term, D(2026, 1, 15), 15)  # 2025 Q4 is due on 15 January
    assert not deadlines.term_chased(term, D(2026, 1, 16), 15)


def test_a_dissolved_district_is_no_longer_reminded_but_the_ward_that_replaced_it_is(
    late_tayho, tayho_editor, capsys, monkeypatch
):
    # In 2026 the district of Tây Hồ has only its ended 2020–2025 term; the ward has 2025–2030.
    from tests.factories import make_committee, make_membership, make_target, make_term

    ward = make_committee("PTAYHO", parent=late_tayho.committee.parent, name="Phường Tây Hồ")
    make_target(make_term(ward, 2025, 2030, congress=1), code="CT01")
    make_membership(tayho_editor, ward, "editor")
    tayho_editor.email = "tayho@example.vn"
    tayho_editor.save()
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2026, 11, 22))
    call_command("remind_overdue", "--dry-run")
    out = capsys.readouterr().out
    assert "PTAYHO:" in out
    assert "TAYHO:" not in out.replace("PTAYHO:", "")
