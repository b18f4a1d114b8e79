from django.contrib import admin

from .models import WishlistItem


@admin.register(WishlistItem)
class WishlistItemAdmin(admin.ModelAdmin):
    list_display = ("user", "product", "saved_price", "created_at")
    list_select_related = ("user", "product")
    search_fields = ("user__username", "product__name")
    readonly_fields = ("user", "product", "saved_price", "created_at")

    def has_add_permission(self, request) -> bool:
        return False
