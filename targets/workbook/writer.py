"""The bulk write of everything an import validated, in the contract's order so that each
sheet's rows have the ids the next sheet needs; a history record per row through
django-simple-history's bulk helpers."""

from __future__ import annotations

from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from districts.models import Committee, Term
from targets.models import AnnualPlan, Figure, Programme, Revision, Target
from targets.workbook import contract as book
from targets.workbook.copying import create_with_history
from targets.workbook.validators.base import Pending, PendingRows

BATCH = 2000


class Writer:
    def __init__(self, importer):
        self.importer = importer
        self.pending = importer.pending
        self.history = {"default_user": importer.user, "default_change_reason": importer.reason}
        self.creation = {"user": importer.user, "reason": importer.reason}

    def write(self) -> None:
        self.committees()
        self.written(book.COMMITTEES)
        for sheet, model, history in (
            (book.TERMS, Term, False),
            (book.PROGRAMMES, Programme, False),
            (book.TARGETS, Target, True),
        ):
            self.objects(model, self.pending[sheet], history)
            self.written(sheet)
        self.new_parents()
        self.rows(AnnualPlan, self.pending[book.PLANS], ("year",))
        self.written(book.PLANS)
        self.rows(Figure, self.pending[book.FIGURES], ("year", "quarter"))
        self.written(book.FIGURES)
        self.rows(
            Revision, self.pending[book.REVISIONS], ("plan_year", "from_year", "from_quarter")
        )
        self.written(book.REVISIONS)

    def written(self, sheet: str) -> None:
        """Tell the import's progress how many rows of a sheet were written (new or changed)."""
        if self.importer.progress is not None:
            pending = self.pending[sheet]
            self.importer.progress.rows_written(len(pending.created) + len(pending.updated))

    def written_terms(self) -> set[int]:
        """The ids of the terms whose rows this import wrote (for data_changed())."""
        ids = {target.term_id for target, _parent in self.importer.new_parents}
        for sheet in (book.TERMS, book.PROGRAMMES, book.TARGETS):
            pending = self.pending[sheet]
            for obj in [*pending.created, *pending.updated.values()]:
                ids.add(obj.pk if isinstance(obj, Term) else obj.term_id)
        terms = self.importer.lookups.terms
        for sheet in (book.PLANS, book.FIGURES, book.REVISIONS):
            ids.update(terms[key].pk for key in self.pending[sheet].terms)
        return ids

    def committees(self) -> None:
        pending = self.pending[book.COMMITTEES]
        parents = self.importer.new_committee_parents
        if pending.created:
            # Parents that are new themselves are set once every new committee has an id.
            for committee, _parent in parents:
                committee.parent = None
            Committee.objects.bulk_create(pending.created)
            for committee, parent in parents:
                committee.parent = parent
            Committee.objects.bulk_update([committee for committee, _p in parents], ["parent"])
        self.update(Committee, pending, history=False)

    def objects(self, model, pending: Pending, history: bool) -> None:
        for obj in pending.created:
            refresh_foreign_keys(obj)
        if pending.created and history:
            fields = [field.attname for field in model._meta.concrete_fields
                      if not field.primary_key]  # fmt: skip
            rows = ({name: getattr(obj, name) for name in fields} for obj in pending.created)
            ids = create_with_history(model, rows, len(pending.created), **self.creation)
            for obj, pk in zip(pending.created, ids, strict=True):
                obj.pk = pk
                obj._state.adding = False
        elif pending.created:
            model.objects.bulk_create(pending.created, batch_size=BATCH)
        self.update(model, pending, history)

    def new_parents(self) -> None:
        parents = self.importer.new_parents
        if not parents:
            return
        for target, parent in parents:
            target.parent = parent
        targets = [target for target, _parent in parents]
        bulk_update_with_history(targets, Target, ["parent"], batch_size=BATCH, **self.history)

    def update(self, model, pending: Pending, history: bool) -> None:
        if not pending.updated:
            return
        objects = list(pending.updated.values())
        fields = sorted(pending.fields)
        if history:
            bulk_update_with_history(objects, model, fields, batch_size=BATCH, **self.history)
        else:
            model.objects.bulk_update(objects, fields, batch_size=BATCH)

    def rows(self, model, pending: PendingRows, keys: tuple[str, ...]) -> None:
        """New plans or figures as instances made of their keys and values; changed ones read
        back (only those) and updated, each with its history record."""
        targets = self.importer.lookups.targets
        user = self.importer.user
        stamp = {}
        if model is Figure:
            stamp = {"updated_by_id": getattr(user, "pk", None)}
        elif model is Revision:
            stamp = {"created_by_id": getattr(user, "pk", None)}
        rows = (
            {"target_id": targets[target_key].pk, **dict(zip(keys, rest, strict=True)), **values,
             **stamp}
            for target_key, *rest, values in pending.created
        )  # fmt: skip
        create_with_history(model, rows, len(pending.created), **self.creation)
        stamp = {"updated_by": user} if model is Figure else {}
        if pending.updated:
            self.changed_rows(model, pending.updated, stamp)

    def changed_rows(self, model, updated: dict[int, dict], stamp: dict) -> None:
        fields = {name for values in updated.values() for name in values}
        if stamp:
            stamp = {**stamp, "updated_at": timezone.now()}
            fields.update(stamp)
        ids = list(updated)
        for start in range(0, len(ids), BATCH):
            objects = list(model.objects.filter(pk__in=ids[start : start + BATCH]))
            for obj in objects:
                for name, value in {**updated[obj.pk], **stamp}.items():
                    setattr(obj, name, value)
            bulk_update_with_history(objects, model, sorted(fields), **self.history)


def refresh_foreign_keys(obj) -> None:
    """Copy the ids of related objects created earlier in this import into the *_id fields
    (Django does this on save(); bulk_create needs it done here)."""
    for model_field in obj._meta.concrete_fields:
        if model_field.is_relation and model_field.many_to_one:
            related = model_field.get_cached_value(obj, default=None)
            if related is not None and getattr(obj, model_field.attname) != related.pk:
                setattr(obj, model_field.attname, related.pk)
