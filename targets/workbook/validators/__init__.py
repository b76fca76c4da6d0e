"""One validator per sheet of the contract, in the order the sheets are imported."""

from targets.workbook import contract as book
from targets.workbook.validators.committees import CommitteeValidator
from targets.workbook.validators.figures import (
    FigureValidator,
    PlanValidator,
    RevisionValidator,
)
from targets.workbook.validators.targets import TargetValidator
from targets.workbook.validators.terms import ProgrammeValidator, TermValidator

VALIDATORS = {
    book.COMMITTEES: CommitteeValidator,
    book.TERMS: TermValidator,
    book.PROGRAMMES: ProgrammeValidator,
    book.TARGETS: TargetValidator,
    book.PLANS: PlanValidator,
    book.FIGURES: FigureValidator,
    book.REVISIONS: RevisionValidator,
}
