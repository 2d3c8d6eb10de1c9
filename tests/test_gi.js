// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Drives the engine through the Gq-1 typelib from GJS, uninstalled (gjs -m):
// JavaScript functions as query functions, updaters, select, page-param
// functions and mutation callbacks, so a wrong annotation (transfer, scope,
// nullable, closure/destroy) shows up as an exception, a crash or a
// reference count that drifts.

import GLib from 'gi://GLib';
import Gq from 'gi://Gq?version=1';
import Json from 'gi://Json';
import System from 'system';

const cases = [];
const test = (name, fn) => cases.push([name, fn]);

function json(text) {
    return Json.from_string(text);
}

function dump(node) {
    return node === null ? null : Gq.json_to_canonical(node);
}

function assert(condition, message) {
    if (!condition)
        throw new Error(`assertion failed${message === undefined ? '' : `: ${message}`}`);
}

function assertEqual(actual, expected) {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    if (a !== e)
        throw new Error(`expected ${e}, got ${a}`);
}

function makeEnv() {
    const scheduler = Gq.ManualScheduler.new(1000000);
    const client = Gq.QueryClient.new_full(scheduler, Gq.FocusManager.new(), Gq.OnlineManager.new(null));
    return {scheduler, client};
}

test('a JavaScript query function, called again on every refetch', () => {
    const {scheduler, client} = makeEnv();
    const keys = [];
    const options = new Gq.QueryOptions({query_key: json('["todo", 1]')});
    options.set_query_func(context => {
        keys.push(dump(context.get_query_key()));
        context.resolve(json(`{"id": 1, "fetch": ${keys.length}}`));
    });
    const observer = Gq.QueryObserver.new(client, options);
    const statuses = [];
    observer.connect('changed', (o, result) => statuses.push([result.get_status(), result.get_fetch_status()]));
    observer.subscribe();
    scheduler.flush();
    for (let i = 0; i < 3; i++) {
        System.gc();   // a closure freed too early (wrong scope) crashes here
        observer.refetch();
        scheduler.flush();
    }
    assertEqual(keys, Array(4).fill('["todo",1]'));
    assertEqual(dump(observer.data), '{"fetch":4,"id":1}');
    assertEqual(statuses[0], [Gq.QueryStatus.PENDING, Gq.FetchStatus.FETCHING]);
    assertEqual(statuses[statuses.length - 1], [Gq.QueryStatus.SUCCESS, Gq.FetchStatus.IDLE]);
    observer.unsubscribe();
    client.clear();
});

test('a query function that completes later, and an error with its domain and code', () => {
    const {scheduler, client} = makeEnv();
    const pending = [];
    const options = new Gq.QueryOptions({query_key: json('["later"]'), retry: 0});
    options.set_query_func(context => pending.push(context));
    const done = [];
    client.fetch_query_async(options, null, (c, result) => {
        try {
            c.fetch_query_finish(result);
            done.push('resolved');
        } catch (e) {
            done.push([e.matches(Gq.http_error_quark(), 404), e.message]);
        }
    });
    scheduler.flush();
    assertEqual(pending.length, 1);
    System.gc();
    pending.pop().reject_literal(Gq.http_error_quark(), 404, 'no such thing');
    scheduler.flush();
    assertEqual(done, [[true, 'no such thing']]);
});

test('select and placeholder functions: data in, new data out', () => {
    const {scheduler, client} = makeEnv();
    const options = new Gq.QueryOptions({query_key: json('["numbers"]')});
    options.set_query_func(context => context.resolve(json('{"items": [3, 1, 2]}')));
    const previous = [];
    options.set_placeholder_func((previousData, previousQuery) => {
        previous.push([previousData, previousQuery]);
        return json('{"items": []}');
    });
    options.set_select_func(data => {
        const items = JSON.parse(Json.to_string(data, false)).items;
        return json(JSON.stringify(items.sort()));
    });
    const observer = Gq.QueryObserver.new(client, options);
    assertEqual(dump(observer.data), '[]');
    assert(observer.is_placeholder_data);
    assertEqual(previous, [[null, null]]);
    observer.subscribe();
    scheduler.flush();
    assertEqual(dump(observer.data), '[1,2,3]');
    assert(!observer.is_placeholder_data);
    observer.unsubscribe();
});

test('retry and retry-delay functions get the failure count and the GError', () => {
    const {scheduler, client} = makeEnv();
    const attempts = [];
    const decisions = [];
    const options = new Gq.QueryOptions({query_key: json('["flaky"]')});
    options.set_query_func(context => {
        attempts.push(scheduler.now() - 1000000);
        if (attempts.length < 3)
            context.reject_literal(Gq.error_quark(), Gq.Error.FAILED, `attempt ${attempts.length}`);
        else
            context.resolve(json('"ok"'));
    });
    options.set_retry_func((failureCount, error) => {
        decisions.push([failureCount, error.message]);
        return true;
    });
    options.set_retry_delay_func(failureCount => 100 * (failureCount + 1));
    const observer = Gq.QueryObserver.new(client, options);
    observer.subscribe();
    scheduler.advance(1000);
    assertEqual(attempts, [0, 100, 300]);
    assertEqual(decisions, [[0, 'attempt 1'], [1, 'attempt 2']]);
    assertEqual(dump(observer.data), '"ok"');
    observer.unsubscribe();
});

test('updaters: null for missing data, returning null leaves the data', () => {
    const {client} = makeEnv();
    const key = json('["count"]');
    const seen = [];
    let stored = client.set_query_data_with_updater(key, previous => {
        seen.push(previous);
        return json('1');
    }, 0);
    assertEqual(seen, [null]);
    assertEqual(dump(stored), '1');
    stored = client.set_query_data_with_updater(key, previous => json(String(previous.get_int() + 1)), 0);
    assertEqual(dump(stored), '2');
    assertEqual(client.set_query_data_with_updater(key, () => null, 0), null);
    assertEqual(dump(client.get_query_data(key)), '2');

    client.set_query_data(json('["count", "other"]'), json('10'), 0);
    const all = client.set_queries_data(Gq.QueryFilters.new(json('["count"]')),
        previous => json(String(previous.get_int() * 2)), 0);
    assertEqual(dump(all), '[[["count"],4],[["count","other"],20]]');
});

test('filters predicate: a JavaScript function picks the queries', () => {
    const {client} = makeEnv();
    client.set_query_data(json('["a", 1]'), json('1'), 0);
    client.set_query_data(json('["a", 2]'), json('2'), 0);
    client.set_query_data(json('["b"]'), json('3'), 0);
    const filters = Gq.QueryFilters.new(null);
    filters.set_predicate(query => query.get_state().get_data().get_int() % 2 === 1);
    System.gc();
    client.invalidate_queries(filters);
    const invalidated = client.query_cache.get_all()
        .filter(query => query.get_state().get_is_invalidated())
        .map(query => query.get_query_hash());
    assertEqual(invalidated, ['["a",1]', '["b"]']);
});

test('get_all and find_all: the references stay balanced', () => {
    const {scheduler, client} = makeEnv();
    client.set_query_data(json('["a"]'), json('1'), 0);
    const query = client.query_cache.find(new Gq.QueryFilters({query_key: json('["a"]')}));
    const held = System.refcount(query);
    for (let i = 0; i < 20; i++) {
        const all = client.query_cache.get_all();
        assert(all.length === 1 && all[0] === query);
        assertEqual(client.query_cache.find_all(null).length, 1);
    }
    System.gc();
    assertEqual(System.refcount(query), held);

    const options = new Gq.MutationOptions();
    options.set_mutation_func(context => context.resolve(json('true')));
    const observer = Gq.MutationObserver.new(client, options);
    observer.mutate(json('1'), null);
    scheduler.flush();
    const mutation = observer.mutation;
    const mutationHeld = System.refcount(mutation);
    for (let i = 0; i < 20; i++)
        assert(client.mutation_cache.get_all()[0] === mutation);
    System.gc();
    assertEqual(System.refcount(mutation), mutationHeld);
});

test('infinite query: page functions, nullable page params', () => {
    const {scheduler, client} = makeEnv();
    const fetched = [];
    const nextCalls = [];
    const options = new Gq.InfiniteQueryOptions({query_key: json('["feed"]'), initial_page_param: json('1')});
    options.set_query_func(context => {
        const param = context.get_page_param().get_int();
        fetched.push([param, context.get_direction()]);
        context.resolve(json(`{"n": ${param}}`));
    });
    options.set_get_next_page_param_func((page, allPages, pageParam, allPageParams) => {
        nextCalls.push([dump(page), allPages.get_array().get_length(), pageParam.get_int(), dump(allPageParams)]);
        return pageParam.get_int() < 3 ? json(String(pageParam.get_int() + 1)) : null;
    });
    options.set_get_previous_page_param_func(() => null);
    const observer = Gq.InfiniteQueryObserver.new(client, options);
    observer.subscribe();
    scheduler.flush();
    const done = [];
    for (let i = 0; i < 2; i++) {
        System.gc();
        observer.fetch_next_page_async(Gq.RefetchFlags.NONE, null,
            (o, result) => done.push(o.fetch_next_page_finish(result).get_has_next_page()));
        scheduler.flush();
    }
    assertEqual(done, [true, false]);
    assertEqual(dump(observer.data), '{"pageParams":[1,2,3],"pages":[{"n":1},{"n":2},{"n":3}]}');
    assert(!observer.has_previous_page, 'null from the callback: no previous page');
    assertEqual(fetched, [[1, Gq.FetchDirection.FORWARD], [2, Gq.FetchDirection.FORWARD],
        [3, Gq.FetchDirection.FORWARD]]);
    assertEqual(nextCalls[0], ['{"n":1}', 1, 1, '[1]']);
    observer.unsubscribe();
});

test('mutation callbacks: an optimistic update rolled back with the on-mutate context', () => {
    const {scheduler, client} = makeEnv();
    const key = json('["todos"]');
    client.set_query_data(key, json('["milk"]'), 0);
    const log = [];
    const options = new Gq.MutationOptions({mutation_key: json('["todos", "add"]')});
    options.set_mutation_func(context => {
        log.push(['send', dump(context.get_variables()), context.get_idempotency_key().length]);
        context.reject_literal(Gq.http_error_quark(), 409, 'conflict');
    });
    options.set_on_mutate_func((mutation, variables) => {
        const previous = client.get_query_data(key);
        const items = JSON.parse(Json.to_string(previous, false));
        client.set_query_data(key, json(JSON.stringify([...items, variables.get_string()])), 0);
        log.push(['mutate', dump(variables)]);
        return previous;
    });
    options.set_on_success_func(() => log.push(['success']));
    options.set_on_error_func((mutation, failure, variables, context) => {
        log.push(['rollback', failure.message, dump(context)]);
        client.set_query_data(key, context, 0);
    });
    options.set_on_settled_func((mutation, data, failure, variables, context) =>
        log.push(['settled', data, failure.code, dump(context)]));
    const observer = Gq.MutationObserver.new(client, options);
    observer.subscribe();
    const perCall = [];
    observer.mutate(json('"bread"'), (data, error, variables, context) =>
        perCall.push([data, error.code, dump(variables), dump(context)]));
    assertEqual(dump(client.get_query_data(key)), '["milk","bread"]');
    System.gc();
    scheduler.flush();
    assertEqual(dump(client.get_query_data(key)), '["milk"]');
    assertEqual(log, [['mutate', '"bread"'], ['send', '"bread"', 36],
        ['rollback', 'conflict', '["milk"]'], ['settled', null, 409, '["milk"]']]);
    assertEqual(perCall, [[null, 409, '"bread"', '["milk"]']]);
    assert(observer.is_error && observer.error.matches(Gq.http_error_quark(), 409));
    observer.unsubscribe();
    client.clear();
});

test('a mutation callback that throws a GLib.Error fails the mutation', () => {
    const {scheduler, client} = makeEnv();
    const options = new Gq.MutationOptions();
    options.set_mutation_func(context => context.resolve(json('{"id": 7}')));
    options.set_on_success_func(() => {
        throw new GLib.Error(Gq.error_quark(), Gq.Error.FAILED, 'rejected by on_success');
    });
    const observer = Gq.MutationObserver.new(client, options);
    observer.subscribe();
    const done = [];
    observer.mutate_async(json('1'), null, (o, result) => {
        try {
            o.mutate_finish(result);
            done.push('resolved');
        } catch (e) {
            done.push(e.message);
        }
    });
    scheduler.flush();
    assertEqual(done, ['rejected by on_success']);
    assert(observer.is_error);
    observer.unsubscribe();
});

test('dehydrate callbacks and hydrate into another client', () => {
    const {client} = makeEnv();
    client.set_query_data(json('["keep"]'), json('{"a": 1, "token": "s3cr3t"}'), 0);
    client.set_query_data(json('["drop"]'), json('2'), 0);
    const options = new Gq.DehydrateOptions();
    options.set_should_dehydrate_query_func(query => query.get_query_hash() === '["keep"]');
    options.set_serialize_data_func(data => json(`{"a": ${data.get_object().get_int_member('a')}}`));
    const state = Gq.dehydrate(client, options);
    const other = makeEnv().client;
    assert(Gq.hydrate(other, state, null));
    assertEqual(dump(other.get_query_data(json('["keep"]'))), '{"a":1}');
    assertEqual(other.get_query_data(json('["drop"]')), null);
});

let failed = 0;
print(`1..${cases.length}`);
cases.forEach(([name, fn], i) => {
    try {
        fn();
        System.gc();
        print(`ok ${i + 1} - ${name}`);
    } catch (e) {
        failed++;
        print(`not ok ${i + 1} - ${name}`);
        for (const line of `${e}\n${e.stack ?? ''}`.split('\n'))
            print(`# ${line}`);
    }
});
System.exit(failed ? 1 : 0);
