"""The entity's identity for the header and footer of every page (settings MIPG_ENTITY_*)."""

from django.conf import settings
from django.templatetags.static import static


def site(request) -> dict:
    logo = settings.MIPG_ENTITY_LOGO
    return {
        "site_entity": {
            "name": settings.MIPG_ENTITY_NAME,
            "logo": logo if logo.startswith("/") else static(logo),
            "address": settings.MIPG_ENTITY_ADDRESS,
            "phone": settings.MIPG_ENTITY_PHONE,
            "email": settings.MIPG_ENTITY_EMAIL,
            "hours": settings.MIPG_ENTITY_HOURS,
            "website": settings.MIPG_ENTITY_WEBSITE,
            "policy_links": settings.MIPG_POLICY_LINKS,
        }
    }
