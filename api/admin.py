"""API keys, issued by superusers: the key is shown once, on the page after it is made, and kept only hashed."""

from django.contrib import admin, messages

from .models import ApiKey


def is_superuser(request) -> bool:
    return request.user.is_active and request.user.is_superuser


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "contact", "rate_limit", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "contact", "prefix"]
    readonly_fields = ["prefix", "created_at"]

    def has_module_permission(self, request):
        return is_superuser(request)

    def has_view_permission(self, request, obj=None):
        return is_superuser(request)

    def has_add_permission(self, request):
        return is_superuser(request)

    def has_change_permission(self, request, obj=None):
        return is_superuser(request)

    def has_delete_permission(self, request, obj=None):
        return is_superuser(request)

    def save_model(self, request, obj, form, change):
        if not change:
            key = obj.issue()
            messages.warning(
                request, f"The key for {obj.name} is {key} — copy it now: it is not kept and will not be shown again."
            )
        super().save_model(request, obj, form, change)
