from django.utils.functional import SimpleLazyObject

from . import tasks


def task_counts(request):
    """The counts in the navigation, worked out only when a template shows them."""
    user = getattr(request, "user", None)
    return {
        "mine_task_count": SimpleLazyObject(lambda: len(tasks.for_person(user))),
        "secretariat_task_count": SimpleLazyObject(lambda: tasks.secretariat_count(user)),
    }
