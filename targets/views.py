"""The screens that show progress: overview, committee dashboard, target detail, report, API.

Each view reads top to bottom: the committee the user may see (404 otherwise), the moment from
the query string (400 with a message if it is malformed), one selector, render. Every number
comes from the progress engine through the selectors.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from districts.access import (
    CommitteePage,
    Rights,
    read_page_with_session,
    remember_standing,
    standing,
    visible_committee_page,
)
from districts.models import Committee, Term
from targets import kept_pages, presenters, progress_cache, selectors
from targets.labels import STATUS_LABELS
from targets.midterm.docx import midterm_document
from targets.midterm.rows import midterm_rows
from targets.midterm.xlsx import midterm_workbook
from targets.models import Target
from targets.overview_xlsx import overview_workbook
from targets.progress_document import dumps_exact, progress_document
from targets.selectors import MomentError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file to save rather than a page to show."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass(frozen=True)
class MomentRequest:
    term_label: str | None
    year: int | None
    quarter: int | None


def _moment_request(params) -> MomentRequest:
    """term, year and quarter from the query string; MomentError for a malformed one. The one
    place a moment is read from a request; whether it exists for the committee is the
    selectors' question."""
    return MomentRequest(
        term_label=(params.get("term") or "").strip() or None,
        year=_whole_number(params, "year", 4),
        quarter=_whole_number(params, "quarter", 1),
    )


def _whole_number(params, name: str, digits: int) -> int | None:
    """A whole number of at most `digits` digits from the query string, None if not given;
    MomentError (a 400 with its message) for anything else: ASCII digits only (int() would
    also take "²" or "٣")."""
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= digits):
        raise MomentError(
            _("%(name)s must be a whole number, not “%(value)s”.")
            % {"name": name, "value": raw[:20]}
        )
    return int(raw)


@dataclass(frozen=True)
class Page:
    """A committee page's request: the committee the user may see, its terms, the chosen term
    and the year and quarter asked for (None for the latest with figures)."""

    committee: Committee
    terms: list[Term]
    term: Term
    year: int | None
    quarter: int | None
    can: Rights  # the user's rights at the committee

    def context(self, year: int, quarter: int, **extra) -> dict:
        """What every committee page shares: the moment picker and the query string it keeps
        (at the moment the selector settled on)."""
        return {
            "committee": self.committee,
            "terms": self.terms,
            "term": self.term,
            "year": year,
            "quarter": quarter,
            "quarters": range(1, 5),
            "moment_query": presenters.moment_query(self.term.label, year, quarter),
            # Part of the keys of the cached parts of templates (with the term's data version).
            "results_version": progress_cache.CODE_VERSION,
            **extra,
        }

    def facts(self, *own) -> tuple:
        """What a kept page (or part) shows besides its term's data and the layout: the
        committee, the moment asked for, the language and the date, then the page's `own`."""
        common = (self.committee.pk, self.year, self.quarter, get_language(), timezone.localdate())
        return (*common, *own)

    def kept(self, request, facts: tuple, render) -> HttpResponse:
        """The page `render(extra_context)` gives, kept (targets.kept_pages) under `facts` and
        the moment picker's terms."""
        terms = [(term.pk, term.label) for term in self.terms]
        return kept_pages.kept_page(request, self.term, (facts, terms), render)


def read_committee(request, code: str) -> CommitteePage:
    """The committee with this code if the user may see it (404 otherwise), its terms and the
    user's rights there, in one statement with the header's facts (where the user stands, the
    quarters they review), which the rest of the request then reads from memory. Read with the
    session if the page asked for it before the session was read (read_page_with_session)."""
    read = visible_committee_page(request.user, code, selectors.waiting_sql, request.session)
    remember_standing(request, read.standing)
    selectors.remember_waiting(request, read.standing, read.column)
    return read


def committee_page(view):
    """For the pages under /committees/<code>/: logged in, GET only, 404 for a committee the
    user's memberships do not cover, 400 with a message for a malformed moment."""

    @login_required
    @require_GET
    @functools.wraps(view)
    def wrapper(request, code: str, **kwargs):
        read = read_committee(request, code)
        try:
            wanted = _moment_request(request.GET)
            term = selectors.pick_term(read.committee, read.terms, wanted.term_label)
            page = Page(read.committee, read.terms, term, wanted.year, wanted.quarter, read.rights)
            return view(request, page, **kwargs)
        except MomentError as error:
            return render(request, "targets/bad_request.html", {"message": str(error)}, status=400)

    @functools.wraps(view)
    def page(request, code: str, **kwargs):
        # Before login_required reads the session: the page's first statement comes with it.
        read_page_with_session(request, code, selectors.waiting_sql)
        return wrapper(request, code, **kwargs)

    return page


@login_required
@require_GET
def home(request):
    """City users land on the overview of their committee, committee users on its dashboard."""
    where = standing(request.user)
    if where.committee is None:
        return render(request, "targets/no_committee.html", status=403)
    name = "targets:overview" if where.sees_overview else "targets:dashboard"
    return redirect(name, code=where.committee.code)


@committee_page
def overview(request, page: Page):
    sort = request.GET.get("sort", "name")
    if request.GET.get("format") == "xlsx":
        return _overview_workbook(page, sort)
    # The table's page: a number out of range shows the first or the last.
    number = _whole_number(request.GET, "page", 6) or 1
    # A country's overview makes a few objects per committee (its term, counts and row) and
    # keeps them to the end: with thousands of committees, each full pass of Python's cycle
    # collector on the way would scan them all again, a third of the page's time when the
    # results are cached. None of them is in a cycle; reference counting frees them.
    with progress_cache.without_cycle_collection():
        # Everything the page shows besides the layout: the data of every committee under it
        # (and whether each has committees below), the moment asked for, the order and the
        # table's page, the date.
        below = list(Term.objects.parallel_under(page.committee, page.term))
        facts = page.facts(selectors.overview_version(page.term, below), sort, number)
        return page.kept(
            request, facts, lambda extra: _overview_page(request, page, sort, number, below, extra)
        )


def _overview_page(
    request, page: Page, sort: str, number: int, below: list, extra: dict
) -> HttpResponse:
    # Every committee's counts (the totals, the order, the trend of all of them); the rows'
    # own trends and heat map for the table's page alone.
    result = selectors.overview(page.committee, page.term, page.year, page.quarter, below)
    rows, sort = presenters.sort_overview(result.rows, sort)
    table = presenters.table_page(rows, number, settings.OVERVIEW_PAGE_SIZE)
    shown = selectors.overview_rows(result, table.rows)
    context = page.context(
        result.year,
        result.quarter,
        result=result,
        rows=rows,
        table=table,
        shown=shown,
        # Called by the template only when its tables are not cached.
        lines=functools.partial(presenters.overview_lines, shown.rows),
        totals=functools.partial(presenters.totals_cells, result),
        today=timezone.localdate().isoformat(),  # overdue quarters change with the date
        sort=sort,
        columns=presenters.overview_columns(),
        bands=presenters.SHARE_BANDS,
        status_count=len(presenters.STATUS_ORDER),
        chart=presenters.overview_chart(shown.rows),
        heat_rows=functools.partial(presenters.heat_rows, shown),
        trend_chart=presenters.trend_chart(result.trend),
        status_legend=[(status, STATUS_LABELS[status]) for status in presenters.STATUS_ORDER],
        **extra,
    )
    return render(request, "targets/overview.html", context)


def _overview_workbook(page: Page, sort: str) -> HttpResponse:
    """Every row, whatever page the screen shows."""
    result = selectors.overview(page.committee, page.term, page.year, page.quarter)
    rows, _sort = presenters.sort_overview(result.rows, sort)
    lines = presenters.overview_lines(selectors.overview_rows(result, rows, heat_map=False).rows)
    columns, totals = presenters.overview_columns(), presenters.totals_cells(result)
    filename = f"tong-quan-{page.committee.code}-{result.year}-Q{result.quarter}.xlsx"
    return _download(overview_workbook(result, lines, columns, totals), XLSX, filename)


@committee_page
def dashboard(request, page: Page):
    can = page.can
    # Everything the page shows besides the term's data and the layout: a viewer never gets
    # a page kept for an editor (its buttons), nor a page of another day (overdue quarters).
    facts = page.facts(page.committee.has_children, can)

    def render_page(extra: dict) -> HttpResponse:
        # The part below the moment picker is shared by everyone with the same facts.
        year, quarter, body = progress_cache.cached_part(
            "dashboard", page.term, facts, lambda: _dashboard_body(request, page, can)
        )
        context = page.context(year, quarter, body=body, **extra)
        return render(request, "targets/dashboard.html", context)

    return page.kept(request, facts, render_page)


def _dashboard_body(request, page: Page, can: Rights) -> tuple[int, int, str]:
    """The dashboard below the moment picker, at the moment it settles on."""
    result = selectors.committee_moment(page.committee, page.term, page.year, page.quarter)
    context = page.context(
        result.year,
        result.quarter,
        result=result,
        # Called by the template only when its tables are not cached.
        groups=functools.partial(_dashboard_groups, page, result.year, result.quarter),
        trend_chart=presenters.trend_chart(result.trend),
        report=selectors.quarterly_report(page.term, result.year, result.quarter),
        has_children=page.committee.has_children,
        overdue=selectors.overdue_quarters(
            page.term, result.reported, up_to=(result.year, result.quarter)
        ),
        prompt=selectors.entry_prompt(page.term, result.reported),
        can=can,
    )
    body = render_to_string("targets/dashboard_body.html", context, request)
    return result.year, result.quarter, body


def _dashboard_groups(page: Page, year: int, quarter: int) -> list[presenters.GroupBlock]:
    rows = selectors.committee_progress(page.committee, page.term, year, quarter).rows
    return presenters.dashboard_groups(rows, year, quarter)


@committee_page
def target_detail(request, page: Page, target: str):
    if "\x00" in target:  # not a code, and PostgreSQL refuses to compare with it
        raise Http404(_("No such target."))
    # Everything the page shows besides this term's data and the layout: the data of the
    # targets below that contribute to it, the moment asked for, the date.
    children = selectors.children_of(page.term, target)
    versions = [(child.pk, child.term_id, child.term.data_version) for child in children]
    facts = page.facts(target, versions)
    return page.kept(
        request, facts, lambda extra: _target_page(request, page, target, children, extra)
    )


def _target_page(request, page: Page, target: str, children: list, extra: dict) -> HttpResponse:
    try:
        detail = selectors.target_detail(
            page.committee, page.term, target, page.year, page.quarter, children
        )
    except Target.DoesNotExist:
        raise Http404(_("No such target.")) from None
    context = page.context(
        detail.year,
        detail.quarter,
        detail=detail,
        chart=presenters.target_chart(detail.timeline, detail.target.unit),
        **extra,
    )
    return render(request, "targets/target_detail.html", context)


@committee_page
def report(request, page: Page):
    result = selectors.committee_progress(page.committee, page.term, page.year, page.quarter)
    midterm = midterm_rows(result)
    quarterly_report = selectors.quarterly_report(page.term, result.year, result.quarter)
    filename = f"bao-cao-{page.committee.code}-{result.year}-Q{result.quarter}"
    if request.GET.get("format") == "xlsx":
        workbook = midterm_workbook(result, midterm, quarterly_report)
        return _download(workbook, XLSX, f"{filename}.xlsx")
    if request.GET.get("format") == "docx":
        document = midterm_document(result, midterm, quarterly_report)
        return _download(document, DOCX, f"{filename}.docx")
    context = page.context(
        result.year,
        result.quarter,
        result=result,
        midterm=midterm,
        quarterly_report=quarterly_report,
    )
    return render(request, "targets/report.html", context)


@require_GET
def api_progress(request):
    """The progress JSON of DESIGN.md. 401 for anonymous users, 404 for a committee the user
    may not see, 400 with a message for bad parameters."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Log in to use the API.")}, status=401)
    code = (request.GET.get("committee") or "").strip()
    if not code:
        return JsonResponse({"error": _("The committee parameter is required.")}, status=400)
    try:
        # No header here: nothing of the reviewer's count is read.
        read = visible_committee_page(request.user, code, ("SELECT NULL", []))
    except Http404:
        return JsonResponse({"error": _("No such committee.")}, status=404)
    committee = read.committee
    try:
        wanted = _moment_request(request.GET)
        term = selectors.pick_term(committee, read.terms, wanted.term_label)
        result = selectors.committee_progress(committee, term, wanted.year, wanted.quarter)
    except MomentError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return HttpResponse(
        dumps_exact(progress_document(result)),
        content_type="application/json",
    )


def _reason(exception) -> str:
    """The message an Http404 or PermissionDenied was raised with (translated lazily or not),
    or "" for none, or one meant for developers (an unmatched URL's)."""
    message = exception.args[0] if exception is not None and exception.args else ""
    return str(message) if isinstance(message, str | Promise) else ""


def not_found(request, exception=None):
    """404 in the user's language, saying what is missing when the view said so."""
    return render(request, "404.html", {"message": _reason(exception)}, status=404)


def forbidden(request, exception=None):
    """403 in the user's language, saying why when the view said so."""
    return render(request, "403.html", {"message": _reason(exception)}, status=403)
