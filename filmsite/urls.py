import re

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.http import HttpResponse
from django.urls import include, path, re_path
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView
from django.views.static import serve

from catalog.caching import public_page
from catalog.public.sitemaps import SITEMAPS


@require_safe
def healthz(request):
    """Liveness for a load balancer: answers without touching the database or the cache."""
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("catalog.api.urls")),
    path(
        "sitemap.xml",
        require_safe(public_page(sitemaps.index)),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section", "template_name": "catalog/sitemap_index.xml"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        # A section's page number is the one parameter it reads.
        require_safe(public_page(sitemaps.sitemap, query={"p": forms.IntegerField(min_value=1, required=False)})),
        {"sitemaps": SITEMAPS, "template_name": "catalog/sitemap.xml"},
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        public_page(TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
        name="robots",
    ),
    path("", include("catalog.urls")),
]

if settings.SERVE_MEDIA:
    # django.views.static.serve refuses paths that leave MEDIA_ROOT; fine for one machine, not for a CDN.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
            name="media",
        )
    ]
