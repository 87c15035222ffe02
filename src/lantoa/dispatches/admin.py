from django.contrib import admin

from lantoa.dispatches.models import SavedDispatch


@admin.register(SavedDispatch)
class SavedDispatchAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "issuer", "date", "created_by", "created_at")
    search_fields = ("code", "issuer", "subject")
    readonly_fields = ("created_at",)
