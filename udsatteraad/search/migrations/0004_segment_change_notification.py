"""On PostgreSQL, every change to the segment table notifies the channel that processes
listen on to know that the segment rows they keep are still current (search/postings.py).
A statement trigger, so that every writer is covered: publishing, merges, the rebuild's
DELETE, a TRUNCATE. PostgreSQL sends a transaction's notifications once, at its commit,
and none when it rolls back."""

from django.db import migrations

CREATE = ("""
CREATE OR REPLACE FUNCTION udsatteraad_search_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('udsatteraad_search', '');
    RETURN NULL;
END
$$
""", """
CREATE TRIGGER search_segment_changed
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON search_searchsegment
FOR EACH STATEMENT EXECUTE FUNCTION udsatteraad_search_changed()
""")

DROP = ("DROP TRIGGER IF EXISTS search_segment_changed ON search_searchsegment",
        "DROP FUNCTION IF EXISTS udsatteraad_search_changed()")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0003_segment_deletions"),
    ]

    operations = [migrations.RunPython(create, drop)]
