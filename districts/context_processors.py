from django.utils.functional import SimpleLazyObject

from districts.access import request_standing


def membership(request):
    """`standing` for the header: the user's committee and role, read only when a page shows it."""
    if getattr(request, "user", None) is None:
        return {}
    return {"standing": SimpleLazyObject(lambda: request_standing(request))}
