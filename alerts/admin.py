"""Subscribers, subscriptions, events and deliveries in the admin: superusers only (addresses are personal
data, never shown to editors), read-only (people follow and unfollow themselves). Failed deliveries are listed
with their error; `send_alerts` retries them."""

from django.contrib import admin

from .models import Delivery, Event, Subscriber, Subscription


class SuperusersOnly:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class SubscriptionInline(SuperusersOnly, admin.TabularInline):
    model = Subscription
    fields = ["target", "key", "label", "frequency", "created_at", "confirmed_at"]
    readonly_fields = fields
    extra = 0


@admin.register(Subscriber)
class SubscriberAdmin(SuperusersOnly, admin.ModelAdmin):
    list_display = ["email", "created_at"]
    search_fields = ["email"]
    readonly_fields = list_display
    inlines = [SubscriptionInline]


@admin.register(Subscription)
class SubscriptionAdmin(SuperusersOnly, admin.ModelAdmin):
    list_display = ["subscriber", "target", "key", "frequency", "confirmed_at"]
    list_filter = ["target", "frequency", ("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["subscriber"]
    search_fields = ["subscriber__email", "key", "label"]


@admin.register(Event)
class EventAdmin(SuperusersOnly, admin.ModelAdmin):
    list_display = ["created_at", "kind", "summary", "source"]
    list_filter = ["kind"]


@admin.register(Delivery)
class DeliveryAdmin(SuperusersOnly, admin.ModelAdmin):
    list_display = ["event", "subscription", "state", "attempts", "last_error", "sent_at"]
    list_filter = ["state"]
    list_select_related = ["event", "subscription"]
    search_fields = ["subscription__subscriber__email", "last_error"]
