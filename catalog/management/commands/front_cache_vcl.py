from django.core.management.base import BaseCommand, CommandError

from catalog.front_cache import vcl


def backend(value):
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise CommandError(f"A backend is host:port, such as 127.0.0.1:8001, not {value!r}.")
    return host.strip("[]"), int(port)


class Command(BaseCommand):
    help = (
        "Write Varnish's configuration for serving the site from the given web servers, round robin, keeping public "
        "pages until the catalog changes (make serve FRONT_CACHE=1 runs it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("backends", nargs="+", metavar="host:port", help="A web server (gunicorn) to serve from.")

    def handle(self, *args, backends, **options):
        self.stdout.write(vcl([backend(value) for value in backends]), ending="")
