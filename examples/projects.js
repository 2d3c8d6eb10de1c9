// SPDX-License-Identifier: LGPL-2.1-or-later
//
// gjs -m projects.js [URL]: gquery from GJS, through the Gq-1 typelib.
//
// Lists the five people with the best rating on a gquery-demo-server
// (default http://127.0.0.1:3000), then fetches the next page of tasks of
// an infinite query, json-server style, and prints how many it holds.

import GLib from 'gi://GLib';
import Gq from 'gi://Gq?version=1';
import Json from 'gi://Json';
import System from 'system';

const url = System.programArgs[0] ?? 'http://127.0.0.1:3000';
const loop = new GLib.MainLoop(null, false);
const client = Gq.QueryClient.new();
const source = Gq.RestSource.new(url);
source.install(client);   // the default query function: keys are paths

let status = 1;

// A plain query, with select: the observer sees the names only.
const best = new Gq.QueryOptions({
    query_key: Gq.key_parse('["people", {"_sort": "rating", "_order": "desc", "_limit": 5}]'),
    network_mode: Gq.NetworkMode.ALWAYS,
});
best.set_select_func(data => Json.from_string(JSON.stringify(
    JSON.parse(Json.to_string(data, false)).map(person => person.name))));

const people = Gq.QueryObserver.new(client, best);
people.connect('changed', (observer, result) => {
    if (result.get_is_error()) {
        printerr(`error: ${result.get_error().message}`);
        loop.quit();
    } else if (result.get_is_success() && !result.get_is_fetching()) {
        print(`best rated: ${JSON.parse(Json.to_string(result.get_data(), false)).join(', ')}`);
        people.unsubscribe();
        loadTasks();
    }
});

// An infinite query: pages of 20 tasks, json-server's _page/_limit.
function loadTasks() {
    source.page_size = 20;
    const options = new Gq.InfiniteQueryOptions({
        query_key: Gq.key_parse('["tasks", {"done": false}]'),
        network_mode: Gq.NetworkMode.ALWAYS,
    });
    source.setup_infinite_options(options);
    const tasks = Gq.InfiniteQueryObserver.new(client, options);
    tasks.connect('changed', (observer, result) => {
        if (result.get_is_error()) {
            printerr(`error: ${result.get_error().message}`);
            loop.quit();
            return;
        }
        if (!result.get_is_success() || result.get_is_fetching())
            return;
        const pages = result.get_data().get_object().get_array_member('pages');
        const count = pages.get_elements().reduce(
            (n, page) => n + page.get_object().get_array_member('items').get_length(), 0);
        const total = pages.get_object_element(0).get_int_member('total');
        print(`open tasks loaded: ${count} of ${total}, in ${pages.get_length()} pages`);
        if (pages.get_length() < 2) {
            tasks.fetch_next_page();
        } else {
            status = count === 40 ? 0 : 1;
            tasks.unsubscribe();
            loop.quit();
        }
    });
    tasks.subscribe();
}

people.subscribe();
loop.run();
System.exit(status);
