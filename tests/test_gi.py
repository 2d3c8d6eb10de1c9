#!/usr/bin/python3
# Drives the engine through the Gq-1.0 typelib from Python, uninstalled:
# callbacks (query functions, updaters, predicates) cross the language
# boundary, so wrong annotations (transfer, scope, nullable) show up here.

import gc
import os
import shutil
import sys
import tempfile

import gi

gi.require_version("Gq", "1")
gi.require_version("Json", "1.0")
from gi.repository import GLib, Gq, Json  # noqa: E402

results = []


def case(name):
    def wrap(fn):
        results.append((name, fn))
        return fn
    return wrap


def json(text):
    return Json.from_string(text)


def dump(node):
    return Gq.json_to_canonical(node) if node is not None else None


def make_env():
    scheduler = Gq.ManualScheduler.new(1000000)
    focus = Gq.FocusManager.new()
    online = Gq.OnlineManager.new(None)
    client = Gq.QueryClient.new_full(scheduler, focus, online)
    return client, scheduler, focus, online


@case("key hash is canonical")
def _():
    key = json('["todos", {"status": "done", "page": 1}]')
    assert Gq.key_hash(key) == '["todos",{"page":1,"status":"done"}]'
    assert Gq.key_partial_match(key, json('["todos"]'))
    assert not Gq.key_partial_match(key, json('["posts"]'))


@case("key parse reports GError")
def _():
    try:
        Gq.key_parse('{"not": "an array"}')
    except GLib.Error as e:
        assert e.matches(Gq.error_quark(), Gq.Error.INVALID_KEY), e
    else:
        raise AssertionError("no error")


@case("options are properties")
def _():
    opts = Gq.QueryOptions(query_key=json('["a"]'), stale_time=5000)
    assert opts.props.stale_time == 5000
    assert opts.is_set("stale-time")
    assert not opts.is_set("gc-time")
    assert opts.props.gc_time == 300000


@case("observer fetches through a Python query function")
def _():
    client, scheduler, focus, online = make_env()
    calls = []

    def query_func(ctx, user_data):
        calls.append(dump(ctx.get_query_key()))
        ctx.resolve(json('{"id": 1, "title": "from python"}'))

    opts = Gq.QueryOptions(query_key=json('["todo", 1]'))
    opts.set_query_func(query_func, None)
    observer = Gq.QueryObserver.new(client, opts)
    seen = []
    observer.connect("changed", lambda o, r: seen.append((r.get_status(), r.get_fetch_status())))
    observer.subscribe()
    scheduler.flush()
    scheduler.advance(0)
    assert calls == ['["todo",1]'], calls
    assert observer.props.is_success
    assert dump(observer.props.data) == '{"id":1,"title":"from python"}'
    assert seen[0] == (Gq.QueryStatus.PENDING, Gq.FetchStatus.FETCHING), seen
    assert seen[-1] == (Gq.QueryStatus.SUCCESS, Gq.FetchStatus.IDLE), seen
    observer.unsubscribe()
    client.clear()


@case("query function completes later and fetch_query_async finishes")
def _():
    client, scheduler, focus, online = make_env()
    pending = []

    def query_func(ctx, user_data):
        pending.append(ctx)

    opts = Gq.QueryOptions(query_key=json('["later"]'))
    opts.set_query_func(query_func, None)
    done = []
    client.fetch_query_async(opts, None, lambda c, res: done.append(c.fetch_query_finish(res)))
    scheduler.flush()
    assert len(pending) == 1 and not done
    pending.pop().resolve(json("[1, 2, 3]"))
    scheduler.flush()
    assert len(done) == 1 and dump(done[0]) == "[1,2,3]"
    assert dump(client.get_query_data(json('["later"]'))) == "[1,2,3]"


@case("errors reach Python as GLib.Error with retries on the manual clock")
def _():
    client, scheduler, focus, online = make_env()
    calls = []

    def query_func(ctx, user_data):
        calls.append(scheduler.now())
        ctx.reject_literal(Gq.http_error_quark(), 503, "service unavailable")

    opts = Gq.QueryOptions(query_key=json('["failing"]'), retry=2, retry_delay=10)
    opts.set_query_func(query_func, None)
    observer = Gq.QueryObserver.new(client, opts)
    observer.subscribe()
    scheduler.advance(100)
    assert [t - 1000000 for t in calls] == [0, 10, 20], calls
    assert observer.props.is_error
    err = observer.props.error
    assert err.matches(Gq.http_error_quark(), 503)
    assert observer.props.failure_count == 3
    observer.unsubscribe()


@case("updater and invalidate with a predicate")
def _():
    client, scheduler, focus, online = make_env()
    key = json('["count"]')
    client.set_query_data(key, json("1"), 0)

    def bump(previous, user_data):
        return json(str(previous.get_int() + 1))

    stored = client.set_query_data_with_updater(key, bump, None, 0)
    assert stored.get_int() == 2
    assert client.set_query_data_with_updater(key, lambda prev, d: None, None, 0) is None
    assert client.get_query_data(key).get_int() == 2

    filters = Gq.QueryFilters.new(None)
    filters.set_predicate(lambda q, d: q.get_query_hash() == '["count"]', None)
    client.invalidate_queries(filters)
    assert client.get_query_state(key).get_is_invalidated()


@case("cache events reach Python")
def _():
    client, scheduler, focus, online = make_env()
    events = []
    client.props.query_cache.connect("event", lambda c, t, q, o: events.append(t))
    client.set_query_data(json('["e"]'), json("true"), 0)
    assert events == [Gq.CacheEventType.ADDED, Gq.CacheEventType.UPDATED], events
    client.remove_queries(None)
    assert events[-1] == Gq.CacheEventType.REMOVED


@case("select, retry and placeholder functions cross the boundary")
def _():
    client, scheduler, focus, online = make_env()
    attempts = []
    retry_calls = []

    def query_func(ctx, user_data):
        attempts.append(scheduler.now())
        if len(attempts) < 3:
            ctx.reject_literal(Gq.error_quark(), Gq.Error.FAILED, "flaky")
        else:
            ctx.resolve(json('{"items": [1, 2, 3], "total": 3}'))

    def retry(failure_count, error, user_data):
        retry_calls.append((failure_count, error.message))
        return failure_count < 5

    opts = Gq.QueryOptions(query_key=json('["flaky"]'), retry_delay=50)
    opts.set_query_func(query_func, None)
    opts.set_retry_func(retry, None)
    opts.set_select_func(lambda data, d: data.get_object().get_member("items"), None)
    opts.set_placeholder_func(lambda prev, query, d: json('{"items": [], "total": 0}'), None)

    observer = Gq.QueryObserver.new(client, opts)
    notified = []
    observer.connect("notify::is-placeholder-data", lambda o, p: notified.append(o.props.is_placeholder_data))
    assert observer.props.is_placeholder_data
    assert dump(observer.props.data) == "[]"

    observer.subscribe()
    scheduler.advance(1000)
    assert [t - 1000000 for t in attempts] == [0, 50, 100], attempts
    assert retry_calls == [(0, "flaky"), (1, "flaky")], retry_calls
    assert dump(observer.props.data) == "[1,2,3]"
    assert not observer.props.is_placeholder_data
    assert notified == [False], notified
    observer.unsubscribe()


@case("stale time function and refetch on focus while mounted")
def _():
    client, scheduler, focus, online = make_env()
    calls = []

    def query_func(ctx, user_data):
        calls.append(1)
        ctx.resolve(json(str(len(calls))))

    opts = Gq.QueryOptions(query_key=json('["focus"]'))
    opts.set_query_func(query_func, None)
    opts.set_stale_time_func(lambda query, d: 100, None)
    observer = Gq.QueryObserver.new(client, opts)
    client.mount()
    observer.subscribe()
    scheduler.advance(10)
    assert len(calls) == 1 and not observer.props.is_stale
    focus.set_focused(False)
    focus.set_focused(True)
    scheduler.advance(10)
    assert len(calls) == 1, "fresh data is not refetched on focus"
    scheduler.advance(200)
    assert observer.props.is_stale
    focus.set_focused(False)
    focus.set_focused(True)
    scheduler.advance(10)
    assert len(calls) == 2 and observer.props.data.get_int() == 2
    observer.unsubscribe()
    client.unmount()


@case("infinite query: page functions and page-param callbacks cross the boundary")
def _():
    client, scheduler, focus, online = make_env()
    pages_seen = []
    next_calls = []

    def query_func(ctx, user_data):
        param = ctx.get_page_param().get_int()
        pages_seen.append((param, ctx.get_direction()))
        ctx.resolve(json('{"n": %d}' % param))

    def next_param(page, all_pages, page_param, all_page_params, user_data):
        next_calls.append((dump(page), all_pages.get_array().get_length(), page_param.get_int(),
                           dump(all_page_params)))
        n = page.get_object().get_int_member("n")
        return json(str(n + 1)) if n < 2 else None

    def previous_param(page, all_pages, page_param, all_page_params, user_data):
        return json(str(page_param.get_int() - 1)) if page_param.get_int() > -1 else json("null")

    opts = Gq.InfiniteQueryOptions(query_key=json('["feed"]'), initial_page_param=json("0"),
                                   max_pages=3)
    assert isinstance(opts, Gq.QueryOptions)
    assert opts.is_set("initial-page-param") and opts.props.max_pages == 3
    opts.set_query_func(query_func, None)
    opts.set_get_next_page_param_func(next_param, None)
    opts.set_get_previous_page_param_func(previous_param, None)

    observer = Gq.InfiniteQueryObserver.new(client, opts)
    observer.subscribe()
    scheduler.flush()
    assert dump(observer.props.data) == '{"pageParams":[0],"pages":[{"n":0}]}'
    assert observer.props.has_next_page and observer.props.has_previous_page
    assert next_calls[-1] == ('{"n":0}', 1, 0, "[0]"), next_calls

    done = []
    observer.fetch_next_page_async(Gq.RefetchFlags.NONE, None,
                                   lambda o, res: done.append(o.fetch_next_page_finish(res)))
    scheduler.flush()
    assert len(done) == 1 and done[0].get_has_next_page()
    observer.fetch_next_page()
    scheduler.flush()
    assert dump(observer.props.data) == '{"pageParams":[0,1,2],"pages":[{"n":0},{"n":1},{"n":2}]}'
    assert not observer.props.has_next_page, "None from the callback means no next page"

    observer.fetch_previous_page()
    scheduler.flush()
    # max-pages 3: the previous page pushes the last one out
    assert dump(observer.props.data) == '{"pageParams":[-1,0,1],"pages":[{"n":-1},{"n":0},{"n":1}]}'
    assert not observer.props.has_previous_page, "a JSON null means no previous page"
    assert pages_seen == [(0, Gq.FetchDirection.FORWARD), (1, Gq.FetchDirection.FORWARD),
                          (2, Gq.FetchDirection.FORWARD), (-1, Gq.FetchDirection.BACKWARD)], pages_seen
    observer.unsubscribe()


@case("infinite query: client prefetch with pages, refetch-pages policy, garbage from a callback")
def _():
    client, scheduler, focus, online = make_env()
    calls = []

    def query_func(ctx, user_data):
        calls.append(ctx.get_page_param().get_int())
        ctx.resolve(json(str(10 * ctx.get_page_param().get_int())))

    opts = Gq.InfiniteQueryOptions(query_key=json('["list"]'), initial_page_param=json("1"),
                                   pages=3, refetch_pages=Gq.RefetchPages.FIRST)
    opts.set_query_func(query_func, None)
    opts.set_get_next_page_param_func(
        lambda page, pages, param, params, d: json(str(param.get_int() + 1)), None)
    done = []
    client.prefetch_infinite_query_async(opts, None, lambda c, res: done.append(c.prefetch_infinite_query_finish(res)))
    scheduler.flush()
    assert done == [True] and calls == [1, 2, 3], calls
    assert dump(client.get_query_data(json('["list"]'))) == '{"pageParams":[1,2,3],"pages":[10,20,30]}'

    # Without the pages count, a refetch of the first page only.
    opts.props.pages = 0
    observer = Gq.InfiniteQueryObserver.new(client, opts)
    observer.subscribe()
    scheduler.flush()
    assert calls == [1, 2, 3, 1], calls
    assert dump(observer.props.data) == '{"pageParams":[1],"pages":[10]}'

    # A callback returning something that is no JSON node: PyGObject
    # reports the TypeError and hands the engine NULL, so no next page.
    garbage = Gq.InfiniteQueryOptions(query_key=json('["garbage"]'), initial_page_param=json("1"))
    garbage.set_query_func(query_func, None)
    garbage.set_get_next_page_param_func(lambda page, pages, param, params, d: 5, None)
    other = Gq.InfiniteQueryObserver.new(client, garbage)
    other.subscribe()
    scheduler.flush()
    assert other.props.is_success and not other.props.has_next_page
    observer.unsubscribe()
    other.unsubscribe()


@case("mutation rolls back an optimistic update from Python")
def _():
    client, scheduler, focus, online = make_env()
    key = json('["todos"]')
    client.set_query_data(key, json('["milk"]'), 0)
    log = []

    def on_mutate(mutation, variables, user_data):
        previous = client.get_query_data(key)
        items = [previous.get_array().get_string_element(i)
                 for i in range(previous.get_array().get_length())]
        items.append(variables.get_string())
        client.set_query_data(key, json('["' + '", "'.join(items) + '"]'), 0)
        log.append(("mutate", dump(variables)))
        return previous

    def mutation_func(ctx, user_data):
        log.append(("send", ctx.get_idempotency_key() == ctx.get_idempotency_key(), dump(ctx.get_variables())))
        ctx.reject_literal(Gq.http_error_quark(), 409, "conflict")

    def on_error(mutation, failure, variables, context, user_data):
        log.append(("rollback", failure.message, dump(context)))
        client.set_query_data(key, context, 0)

    def on_settled(mutation, data, failure, variables, context, user_data):
        log.append(("settled", data, failure.code))

    opts = Gq.MutationOptions(mutation_key=json('["todos", "add"]'))
    opts.set_mutation_func(mutation_func, None)
    opts.set_on_mutate_func(on_mutate, None)
    opts.set_on_error_func(on_error, None)
    opts.set_on_settled_func(on_settled, None)
    observer = Gq.MutationObserver.new(client, opts)
    statuses = []
    observer.connect("changed", lambda o, r: statuses.append(r.get_status()))
    observer.subscribe()

    done = []
    observer.mutate_async(json('"bread"'), None, lambda o, res: done.append(res))
    assert dump(client.get_query_data(key)) == '["milk","bread"]'
    assert observer.props.is_pending
    assert client.is_mutating(None) == 1
    scheduler.flush()

    assert dump(client.get_query_data(key)) == '["milk"]'
    assert log == [("mutate", '"bread"'), ("send", True, '"bread"'),
                   ("rollback", "conflict", '["milk"]'), ("settled", None, 409)], log
    assert statuses == [Gq.MutationStatus.PENDING, Gq.MutationStatus.ERROR], statuses
    assert observer.props.is_error and observer.props.error.matches(Gq.http_error_quark(), 409)
    assert dump(observer.props.context) == '["milk"]'
    try:
        observer.mutate_finish(done[0])
    except GLib.Error as e:
        assert e.matches(Gq.http_error_quark(), 409), e
    else:
        raise AssertionError("no error")
    observer.unsubscribe()
    client.clear()


@case("mutation callbacks fail with GLib.Error; per-call callback and defaults")
def _():
    client, scheduler, focus, online = make_env()
    calls = []

    def mutation_func(ctx, user_data):
        ctx.resolve(json('{"id": 7}'))

    def on_success(mutation, data, variables, context, user_data):
        raise GLib.Error.new_literal(Gq.error_quark(), "rejected by on_success", Gq.Error.FAILED)

    defaults = Gq.MutationOptions()
    defaults.set_mutation_func(mutation_func, None)
    client.set_mutation_defaults(json('["items"]'), defaults)

    opts = Gq.MutationOptions(mutation_key=json('["items", "create"]'), scope_id="items")
    opts.set_on_success_func(on_success, None)
    observer = Gq.MutationObserver.new(client, opts)
    observer.subscribe()
    observer.mutate(json('{"name": "x"}'),
                    lambda data, error, variables, context: calls.append((data, error.message, dump(variables))))
    scheduler.flush()
    assert len(calls) == 1 and calls[0][0] is None, calls
    assert calls[0][1] == "rejected by on_success", calls
    assert calls[0][2] == '{"name":"x"}', calls
    assert observer.props.is_error
    mutation = observer.props.mutation
    assert mutation.props.scope_id == "items"
    assert mutation.get_mutation_id() == 1
    assert len(mutation.props.idempotency_key) == 36
    found = client.props.mutation_cache.find_all(Gq.MutationFilters(mutation_key=json('["items"]')))
    assert [m.get_mutation_id() for m in found] == [1]
    observer.unsubscribe()
    client.clear()
@case("REST source: install, a GET over loopback, URIs, a write-only token")
def _():
    import http.server
    import threading
    import time

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b'[{"id": 1, "path": "%s"}]' % self.path.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        source = Gq.RestSource.new(base + "/api")
        uri = source.build_uri(json('["todos", {"q": "a b", "page": 2}]'))
        assert uri.to_string() == base + "/api/todos?page=2&q=a%20b", uri.to_string()

        source.props.auth_token = "s3cr3t"
        assert source.has_auth_token()
        try:
            source.props.auth_token
        except TypeError:
            pass
        else:
            raise AssertionError("the token is readable")

        client, scheduler, focus, online = make_env()
        source.install(client)
        observer = Gq.QueryObserver.new(client, Gq.QueryOptions(query_key=json('["todos", 7]')))
        observer.subscribe()
        deadline = time.monotonic() + 60
        context = GLib.MainContext.default()
        while not observer.props.is_success:
            assert time.monotonic() < deadline, "no response"
            if not context.iteration(False):
                time.sleep(0.005)
        assert dump(observer.props.data) == '[{"id":1,"path":"/api/todos/7"}]', dump(observer.props.data)
        observer.unsubscribe()
    finally:
        server.shutdown()
        server.server_close()

    error = Gq.http_error_new(503, "Service Unavailable", None, None, 2000)
    assert error.matches(Gq.http_error_quark(), 503)
    assert error.message == "HTTP 503 Service Unavailable"
    assert Gq.http_error_is_retryable(error)


@case("dehydrate with a Python filter, hydrate with default options")
def _():
    client, scheduler, focus, online = make_env()
    client.set_query_data(json('["keep"]'), json('{"a": 1}'), 0)
    client.set_query_data(json('["drop"]'), json('2'), 0)

    opts = Gq.DehydrateOptions()
    opts.set_should_dehydrate_query_func(lambda query, data: Gq.json_to_canonical(query.get_query_key()) == '["keep"]', None)
    state = Gq.dehydrate(client, opts)
    assert [q.get_object().get_string_member("queryHash")
            for q in state.get_object().get_array_member("queries").get_elements()] == ['["keep"]']

    other, _, _, _ = make_env()
    hydrate_opts = Gq.HydrateOptions(default_query_options=Gq.QueryOptions(retry=5))
    assert Gq.hydrate(other, state, hydrate_opts)
    query = other.props.query_cache.find(Gq.QueryFilters(query_key=json('["keep"]')))
    assert dump(query.get_state().get_data()) == '{"a":1}'
    assert query.get_options().props.retry == 5
    assert other.get_query_data(json('["drop"]')) is None
    try:
        Gq.hydrate(other, json('{"queries": 3}'), None)
    except GLib.Error as e:
        assert e.matches(Gq.error_quark(), Gq.Error.INVALID_DEHYDRATED_STATE), e
        assert "queries: not an array" in e.message, e.message
    else:
        raise AssertionError("no error")
    client.clear()
    other.clear()


@case("persist controller on a file: flush, then restore in another client")
def _():
    folder = tempfile.mkdtemp(prefix="gq-gi-")
    try:
        path = os.path.join(folder, "app", "cache.json")
        context = GLib.MainContext.default()

        def wait(start, finish, obj):
            results = []
            start(None, lambda o, res: results.append(res))
            while not results:
                context.iteration(True)
            return finish(results[0])

        client, scheduler, focus, online = make_env()
        persister = Gq.FilePersister.new(path)
        assert persister.get_path() == path
        controller = Gq.PersistController.new(client, persister)
        controller.props.buster = "v1"
        assert wait(controller.restore_async, controller.restore_finish, controller)
        client.set_query_data(json('["todos"]'), json('["milk"]'), 0)
        assert wait(controller.flush_async, controller.flush_finish, controller)
        assert os.stat(path).st_mode & 0o777 == 0o600
        with open(path) as f:
            text = f.read()
        assert '"format":"gquery-persist"' in text and '"buster":"v1"' in text, text

        other, _, _, _ = make_env()
        second = Gq.PersistController.new(other, Gq.FilePersister.new(path))
        second.props.buster = "v1"
        assert wait(second.restore_async, second.restore_finish, second)
        assert dump(other.get_query_data(json('["todos"]'))) == '["milk"]'
        client.clear()
        other.clear()
    finally:
        shutil.rmtree(folder)



class Tracked:
    """A callable whose release the test can observe: PyGObject keeps the
    callable alive while the C side holds the closure, and drops it when
    the destroy notify runs, so a weak reference tells a leaked closure
    ((scope notified) missing its destroy) from a released one."""

    def __init__(self, fn):
        self.fn = fn
        self.calls = 0

    def __call__(self, *args):
        self.calls += 1
        return self.fn(*args)


def alive(refs):
    gc.collect()
    return [name for name, ref in refs.items() if ref() is not None]


@case("get_all and find_all: the arrays own their references, the bindings balance them")
def _():
    import weakref  # noqa: F401 - documents what the counts stand for
    client, scheduler, focus, online = make_env()
    client.set_query_data(json('["a"]'), json("1"), 0)
    client.set_query_data(json('["b"]'), json("2"), 0)
    cache = client.props.query_cache
    query = cache.find(Gq.QueryFilters(query_key=json('["a"]')))
    held = query.__grefcount__  # the cache's reference and the wrapper's
    for _ in range(20):
        everything = cache.get_all()
        assert [q.get_query_hash() for q in everything] == ['["a"]', '["b"]']
        assert everything[0] is query
        found = cache.find_all(Gq.QueryFilters(query_key=json('["a"]')))
        assert len(found) == 1 and found[0] is query
        del everything, found
        gc.collect()
        assert query.__grefcount__ == held, (query.__grefcount__, held)

    opts = Gq.MutationOptions(mutation_key=json('["m"]'))
    opts.set_mutation_func(lambda ctx, d: ctx.resolve(json("true")), None)
    observer = Gq.MutationObserver.new(client, opts)
    observer.mutate(json("1"), None)
    scheduler.flush()
    mutations = client.props.mutation_cache
    mutation = observer.props.mutation
    held = mutation.__grefcount__
    for _ in range(20):
        listed = mutations.get_all()
        assert len(listed) == 1 and listed[0] is mutation
        assert len(mutations.find_all(None)) == 1
        del listed
        gc.collect()
        assert mutation.__grefcount__ == held, (mutation.__grefcount__, held)

    # Once everything lets go, the objects are finalized: nothing leaked.
    finalized = []
    query.weak_ref(lambda: finalized.append("query"))
    mutation.weak_ref(lambda: finalized.append("mutation"))
    del query, mutation, observer
    client.clear()
    gc.collect()
    assert sorted(finalized) == ["mutation", "query"], finalized


@case("query options callbacks: called again and again, released with the options")
def _():
    client, scheduler, focus, online = make_env()
    values = iter(range(1, 100))
    query_func = Tracked(lambda ctx, d: ctx.resolve(json('{"n": %d, "rest": [1, 2]}' % next(values))))
    select = Tracked(lambda data, d: data.get_object().get_member("n"))
    retry = Tracked(lambda count, error, d: False)
    retry_delay = Tracked(lambda count, error, d: 5)
    placeholder = Tracked(lambda prev, query, d: json('{"n": 0}'))
    stale_time = Tracked(lambda query, d: 0)
    interval = Tracked(lambda query, d: 1000)
    refs = {}
    import weakref
    for name, fn in [("query", query_func), ("select", select), ("retry", retry),
                     ("retry-delay", retry_delay), ("placeholder", placeholder),
                     ("stale-time", stale_time), ("interval", interval)]:
        refs[name] = weakref.ref(fn)
    del fn

    opts = Gq.QueryOptions(query_key=json('["tracked"]'))
    opts.set_query_func(query_func, None)
    opts.set_select_func(select, None)
    opts.set_retry_func(retry, None)
    opts.set_retry_delay_func(retry_delay, None)
    opts.set_placeholder_func(placeholder, None)
    opts.set_stale_time_func(stale_time, None)
    opts.set_refetch_interval_func(interval, None)
    del query_func, select, retry, retry_delay, placeholder, stale_time, interval
    gc.collect()
    assert sorted(alive(refs)) == sorted(refs), "the options hold the callables"

    # Replacing a function on options no query uses yet releases it at once.
    spare = Tracked(lambda count, error, d: True)
    spare_ref = weakref.ref(spare)
    spare_opts = Gq.QueryOptions(query_key=json('["spare"]'))
    spare_opts.set_retry_func(spare, None)
    del spare
    assert spare_ref() is not None
    spare_opts.set_retry_func(None, None)
    gc.collect()
    assert spare_ref() is None

    observer = Gq.QueryObserver.new(client, opts)
    assert observer.props.data.get_int() == 0, "the placeholder goes through select"
    observer.subscribe()
    scheduler.flush()
    assert observer.props.data.get_int() == 1
    scheduler.advance(1000)  # the interval refetches
    scheduler.flush()
    scheduler.advance(1000)
    scheduler.flush()
    assert observer.props.data.get_int() == 3, dump(observer.props.data)
    counts = {name: ref().calls for name, ref in refs.items()}
    assert counts["query"] == 3 and counts["select"] >= 3, counts
    assert counts["interval"] >= 3 and counts["stale-time"] >= 1, counts

    observer.unsubscribe()
    del observer
    client.clear()
    del opts
    assert alive(refs) == [], alive(refs)


@case("updaters: None for a missing query, set_queries_data over several queries")
def _():
    client, scheduler, focus, online = make_env()
    seen = []

    def first(previous, user_data):
        seen.append(previous)
        return json('["first"]')

    stored = client.set_query_data_with_updater(json('["todos", 1]'), first, None, 0)
    assert seen == [None] and dump(stored) == '["first"]'
    client.set_query_data(json('["todos", 2]'), json('["second"]'), 0)
    client.set_query_data(json('["other"]'), json('"left alone"'), 0)

    def append(previous, user_data):
        items = [previous.get_array().get_string_element(i) for i in range(previous.get_array().get_length())]
        return json('["' + '", "'.join(items + ["more"]) + '"]')

    updater = Tracked(append)
    result = client.set_queries_data(Gq.QueryFilters.new(json('["todos"]')), updater, None, 0)
    assert updater.calls == 2
    assert dump(result) == '[[["todos",1],["first","more"]],[["todos",2],["second","more"]]]', dump(result)
    assert dump(client.get_query_data(json('["other"]'))) == '"left alone"'
    assert dump(client.get_queries_data(Gq.QueryFilters.new(json('["todos"]')))) == dump(result)
    # (scope call): the updater is not kept once the call returns.
    import weakref
    ref = weakref.ref(updater)
    del updater
    gc.collect()
    assert ref() is None


@case("page param functions: nullable returns, released with the options")
def _():
    client, scheduler, focus, online = make_env()
    import weakref

    def query_func(ctx, user_data):
        ctx.resolve(json('{"n": %d}' % ctx.get_page_param().get_int()))

    next_param = Tracked(lambda page, pages, param, params, d:
                         json(str(param.get_int() + 1)) if param.get_int() < 3 else None)
    previous_param = Tracked(lambda page, pages, param, params, d: None)
    refs = {"next": weakref.ref(next_param), "previous": weakref.ref(previous_param)}
    opts = Gq.InfiniteQueryOptions(query_key=json('["pages"]'), initial_page_param=json("1"))
    opts.set_query_func(query_func, None)
    opts.set_get_next_page_param_func(next_param, None)
    opts.set_get_previous_page_param_func(previous_param, None)
    del next_param, previous_param
    observer = Gq.InfiniteQueryObserver.new(client, opts)
    observer.subscribe()
    scheduler.flush()
    for _ in range(3):
        observer.fetch_next_page()
        scheduler.flush()
    assert dump(observer.props.data) == '{"pageParams":[1,2,3],"pages":[{"n":1},{"n":2},{"n":3}]}'
    assert not observer.props.has_next_page and not observer.props.has_previous_page
    assert refs["next"]().calls >= 3
    observer.unsubscribe()
    del observer, opts
    client.clear()
    assert alive(refs) == [], alive(refs)


@case("mutation callbacks: the on-mutate context reaches every callback; all released")
def _():
    client, scheduler, focus, online = make_env()
    import weakref
    log = []

    def mutation_func(ctx, user_data):
        if ctx.get_variables().get_int() < 0:
            ctx.reject_literal(Gq.error_quark(), Gq.Error.FAILED, "negative")
        else:
            ctx.resolve(json('{"saved": %d}' % ctx.get_variables().get_int()))

    on_mutate = Tracked(lambda m, variables, d: json('{"snapshot": %d}' % variables.get_int()))
    on_success = Tracked(lambda m, data, variables, context, d:
                         log.append(("success", dump(data), dump(context))))
    on_error = Tracked(lambda m, failure, variables, context, d:
                       log.append(("error", failure.message, dump(context))))
    on_settled = Tracked(lambda m, data, failure, variables, context, d:
                         log.append(("settled", dump(data), failure.message if failure else None, dump(context))))
    cache_mutate = Tracked(lambda m, variables, d: log.append(("cache", dump(variables))) or json('"ignored"'))
    refs = {name: weakref.ref(fn) for name, fn in [("mutate", on_mutate), ("success", on_success),
                                                    ("error", on_error), ("settled", on_settled),
                                                    ("cache", cache_mutate)]}
    client.props.mutation_cache.set_on_mutate_func(cache_mutate, None)
    opts = Gq.MutationOptions()
    opts.set_mutation_func(mutation_func, None)
    opts.set_on_mutate_func(on_mutate, None)
    opts.set_on_success_func(on_success, None)
    opts.set_on_error_func(on_error, None)
    opts.set_on_settled_func(on_settled, None)
    del on_mutate, on_success, on_error, on_settled, cache_mutate
    observer = Gq.MutationObserver.new(client, opts)
    observer.subscribe()  # per-call callbacks reach subscribed observers only, as in TanStack

    per_call = Tracked(lambda data, error, variables, context: log.append(("call", dump(context))))
    refs["per-call"] = weakref.ref(per_call)
    observer.mutate(json("5"), per_call)
    del per_call
    scheduler.flush()
    observer.mutate(json("-1"), None)
    scheduler.flush()
    assert log == [("cache", "5"), ("success", '{"saved":5}', '{"snapshot":5}'),
                   ("settled", '{"saved":5}', None, '{"snapshot":5}'), ("call", '{"snapshot":5}'),
                   ("cache", "-1"), ("error", "negative", '{"snapshot":-1}'),
                   ("settled", None, "negative", '{"snapshot":-1}')], log
    assert "per-call" not in alive(refs), "the per-call callback is released once it ran"
    observer.unsubscribe()
    del observer, opts
    client.props.mutation_cache.set_on_mutate_func(None, None)
    client.clear()
    assert alive(refs) == [], alive(refs)


@case("filters predicate and dehydrate callbacks: released with their objects")
def _():
    client, scheduler, focus, online = make_env()
    import weakref
    client.set_query_data(json('["x", 1]'), json('{"secret": "s", "shown": 1}'), 0)
    client.set_query_data(json('["y"]'), json("2"), 0)
    predicate = Tracked(lambda query, d: query.get_query_hash().startswith('["x"'))
    serialize = Tracked(lambda data, d: json('{"shown": %d}' % data.get_object().get_int_member("shown")))
    refs = {"predicate": weakref.ref(predicate), "serialize": weakref.ref(serialize)}
    filters = Gq.QueryFilters.new(None)
    filters.set_predicate(predicate, None)
    assert [q.get_query_hash() for q in client.props.query_cache.find_all(filters)] == ['["x",1]']
    opts = Gq.DehydrateOptions()
    opts.set_should_dehydrate_query_func(lambda q, d: q.get_query_hash() == '["x",1]', None)
    opts.set_serialize_data_func(serialize, None)
    del predicate, serialize
    state = Gq.dehydrate(client, opts)
    queries = state.get_object().get_array_member("queries")
    assert queries.get_length() == 1
    assert dump(queries.get_object_element(0).get_object_member("state").get_member("data")) == '{"shown":1}'
    del filters, opts
    assert alive(refs) == [], alive(refs)


def main():
    print(f"1..{len(results)}")
    failed = 0
    for i, (name, fn) in enumerate(results, 1):
        try:
            fn()
            gc.collect()
            print(f"ok {i} - {name}")
        except Exception as e:  # noqa: BLE001 - report every failure as TAP
            failed += 1
            print(f"not ok {i} - {name}: {type(e).__name__}: {e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
