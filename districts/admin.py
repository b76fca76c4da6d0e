from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from districts.access import NOT_YOUR_OWN, committee_parent_refusal, membership_refusal
from districts.models import Committee, Membership, Term

User = get_user_model()


class CommitteeScopedAdmin(admin.ModelAdmin):
    """Admin whose rows, and foreign-key choices, are limited to the committees the user's
    memberships cover. Superusers see everything.

    `committee_path` is the lookup from the model to its committee ("" for Committee itself).
    """

    committee_path = "committee"
    # Figures are typed the Vietnamese way: 1.075,5.
    formfield_overrides = {models.DecimalField: {"localize": True}}
    # Foreign keys to limit, with the lookup from the related model to its committee.
    scoped_foreign_keys: dict[str, str] = {}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        return scope_to_user(queryset, self.committee_path, request.user)

    def get_object(self, request, object_id, from_field=None):
        """A row outside the user's committees is missing: 404, as on every other screen
        (Django's admin would redirect to its index with a message)."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such row, or not within your committees."))
        return obj

    # Admin writes are writes like any other: the terms they touch get a new data version,
    # in the admin's own transaction, so that no page shows results cached before them.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _data_changed(self.terms_of([obj]))

    def delete_model(self, request, obj):
        terms = self.terms_of([obj])
        super().delete_model(request, obj)
        _data_changed(terms)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            terms = self.terms_of(queryset)
            super().delete_queryset(request, queryset)
            _data_changed(terms)

    def terms_of(self, rows) -> set[int]:
        """The ids of the terms whose data these rows are part of. The committees and terms
        here; the admins of other apps' rows name theirs."""
        return Term.objects.ids_of(list(rows))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        path = self.scoped_foreign_keys.get(db_field.name)
        if path is not None and "queryset" not in kwargs:
            queryset = db_field.remote_field.model._default_manager.all()
            kwargs["queryset"] = scope_to_user(queryset, path, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _data_changed(term_ids: set[int]) -> None:
    if term_ids:
        Term.objects.filter(pk__in=sorted(term_ids)).data_changed()


def scope_to_user(queryset: QuerySet, committee_path: str, user) -> QuerySet:
    if user.is_superuser:
        return queryset
    lookup = f"{committee_path}__in" if committee_path else "pk__in"
    return queryset.filter(**{lookup: Committee.objects.covered_by(user).values("pk")})


class CommitteeForm(forms.ModelForm):
    """A committee is placed only where districts.access.committee_parent_refusal allows."""

    user = None  # set by CommitteeAdmin.get_form

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        refusal = committee_parent_refusal(self.user, committee=self.instance, parent=parent)
        if refusal is not None:
            raise forms.ValidationError(refusal)
        return parent


@admin.register(Committee)
class CommitteeAdmin(CommitteeScopedAdmin):
    committee_path = ""
    # The parent is chosen among every committee, so that one's own committee keeps the parent
    # it has above one's memberships; where it may go is the form's rule.
    scoped_foreign_keys = {}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (CommitteeForm, form), {"user": request.user})

    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(Term)
class TermAdmin(CommitteeScopedAdmin):
    scoped_foreign_keys = {"committee": ""}
    list_display = ["committee", "label", "congress_display", "start_quarter"]
    list_filter = ["start_year", "end_year"]
    search_fields = ["committee__code", "committee__name"]
    list_select_related = ["committee"]
    autocomplete_fields = ["committee"]

    @admin.display(description=_("term"), ordering="start_year")
    def label(self, obj: Term) -> str:
        return obj.label

    @admin.display(description=_("congress"), ordering="congress")
    def congress_display(self, obj: Term) -> str:
        return obj.congress_roman


class MembershipForm(forms.ModelForm):
    """A membership is granted only where districts.access.membership_refusal allows."""

    granter = None  # set by MembershipAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        before = None
        if self.instance.pk is not None:
            before = Membership.objects.filter(pk=self.instance.pk).first()
        refusal = membership_refusal(
            self.granter,
            member=cleaned.get("user"),
            committee=cleaned.get("committee"),
            role=cleaned.get("role"),
            before=before,
        )
        if refusal is not None:
            raise forms.ValidationError(refusal)
        return cleaned


@admin.register(Membership)
class MembershipAdmin(CommitteeScopedAdmin):
    scoped_foreign_keys = {"committee": ""}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (MembershipForm, form), {"granter": request.user})

    # Nobody but a superuser removes their own membership either (403).
    def has_delete_permission(self, request, obj=None):
        own = obj is not None and obj.user_id == request.user.pk
        return super().has_delete_permission(request, obj) and (
            request.user.is_superuser or not own
        )

    def delete_queryset(self, request, queryset):
        if not request.user.is_superuser and queryset.filter(user=request.user).exists():
            raise PermissionDenied(NOT_YOUR_OWN)
        super().delete_queryset(request, queryset)

    list_display = ["user", "committee", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "committee__code", "committee__name"]
    list_select_related = ["user", "committee"]
    autocomplete_fields = ["user", "committee"]


class GuardedUserAdmin(UserAdmin):
    """Django's user admin, except that only a superuser changes anyone's superuser or staff
    status, groups or permissions: a user allowed to edit users cannot raise their own rights."""

    rights_fields = ("is_superuser", "is_staff", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return (*readonly, *self.rights_fields)

    # Nor do they touch a superuser's account, its password included (403).
    def has_change_permission(self, request, obj=None):
        above = obj is not None and obj.is_superuser and not request.user.is_superuser
        return super().has_change_permission(request, obj) and not above

    def has_delete_permission(self, request, obj=None):
        above = obj is not None and obj.is_superuser and not request.user.is_superuser
        return super().has_delete_permission(request, obj) and not above


admin.site.unregister(User)
admin.site.register(User, GuardedUserAdmin)
