from django.contrib import admin

from . import catalog, films, library

admin.site.site_header = "filmsite editorial"
admin.site.site_title = "filmsite editorial"
admin.site.index_title = "The catalog"

__all__ = ["catalog", "films", "library"]
