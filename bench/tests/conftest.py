# The main suite's fixtures (the catalog, factories, a media folder per test...), for the benchmark's own tests.
from tests.conftest import (  # noqa: F401
    _catalog_rows,
    _playwright_before_the_database,
    catalog,
    django_db_setup,
    empty_page_cache,
    fast_password_hasher,
    make,
    media_root,
)
