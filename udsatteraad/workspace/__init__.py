"""The workspace above the apps: what waits for whom (`tasks.py`), shown on the secretariat's
start page per council, on /mine/ and as counts in the navigation."""
