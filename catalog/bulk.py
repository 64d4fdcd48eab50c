"""Writing many new rows at once, for imports: one statement for many rows, and their new keys read back.

``QuerySet.bulk_create`` compiles every value of every row through the ORM's insert compiler, which for
millions of rows costs more than the database's own work. ``insert`` prepares each value as a save would
(``get_db_prep_save``, so that every engine gets what it expects) and writes up to a thousand rows with one
statement built once; ``insert_values`` takes values ready for the database (numbers and text). Neither
sends signals: the caller notes derived data (``catalog.derived``).

On PostgreSQL the rows go by ``COPY``, with their keys taken from the table's sequence beforehand: the server
reads a stream of rows several times faster than the parameters of a large ``INSERT``.
"""

from contextlib import contextmanager

from django.db import connections
from django.db.models import CharField, Field, ForeignKey, IntegerField, TextField

PLAIN = (CharField, TextField, IntegerField, ForeignKey)

ROWS_PER_STATEMENT = 1000
SQLITE_CACHE_KIB = 64 * 1024


@contextmanager
def tuned_for_writing(using):
    """The database set up for a long write of many rows (an import), and back as it was afterwards.

    SQLite: a page cache of 64 MB instead of 2, so that the pages of the indexes being written to stay in
    memory rather than being read again from the file at each batch.

    PostgreSQL: the GIN indexes (search documents, trigrams) queue new entries in their pending list and
    take them in one sorted merge, instead of an index update per row, as PostgreSQL's documentation
    advises for bulk inserts; at the end they take each entry at once again and the lists are merged.
    Only outside a transaction (a command, not a request): ``ALTER INDEX`` locks the index until the
    transaction that runs it ends.
    """
    connection = connections[using]
    if connection.vendor == "sqlite":
        with _sqlite_cache(connection):
            yield
    elif connection.vendor == "postgresql" and not connection.in_atomic_block:
        with _gin_pending_lists(connection):
            yield
    else:
        yield


@contextmanager
def _sqlite_cache(connection):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


# The catalog's GIN indexes that take each new entry at once (``fastupdate`` off: migrations 0004, 0010, 0011).
GIN_INDEXES = """
SELECT index.oid::regclass::text FROM pg_class index JOIN pg_am method ON method.oid = index.relam
WHERE method.amname = 'gin' AND index.relnamespace = current_schema()::regnamespace
AND 'fastupdate=off' = ANY(index.reloptions)
"""


@contextmanager
def _gin_pending_lists(connection):
    with connection.cursor() as cursor:
        cursor.execute(GIN_INDEXES)
        indexes = [name for (name,) in cursor.fetchall()]
        for name in indexes:
            cursor.execute(f"ALTER INDEX {name} SET (fastupdate = on)")  # nosec B608 - names from the catalog
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name in indexes:
                cursor.execute(f"ALTER INDEX {name} SET (fastupdate = off)")  # nosec B608
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])


def insert(model, objects, using):
    """INSERT ``objects`` (unsaved instances of ``model``) into its table and set their primary keys."""
    if not objects:
        return
    connection = connections[using]
    pk = model._meta.pk
    fields = [field for field in model._meta.concrete_fields if field is not pk]
    for obj in objects:
        obj._prepare_related_fields_for_save(operation_name="insert")
    # Text, whole numbers and links go to every engine as they are; other values are prepared as a save would.
    plain = [
        isinstance(field, PLAIN) and not field.auto_created and type(field).pre_save is Field.pre_save
        for field in fields
    ]
    # Times stamped on a write (auto_now, auto_now_add) are taken once: one write makes all the rows. Each
    # row gets the time, and its column the time prepared once.
    stamps = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            stamp = field.pre_save(objects[0], True)
            for obj in objects:
                setattr(obj, field.attname, stamp)
            stamps[field] = field.get_db_prep_save(stamp, connection)
    prepare = [None if is_plain or field in stamps else field for field, is_plain in zip(fields, plain, strict=True)]
    values = [
        [
            getattr(obj, field.attname) if how is None else how.get_db_prep_save(how.pre_save(obj, True), connection)
            for field, how in zip(fields, prepare, strict=True)
        ]
        for obj in objects
    ]
    for index, field in enumerate(fields):
        if field in stamps:
            for row in values:
                row[index] = stamps[field]
    for obj, key in zip(
        objects, insert_values(model, [field.attname for field in fields], values, using), strict=True
    ):
        setattr(obj, pk.attname, key)
        obj._state.adding, obj._state.db = False, using


def insert_values(model, names, rows, using):
    """INSERT ``rows`` (each the values of the fields ``names``, by attname, as the database takes them) into
    ``model``'s table; the new primary keys, in order."""
    connection = connections[using]
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _copy(connection, model, names, rows)
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name).column for name in names]
    # Names from the model's own options, quoted; every value is a parameter.
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) VALUES "  # nosec B608
    row = f"({', '.join(['%s'] * len(columns))})"
    size = max(1, min(ROWS_PER_STATEMENT, (connection.features.max_query_params or 999) // len(columns)))
    statements = {}  # rows in the statement -> its SQL
    keys = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            part = rows[start : start + size]
            if len(part) not in statements:
                returning = quote(model._meta.pk.column)
                statements[len(part)] = f"{head}{', '.join([row] * len(part))} RETURNING {returning}"
            cursor.execute(statements[len(part)], [value for values in part for value in values])
            keys += [key for (key,) in cursor.fetchall()]
    return keys


def _copy(connection, model, names, rows):
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk.column
    columns = ", ".join(quote(column) for column in [pk, *(model._meta.get_field(name).column for name in names)])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [quote(table), pk, len(rows)]
        )
        keys = sorted(key for (key,) in cursor.fetchall())
        # Names from the model's own options, quoted; the rows go as data. Through the driver's own cursor,
        # whose errors are turned into Django's (IntegrityError for a broken constraint) as a query's are.
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy,
        ):
            for key, values in zip(keys, rows, strict=True):
                copy.write_row((key, *values))
    return keys


def delete(model, pks, using):
    """DELETE the rows of ``model`` with these primary keys, without collecting them or sending signals: for
    rows nothing refers to and nothing derives from (an import's provenance)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    pks = list(pks)
    table, column = quote(model._meta.db_table), quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), ROWS_PER_STATEMENT):
            part = pks[start : start + ROWS_PER_STATEMENT]
            placeholders = ", ".join(["%s"] * len(part))
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({placeholders})", part)  # nosec B608
