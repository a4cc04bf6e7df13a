"""Helpers several apps share (paths, text, mail, forms). Below the apps: nothing here imports
an app, so any app may import from here without a cycle."""
