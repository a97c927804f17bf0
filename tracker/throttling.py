"""Sign-in throttling (django-axes) that stops guessing without handing attackers a lock-out button.

Failures are counted twice: per account at an address, and per address. An account is refused from an address
after AXES_FAILURE_LIMIT failures there; an address is refused for every account after
SIGNIN_ADDRESS_FAILURE_LIMIT failures from it, whichever accounts they named. Nothing is counted per account
alone, so failures from an attacker's address never lock the account's owner out of their own address.

A successful sign-in forgets only that account's failures at that address: another account's success (an
editor's own) never wipes the failures against the superuser from the same address.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def _failures(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class AccountAtAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """The failures that decide a lock, on the scale of AXES_FAILURE_LIMIT (which axes compares them with):
        those of the account at this address, or those of the address scaled from its own, higher, limit."""
        account_at_address, address = (_failures(attempts) for attempts in self.get_user_attempts(request, credentials))
        return max(account_at_address, address * settings.AXES_FAILURE_LIMIT // settings.SIGNIN_ADDRESS_FAILURE_LIMIT)

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        deleted, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return deleted
