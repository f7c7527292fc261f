"""Move documents uploaded before random folders existed to documents/<random>/<name>.

New uploads are stored that way already (journos.core.documents); this moves the
older ones, whose paths (documents/<original name>) can be guessed. Safe to run
again: documents already in a random folder are left alone. Each file is copied
to its new name, the document row updated, and only then the old file deleted.
"""

from django.core.management.base import BaseCommand

from wagtail.documents import get_document_model

from journos.core.documents import in_random_folder, random_folder_name


class Command(BaseCommand):
    help = "Move existing document files into unguessable documents/<random>/ folders (idempotent)."

    def handle(self, *args, **options):
        Document = get_document_model()
        moved = missing = 0
        for document in Document.objects.order_by("pk").iterator():
            old_name = document.file.name
            if not old_name or in_random_folder(old_name):
                continue
            storage = document.file.storage
            if not storage.exists(old_name):
                missing += 1
                self.stderr.write(f"Document {document.pk}: file {old_name} is missing; left as it is.")
                continue
            with storage.open(old_name, "rb") as content:
                new_name = storage.save(random_folder_name(old_name), content)
            Document.objects.filter(pk=document.pk).update(file=new_name)
            storage.delete(old_name)
            moved += 1
        self.stdout.write(f"Moved {moved} document(s) into random folders; {missing} missing file(s).")
