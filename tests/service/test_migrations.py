"""The migrations build exactly the schema the models declare (tables, columns, indexes, unique constraints), on
SQLite and on PostgreSQL: a model change without its migration fails here."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage.db import make_engine, migrate
from storage.models import Base


async def test_the_migrated_schema_is_the_models_schema(database_url):
    engine = make_engine(database_url)
    try:
        await migrate(engine)
        async with engine.connect() as conn:
            diff = await conn.run_sync(lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata))
    finally:
        await engine.dispose()
    assert diff == []
