from django.utils.functional import SimpleLazyObject

from districts.access import standing


def membership(request):
    """`standing` for the header: the user's committee and role, read only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"standing": SimpleLazyObject(lambda: standing(user))}
