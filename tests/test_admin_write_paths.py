"""Every admin URL that can write, tried by an Editor and by staff without catalog permissions.

The routes are read from the admin site itself, so a route added later (a new model, a custom view, a
third-party app's page) has no attempt below and fails ``test_every_admin_route_has_a_write_attempt``
until one is written. After each attempt:

- no film has moved into or out of “published” (only Publishers may do that);
- each registered model's rows changed only as the user's permissions allow: no new rows without
  ``add``, no rows gone without ``delete``, no row altered without ``change``.
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, reverse
from reversion.models import Version

from catalog.models import Film, FilmStatus, Genre
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

# Columns that signing in and out update without anyone editing the row.
VOLATILE = {"last_login", "logout_time"}


def admin_routes():
    """``(model_admin or None, kind)`` for every route of the admin site."""
    routes = set()
    for pattern in admin.site.get_urls():
        if isinstance(pattern, URLResolver):
            model_admin = next(
                admin_ for model, admin_ in admin.site._registry.items() if str(pattern.pattern) == model_url(model)
            )
            prefix = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}_"
            for inner in pattern.url_patterns:
                kind = inner.name.removeprefix(prefix) if inner.name else f"unnamed {inner.pattern}"
                routes.add((model_admin, kind))
        else:
            routes.add((None, pattern.name or f"unnamed {pattern.pattern}"))
    return routes


def model_url(model):
    return f"{model._meta.app_label}/{model._meta.model_name}/"


@dataclass
class World:
    superuser: Client
    draft: Film
    published: Film
    published_version_of_draft: Version
    draft_version_of_published: Version
    deleted_published: Version


def save_through_admin(client, film, **changes):
    url = reverse("admin:catalog_film_change", args=[film.pk])
    data = change_form_data(client.get(url))
    data.update(changes)
    assert client.post(url, data).status_code == 302
    return Version.objects.get_for_object(film).first()


@pytest.fixture
def world(catalog, admin_client, make):
    draft = make.film("Draft Now", status=FilmStatus.DRAFT)
    published_version = save_through_admin(admin_client, draft, status=FilmStatus.PUBLISHED)
    save_through_admin(admin_client, draft, status=FilmStatus.DRAFT)
    published = make.film("Published Now", status=FilmStatus.DRAFT)
    draft_version = save_through_admin(admin_client, published)
    save_through_admin(admin_client, published, status=FilmStatus.PUBLISHED)
    gone = make.film("Deleted While Published", status=FilmStatus.DRAFT)
    save_through_admin(admin_client, gone, status=FilmStatus.PUBLISHED)
    admin_client.post(reverse("admin:catalog_film_delete", args=[gone.pk]), {"post": "yes"})
    # Rows for the sign-in logs' admin pages.
    Client().post(reverse("admin:login"), {"username": "nobody", "password": "wrong"})
    return World(
        admin_client,
        draft,
        published,
        published_version,
        draft_version,
        Version.objects.get_deleted(Film).get(object_id=str(gone.pk)),
    )


# Attempts: each returns the requests ``(method, url, data)`` that try to write through one route.


def some_row(model_admin):
    return model_admin.model._default_manager.order_by("pk").first()


def model_urlname(model_admin, kind):
    return f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_{kind}"


def form_data(world, url):
    """What the superuser's browser would send from that form, which the user under test then posts."""
    response = world.superuser.get(url)
    return change_form_data(response) if response.status_code == 200 and response.context else {}


def changelist(world, model_admin):
    url = reverse(model_urlname(model_admin, "changelist"))
    request = world.superuser.get(url).wsgi_request
    every = list(model_admin.model._default_manager.values_list("pk", flat=True))
    requests = []
    for action in model_admin.get_actions(request):
        requests.append(("post", url, {"action": action, "_selected_action": every, "post": "yes", "index": 0}))
        if model_admin.model is Film and action != "delete_selected":
            requests.append(("post", url, confirmed_bulk_action(world, url, action, every)))
    return requests


def confirmed_bulk_action(world, url, action, films):
    """What the superuser's confirmation page of a film bulk action posts: the films it changes, and a genre."""
    plan = world.superuser.post(url, {"action": action, "_selected_action": films, "index": 0}).context["plan"]
    return {
        "action": action,
        "_selected_action": [film.pk for film in plan.to_change],
        "_skipped": [film.pk for film, _ in plan.skipped],
        "post": "yes",
        "genre": Genre.objects.order_by("pk").values_list("pk", flat=True).first(),
    }


ADDED = {
    "catalog.film": {"title": "Slipped In", "slug": "slipped-in", "year": "2024", "status": FilmStatus.PUBLISHED},
    "auth.user": {"username": "sneaky", "password1": "a-Long-pass-1", "password2": "a-Long-pass-1"},
    "auth.group": {"name": "Sneaky"},
}


def add(world, model_admin):
    url = reverse(model_urlname(model_admin, "add"))
    return [("post", url, {**form_data(world, url), **ADDED.get(model_admin.opts.label_lower, {})})]


def change(world, model_admin):
    if model_admin.model is Film:
        return [
            change_film(world, world.draft, status=FilmStatus.PUBLISHED),
            change_film(world, world.published, status=FilmStatus.DRAFT),
        ]
    if model_admin.model is User:
        target = User.objects.exclude(is_superuser=True).order_by("pk").first()
        escalate = {"is_superuser": "on", "is_staff": "on"}
    elif model_admin.model is Group:
        target = Group.objects.get(name="Editor")
        escalate = {
            "permissions": [
                str(pk) for pk in Group.objects.get(name="Publisher").permissions.values_list("pk", flat=True)
            ]
        }
    else:
        target, escalate = some_row(model_admin), {}
    url = reverse(model_urlname(model_admin, "change"), args=[target.pk if target else 0])
    return [("post", url, {**form_data(world, url), **escalate})]


def change_film(world, film, **changes):
    url = reverse("admin:catalog_film_change", args=[film.pk])
    return ("post", url, {**form_data(world, url), **changes})


def delete(world, model_admin):
    row = world.published if model_admin.model is Film else some_row(model_admin)
    return [("post", reverse(model_urlname(model_admin, "delete"), args=[row.pk if row else 0]), {"post": "yes"})]


def read_only(kind, *args):
    """A route that shows but does not write: it is asked and posted to, and nothing may change."""

    def attempt(world, model_admin):
        row = some_row(model_admin)
        url = reverse(model_urlname(model_admin, kind), args=[row.pk if row else 0, *args])
        return [("get", url, {}), ("post", url, {"post": "yes"})]

    return attempt


def legacy_change(world, model_admin):
    row = some_row(model_admin)
    url = reverse(model_urlname(model_admin, "changelist")) + f"{row.pk if row else 0}/"
    return [("get", url, {}), ("post", url, {"post": "yes"})]


def user_password(world, model_admin):
    superuser = User.objects.filter(is_superuser=True).first()
    url = reverse("admin:auth_user_password_change", args=[superuser.pk])
    return [("post", url, {"password1": "a-Long-pass-1", "password2": "a-Long-pass-1", "usable_password": "true"})]


def restore(world, model_admin):
    requests = []
    for film, version in [
        (world.draft, world.published_version_of_draft),
        (world.published, world.draft_version_of_published),
    ]:
        url = reverse("admin:catalog_film_revision", args=[film.pk, version.pk])
        requests.append(("post", url, form_data(world, url)))
    return requests


def recover(world, model_admin):
    url = reverse("admin:catalog_film_recover", args=[world.deleted_published.pk])
    return [("post", url, form_data(world, url))]


def version_changes(world, model_admin):
    url = reverse("admin:catalog_film_changes", args=[world.draft.pk, world.published_version_of_draft.pk])
    return [("get", url, {}), ("post", url, {})]


def recover_list(world, model_admin):
    url = reverse("admin:catalog_film_recoverlist")
    return [("get", url, {}), ("post", url, {})]


def preview(world, model_admin):
    """The preview renders unsaved edits; posted with a publication it may not make, it must still save nothing."""
    url = reverse("admin:catalog_film_preview", args=[world.draft.pk])
    data = form_data(world, reverse("admin:catalog_film_change", args=[world.draft.pk]))
    return [("get", url, {}), ("post", url, {**data, "status": FilmStatus.PUBLISHED, "title": "Previewed"})]


def preview_add(world, model_admin):
    url = reverse("admin:catalog_film_preview_add")
    data = form_data(world, reverse("admin:catalog_film_add"))
    return [("post", url, {**data, **ADDED["catalog.film"]})]


def film_import(world, model_admin):
    """An upload and a confirmation: only Publishers may import, and an upload alone writes nothing."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    entity = b'{"entities": {"Q900001": {"id": "Q900001", "type": "item", "labels": {"en": {"language": "en", '
    entity += b'"value": "Slipped In"}}, "claims": {"P31": [{"mainsnak": {"snaktype": "value", "property": "P31", '
    entity += b'"datavalue": {"value": {"id": "Q11424"}, "type": "wikibase-entityid"}}, "rank": "normal"}]}}}}'
    url = reverse("admin:catalog_film_import")
    return [
        ("get", url, {}),
        ("post", url, {"file": SimpleUploadedFile("film.json", entity)}),
        ("post", url, {"token": "x" * 32}),
    ]


MODEL_ROUTES = {
    "import": film_import,
    "preview": preview,
    "preview_add": preview_add,
    "changelist": changelist,
    "add": add,
    "change": change,
    "delete": delete,
    "history": read_only("history"),
    "unnamed <path:object_id>/": legacy_change,
    "password_change": user_password,
    "revision": restore,
    "recover": recover,
    "recoverlist": recover_list,
    "changes": version_changes,
}


def site_route(url, data=None):
    def attempt(world, model_admin):
        return [("get", url(), {}), ("post", url(), data or {})]

    return attempt


def view_on_site(world, model_admin):
    from django.contrib.contenttypes.models import ContentType

    film_type = ContentType.objects.get_for_model(Film)
    return [("get", reverse("admin:view_on_site", args=[film_type.pk, world.draft.pk]), {})]


SITE_ROUTES = {
    "index": site_route(lambda: reverse("admin:index")),
    # Signing in again, or failing to, writes nothing of the catalog; the attempt posts no credentials.
    "login": site_route(lambda: reverse("admin:login")),
    "password_change": site_route(
        lambda: reverse("admin:password_change"),
        {"old_password": "wrong", "new_password1": "a-Long-pass-1", "new_password2": "a-Long-pass-1"},
    ),
    "password_change_done": site_route(lambda: reverse("admin:password_change_done")),
    "autocomplete": site_route(
        lambda: reverse("admin:autocomplete") + "?app_label=catalog&model_name=film&field_name=film&term=a"
    ),
    "jsi18n": site_route(lambda: reverse("admin:jsi18n")),
    "view_on_site": view_on_site,
    "app_list": site_route(lambda: reverse("admin:app_list", args=["catalog"])),
    "unnamed (?P<url>.*)$": site_route(lambda: reverse("admin:index") + "no-such-page/"),
    # Last: it signs the user out (see ``attempts``).
    "logout": site_route(lambda: reverse("admin:logout")),
}


def test_every_admin_route_has_a_write_attempt():
    missing = [
        f"{model_admin.opts.label if model_admin else 'site'}: {kind}"
        for model_admin, kind in admin_routes()
        if kind not in (MODEL_ROUTES if model_admin else SITE_ROUTES)
    ]
    assert missing == [], "write an attempt for each new admin route"


def attempts(world):
    model_routes = sorted(
        ((a, kind) for a, kind in admin_routes() if a is not None), key=lambda r: (r[0].opts.label, r[1])
    )
    for model_admin, kind in model_routes:
        for request in MODEL_ROUTES[kind](world, model_admin):
            yield f"{model_admin.opts.label} {kind}", request
    for kind, attempt in SITE_ROUTES.items():
        for request in attempt(world, None):
            yield f"site {kind}", request


# What may change


def rows(model):
    fields = [field.attname for field in model._meta.concrete_fields if field.attname not in VOLATILE]
    return {row[0]: row for row in model._base_manager.order_by().values_list("pk", *fields)}


def m2m_rows(model):
    return {
        field.name: set(field.remote_field.through._base_manager.values_list(*through_columns(field)))
        for field in model._meta.local_many_to_many
    }


def through_columns(field):
    through = field.remote_field.through
    return [f.attname for f in through._meta.concrete_fields if f.is_relation]


WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def snapshot():
    return {model: (rows(model), m2m_rows(model)) for model in admin.site._registry}, set(
        Film.objects.filter(status=FilmStatus.PUBLISHED).values_list("pk", flat=True)
    )


def unpermitted_changes(user, before, after):
    problems = []
    for model, (old_rows, old_links) in before.items():
        new_rows, new_links = after[model]
        may = {
            action
            for action in ("add", "change", "delete")
            if user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
        }
        name = model._meta.label
        if "add" not in may and set(new_rows) - set(old_rows):
            problems.append(f"{name}: rows added")
        if "delete" not in may and set(old_rows) - set(new_rows):
            problems.append(f"{name}: rows deleted")
        if "change" not in may:
            if any(old_rows[pk] != new_rows[pk] for pk in set(old_rows) & set(new_rows)):
                problems.append(f"{name}: rows changed")
            if old_links != new_links:
                problems.append(f"{name}: links changed")
    return problems


@pytest.fixture(params=["Editor", None], ids=["editor", "staff-without-catalog-permissions"])
def user(request):
    user = User.objects.create_user("under-test", password="pw", is_staff=True)
    if request.param:
        user.groups.add(Group.objects.get(name=request.param))
    return User.objects.get(pk=user.pk)  # fresh permission caches


def test_no_admin_route_lets_the_user_publish_or_exceed_their_permissions(world, user):
    client = Client()
    client.force_login(user)
    tried = 0
    after = published_after = None
    routes = attempts(world)
    while True:
        with CaptureQueriesContext(connection) as setting_up:
            attempt = next(routes, None)
        if attempt is None:
            break
        route, (method, url, data) = attempt
        # The catalog as the last attempt left it, read again only if setting up this attempt wrote to it.
        if after is None or any(WRITE.match(query["sql"]) for query in setting_up.captured_queries):
            after, published_after = snapshot()
        before, published_before = after, published_after
        response = getattr(client, method)(url, data)
        assert response.status_code < 500, f"{route}: {method.upper()} {url} answered {response.status_code}"
        after, published_after = snapshot()
        assert published_after == published_before, f"{route}: {method.upper()} {url} changed what is published"
        assert unpermitted_changes(user, before, after) == [], f"{route}: {method.upper()} {url}"
        tried += 1
    assert tried > 100
    assert re.search(r"logout", url)  # the last attempt signed the user out
