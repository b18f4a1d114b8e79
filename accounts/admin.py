from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import Address, User


def _address_data(address: Address) -> dict:
    return {field: getattr(address, field) for field in services.ADDRESS_FIELDS}


def _save_address(address: Address) -> None:
    # Go through the services so that the one-default-address rule holds in the admin too.
    if address.pk is None:
        created = services.address_create(user=address.user, data=_address_data(address))
        # The admin goes on with its own instance (change message, redirect to the object).
        address.pk, address.is_default, address.created_at = (
            created.pk,
            created.is_default,
            created.created_at,
        )
    else:
        services.address_update(address=address, data=_address_data(address))


class AddressInline(admin.TabularInline):
    model = Address
    extra = 0
    fields = (*services.ADDRESS_FIELDS, "is_default")
    readonly_fields = ("is_default",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    list_display = ("username", "email", "phone", "first_name", "last_name", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email", "phone")
    inlines = (AddressInline,)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        if formset.model is not Address:
            super().save_formset(request, form, formset, change)
            return
        addresses = formset.save(commit=False)
        for address in formset.deleted_objects:
            services.address_delete(address=address)
        for address in addresses:
            _save_address(address)


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ("recipient", "user", "phone", "country", "province", "city", "is_default")
    list_filter = ("country", "province", "is_default")
    search_fields = (
        "recipient",
        "phone",
        "street",
        "city",
        "postcode",
        "user__username",
        "user__email",
    )
    autocomplete_fields = ("user",)
    readonly_fields = ("is_default", "created_at")
    fields = ("user", *services.ADDRESS_FIELDS, "is_default", "created_at")
    actions = ("make_default",)

    def get_readonly_fields(self, request: HttpRequest, obj: Address | None = None) -> tuple:
        # address_update keeps an address with its owner, so the form must not offer a move.
        if obj is not None:
            return ("user", *self.readonly_fields)
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Address, form: ModelForm, change: bool) -> None:
        _save_address(obj)

    def delete_model(self, request: HttpRequest, obj: Address) -> None:
        services.address_delete(address=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Address]) -> None:
        for address in queryset:
            services.address_delete(address=address)

    @admin.action(description=_("Make the selected address its user's default"))
    def make_default(self, request: HttpRequest, queryset: QuerySet[Address]) -> None:
        if queryset.count() != 1:
            self.message_user(
                request, _("Select exactly one address to make default."), messages.WARNING
            )
            return
        services.address_set_default(address=queryset.get())
