"""The policy layer: every rule about who may act and what the public sees, in one place above
the apps (the apps' views and actions call it; it reads the apps' models).

Where each rule lives:
- roles.py        who someone is in a council on a day (`roles_in`), from the one definition of
                  an active membership (`MembershipQuerySet.active_on` / `Membership.is_active_on`)
- permissions.py  who may act: every `can_*(user, ...)` predicate, used by views and actions
- access.py       the access helpers views call (login and two-factor, `access_*` -> 302/403/404)
- public.py       what the public sees: the public QuerySets every public surface starts from,
                  and `follow_publication`, which keeps the search index and OParl records in step
- projection.py   the one public projection of a meeting and its items (page, PDFs, search,
                  OParl, feeds, iCal, easy-read, and the minutes snapshot)
- lifecycle.py    a meeting's stages and the steps between them; every action advances through it
"""
