from django.conf import settings
from django.utils.functional import SimpleLazyObject

from udsatteraad.lib import site as site_address
from udsatteraad.policy.permissions import can_use_secretariat


def site(request):
    """Site name and address, and what the menu offers the user (decided by the policy, and
    only worked out when a template asks)."""
    user = getattr(request, "user", None)
    return {
        "site_name": settings.SITE_NAME,
        "site_contact_email": settings.SITE_CONTACT_EMAIL,
        # Lazy: worked out only when a template asks (an error page may not have a valid host).
        "site_root": SimpleLazyObject(lambda: site_address.root(request)),
        "can_use_secretariat": SimpleLazyObject(lambda: can_use_secretariat(user)),
    }
