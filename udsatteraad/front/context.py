from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

from udsatteraad.lib import site as site_address
from udsatteraad.policy.permissions import can_use_secretariat


def site(request):
    """Site name and address, and what the menu offers the user (decided by the policy, and
    only worked out when a template asks)."""
    user = getattr(request, "user", None)
    return {
        "site_name": settings.SITE_NAME,
        "site_contact_email": settings.SITE_CONTACT_EMAIL,
        # Danish content (titles, decisions, names) in another interface language says so:
        # `<h1{{ lang_da }}>`. Empty in the Danish interface, where the page is lang="da".
        "lang_da": "" if translation.get_language() == "da" else mark_safe(' lang="da"'),
        # Lazy: worked out only when a template asks (an error page may not have a valid host).
        "site_root": SimpleLazyObject(lambda: site_address.root(request)),
        "can_use_secretariat": SimpleLazyObject(lambda: can_use_secretariat(user)),
    }
