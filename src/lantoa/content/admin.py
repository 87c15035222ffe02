from django.contrib import admin

from lantoa.content.models import PackVersion


@admin.register(PackVersion)
class PackVersionAdmin(admin.ModelAdmin):
    list_display = ("pack_id", "version", "title_vi", "builtin", "installed_at")
    readonly_fields = [f.name for f in PackVersion._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
