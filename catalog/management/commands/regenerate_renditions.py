from django.core.management.base import BaseCommand, CommandError
from PIL import Image as Pillow

from catalog.models import Image
from catalog.models.renditions import SPECS, write_renditions

ORIGINAL_FORMATS = ["JPEG", "PNG", "WEBP"]


class Command(BaseCommand):
    help = (
        "Write the renditions of every library image that are missing: run it after adding a spec or a width in "
        "catalog/models/renditions.py. With --replace every rendition is written again, as after a change of "
        "encoder settings. An image whose file is missing or unreadable is reported and the others carry on; the "
        "command then fails, so cron and deploy scripts notice. Safe to run again: what exists is skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--replace", action="store_true", help="Write every rendition again, even those that exist."
        )
        parser.add_argument(
            "--spec",
            action="extend",
            nargs="+",
            choices=sorted(SPECS),
            metavar="NAME",
            help=f"Only these specs (one or more of {', '.join(SPECS)}); all of them if not given.",
        )

    def handle(self, *args, replace, spec, verbosity, **options):
        specs = {name: SPECS[name] for name in spec} if spec else SPECS
        images = Image.objects.order_by("pk")
        total = images.count()
        failed = written = 0
        for number, image in enumerate(images.iterator(), start=1):
            progress = f"[{number}/{total}] {image.file.name}"
            try:
                paths = regenerate(image, specs, replace)
            except (OSError, ValueError, SyntaxError, Pillow.DecompressionBombError) as error:
                failed += 1
                self.stderr.write(self.style.ERROR(f"{progress}: not read ({error})"))
                continue
            written += len(paths)
            if verbosity >= 2 or (verbosity >= 1 and paths):
                self.stdout.write(f"{progress}: {len(paths)} written")
        if verbosity >= 1:
            self.stdout.write(f"{written} renditions written for {total - failed} of {total} images.")
        if failed:
            raise CommandError(f"{failed} of {total} images could not be read; see above.")


def regenerate(image, specs, replace):
    """Write the image's renditions of ``specs`` from its stored file; the paths written."""
    storage = image.file.storage
    with storage.open(image.file.name, "rb") as stored, Pillow.open(stored, formats=ORIGINAL_FORMATS) as original:
        original.load()
        # Named by the model's key, as its pages ask for them.
        return write_renditions(storage, original, image.rendition_key, image.focal_x, image.focal_y, specs, replace)
