#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# projects.py [URL]: gquery from Python, through the Gq-1 typelib.
#
# Lists the newest projects of a gquery-demo-server (default
# http://127.0.0.1:3000), adds one with a mutation whose on-settled
# callback invalidates the list, and prints the list again after the
# refetch that the invalidation starts.

import sys

import gi

gi.require_version("Gq", "1")
gi.require_version("Json", "1.0")
from gi.repository import GLib, Gq, Json  # noqa: E402


def main(url):
    loop = GLib.MainLoop()
    client = Gq.QueryClient.new()
    source = Gq.RestSource.new(url)
    source.install(client)  # the default query function: keys are paths

    newest = Gq.key_parse('["projects", {"_sort": "id", "_order": "desc", "_limit": 3}]')
    options = Gq.QueryOptions(query_key=newest, network_mode=Gq.NetworkMode.ALWAYS)
    projects = Gq.QueryObserver.new(client, options)
    printed = []

    def on_changed(observer, result):
        if result.get_is_error():
            print("error:", result.get_error().message, file=sys.stderr)
            loop.quit()
        elif result.get_is_success() and not result.get_is_fetching():
            names = [p.get_object().get_string_member("name")
                     for p in result.get_data().get_array().get_elements()]
            print("projects:", ", ".join(names))
            printed.append(names)
            if len(printed) == 1:
                add_project()
            else:
                loop.quit()

    def invalidate(mutation, data, error, variables, context, user_data):
        client.invalidate_queries(Gq.QueryFilters.new(Json.from_string('["projects"]')))

    add = Gq.MutationOptions(mutation_key=Json.from_string('["projects"]'))
    source.setup_mutation_options(add, "POST")
    add.set_on_settled_func(invalidate, None)
    creator = Gq.MutationObserver.new(client, add)

    def add_project():
        print("adding \"Written in Python\"")
        creator.mutate(Json.from_string('{"name": "Written in Python", "ownerId": 1}'), None)

    projects.connect("changed", on_changed)
    projects.subscribe()
    loop.run()
    projects.unsubscribe()
    return 0 if len(printed) == 2 and printed[1][0] == "Written in Python" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:3000"))
