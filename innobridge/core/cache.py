"""The Redis cache of production (settings.CACHE_URL), made to degrade instead of fail.

Everything kept in the cache can be computed again (facets, dashboards, rate-limit counts,
the cached half of sessions), so a Redis that stops answering must slow pages down, not
break them: each call that cannot reach Redis within CACHE_TIMEOUT_SECONDS acts as a miss
(reads find nothing, writes keep nothing), is logged, and the next call tries again. Redis
coming back needs nothing: the connection pool reconnects."""

from __future__ import annotations

import logging
from functools import wraps

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _or_miss(miss):
    """Wrap a client method: on an unreachable Redis, log and return what a miss returns
    (`miss` is a function of the call's arguments)."""

    def decorate(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                log.warning("cache unreachable in %s: %s", method.__name__, error)
                return miss(*args, **kwargs)

        return wrapper

    return decorate


class TolerantRedisCacheClient(RedisCacheClient):
    add = _or_miss(lambda *a, **k: False)(RedisCacheClient.add)
    get = _or_miss(lambda key, default: default)(RedisCacheClient.get)
    set = _or_miss(lambda *a, **k: None)(RedisCacheClient.set)
    touch = _or_miss(lambda *a, **k: False)(RedisCacheClient.touch)
    delete = _or_miss(lambda *a, **k: False)(RedisCacheClient.delete)
    get_many = _or_miss(lambda *a, **k: {})(RedisCacheClient.get_many)
    has_key = _or_miss(lambda *a, **k: False)(RedisCacheClient.has_key)
    set_many = _or_miss(lambda *a, **k: None)(RedisCacheClient.set_many)
    delete_many = _or_miss(lambda *a, **k: None)(RedisCacheClient.delete_many)
    clear = _or_miss(lambda *a, **k: False)(RedisCacheClient.clear)

    # incr stays strict: a counter that silently stayed at zero would be wrong, and its
    # callers (none in the project today) must decide what an outage means.


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient
