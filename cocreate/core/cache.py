"""Django's database cache with an atomic ``incr`` that keeps the entry's expiry.

The cache holds the rate-limit counters (allauth's login limits and ours, see
cocreate.core.ratelimits), so it must be one cache for every web process and worker: Redis
when REDIS_URL is set, otherwise this table in the database. Django's own DatabaseCache
increments by reading and writing the value in two steps and writing it back with the default
timeout, which loses counts when two processes increment at once and stretches a one-day
window into "until five quiet minutes". Here the row is locked (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's IMMEDIATE transactions, see config/settings/base.py, already serialise
writers) and only the value is updated, as Redis's INCR does.
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction
from django.utils.timezone import now as tz_now


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)
        now = tz_now().replace(microsecond=0, tzinfo=None)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote_name('value')} FROM {table} "
                f"WHERE {quote_name('cache_key')} = %s AND {quote_name('expires')} > %s{lock}",
                [key, connection.ops.adapt_datetimefield_value(now)],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found.")
            value = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(value.encode(), validate=True)) + delta
            pickled = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote_name('value')} = %s WHERE {quote_name('cache_key')} = %s",
                [pickled, key],
            )
        return value
