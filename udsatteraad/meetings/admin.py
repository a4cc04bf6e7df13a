from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AgendaItem, Attachment, Meeting


class ReadOnlyAdmin(admin.ModelAdmin):
    """Meetings, items and attachments are inspected here, never changed: every change to
    them goes through the secretariat's screens and their actions, which keep the life cycle,
    the public surfaces (search index, OParl, feeds) and the history in step."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fk_name = "meeting"
    extra = 0
    fields = ("position", "number", "title", "case_number", "is_public")
    show_change_link = True
    has_add_permission = ReadOnlyAdmin.has_add_permission
    has_change_permission = ReadOnlyAdmin.has_change_permission
    has_delete_permission = ReadOnlyAdmin.has_delete_permission


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("title", "council", "kind", "start", "status", "venue")
    list_filter = ("status", "kind", "council")
    search_fields = ("title", "council__name", "location")
    list_select_related = ("council", "venue")
    date_hierarchy = "start"
    inlines = [AgendaItemInline]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("position", "title", "file", "is_public")
    has_add_permission = ReadOnlyAdmin.has_add_permission
    has_change_permission = ReadOnlyAdmin.has_change_permission
    has_delete_permission = ReadOnlyAdmin.has_delete_permission


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("__str__", "meeting", "case_number", "is_public")
    list_filter = ("is_public", "meeting__council")
    search_fields = ("title", "case_number", "summary", "meeting__title")
    list_select_related = ("meeting",)
    raw_id_fields = ("meeting",)
    inlines = [AttachmentInline]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("title", "item", "is_public", "created")
    list_filter = ("is_public",)
    search_fields = ("title", "item__title", "item__meeting__title")
    list_select_related = ("item",)
    raw_id_fields = ("item",)
