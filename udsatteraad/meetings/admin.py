from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AgendaItem, Attachment, Meeting


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("position", "number", "title", "case_number", "is_public")
    show_change_link = True


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
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


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "meeting", "case_number", "is_public")
    list_filter = ("is_public", "meeting__council")
    search_fields = ("title", "case_number", "summary", "meeting__title")
    list_select_related = ("meeting",)
    raw_id_fields = ("meeting",)
    inlines = [AttachmentInline]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("title", "item", "is_public", "created")
    list_filter = ("is_public",)
    search_fields = ("title", "item__title", "item__meeting__title")
    list_select_related = ("item",)
    raw_id_fields = ("item",)
