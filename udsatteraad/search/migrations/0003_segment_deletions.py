from django.db import migrations, models


def record_dead_documents(apps, schema_editor):
    """Dead documents of an existing index go into their segments' deleted lists."""
    import numpy as np

    SearchDocument = apps.get_model("search", "SearchDocument")
    SearchSegment = apps.get_model("search", "SearchSegment")
    dead: dict[int, list[int]] = {}
    for doc_id, segment_id in (SearchDocument.objects.filter(is_live=False,
                                                             segment__isnull=False)
                               .values_list("id", "segment_id").iterator()):
        dead.setdefault(segment_id, []).append(doc_id)
    for segment in SearchSegment.objects.filter(id__in=list(dead)):
        rel = np.unique(np.array(dead[segment.id], dtype=np.int64) - segment.min_doc)
        segment.deleted = rel.astype(np.uint32).tobytes()
        segment.dead_count = len(rel)
        segment.save(update_fields=["deleted", "dead_count"])


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0002_hearing_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchsegment",
            name="dead_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="searchsegment",
            name="deleted",
            field=models.BinaryField(default=b""),
        ),
        migrations.RunPython(record_dead_documents, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="searchdocument", name="search_doc_dead"),
    ]
