from django.utils.functional import SimpleLazyObject

from districts.access import standing


def membership(request):
    """`standing` for the header: the user's committee and role, read only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    where = SimpleLazyObject(lambda: standing(user))
    return {"standing": where, "waiting_for_review": lambda: _waiting(user, where)}


def _waiting(user, where) -> int:
    """The quarters waiting for a reviewer, counted only when the header shows the link."""
    from targets.selectors import waiting_for_review  # districts does not import targets early

    return waiting_for_review(user) if getattr(where, "reviews", False) else 0
