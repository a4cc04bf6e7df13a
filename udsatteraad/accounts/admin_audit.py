"""Reading personal data in the Django admin is written to the access log, as the
secretariat's own screens do (`access.log_personal_data_access`).

An entry is written for each council the people shown belong to (as members or as
secretaries), so each secretariat sees administrators' reads of its people in its access
log; a person with no council is logged on the "udsatteraad.access" logger only (an
AccessLogEntry names a council)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db.models import Q
from django.http import HttpRequest
from django.template.response import TemplateResponse

from udsatteraad.councils.models import Council
from udsatteraad.policy.access import log_personal_data_access

access_log = logging.getLogger("udsatteraad.access")


def councils_of_people(person_ids: Iterable[int] = (), user_ids: Iterable[int] = ()):
    person_ids, user_ids = list(person_ids), list(user_ids)
    return Council.objects.filter(
        Q(memberships__person_id__in=person_ids)
        | Q(memberships__person__user_id__in=user_ids)
        | Q(secretaries__user_id__in=user_ids)
    ).distinct().order_by("pk")


def log_admin_read(request: HttpRequest, what: str, councils: Iterable[Council]) -> None:
    logged = False
    for council in councils:
        log_personal_data_access(request, council, what)  # type: ignore[arg-type]
        logged = True
    if not logged:
        access_log.info(
            "personal-data user=%s council=- what=%s path=%s",
            getattr(request.user, "pk", None), what, request.path,
        )


class PersonalDataAdminMixin:
    """For ModelAdmins of people: log the list, change and history pages when they are
    shown. Subclasses say whose data a row is (`person_and_user_ids`)."""

    personal_data_label = "personoplysninger"

    def person_and_user_ids(self, objs) -> tuple[list[int], list[int]]:
        raise NotImplementedError

    def _log(self, request, objs, what: str) -> None:
        person_ids, user_ids = self.person_and_user_ids(objs)
        log_admin_read(request, what, councils_of_people(person_ids, user_ids))

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)  # type: ignore[misc]
        cl = getattr(response, "context_data", None) or {}
        if isinstance(response, TemplateResponse) and "cl" in cl:
            objs = list(cl["cl"].result_list)
            if objs:
                self._log(request, objs, f"Django-admin: liste med {self.personal_data_label} "
                                         f"({len(objs)} rækker)")
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(  # type: ignore[misc]
            request, object_id, form_url, extra_context
        )
        self._log_one(request, object_id, response, "Django-admin: så")
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)  # type: ignore[misc]
        self._log_one(request, object_id, response, "Django-admin: historik for")
        return response

    def _log_one(self, request, object_id, response, verb: str) -> None:
        if response.status_code != 200:
            return
        obj = self.get_object(request, object_id)  # type: ignore[attr-defined]
        if obj is not None:
            self._log(request, [obj], f"{verb} {self.personal_data_label}: {obj}")
