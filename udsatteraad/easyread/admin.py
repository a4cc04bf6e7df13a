from django.contrib import admin

from .models import EasyReadSettings, Place, Posting, PrintBatch, Publication


@admin.register(Publication, PrintBatch, Posting)
class ReadOnlyAdmin(admin.ModelAdmin):
    """Publications and print runs are a record: inspected here, changed only through the
    secretariat's screens."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "council", "address", "is_active"]
    list_filter = ["council"]


admin.site.register(EasyReadSettings)
