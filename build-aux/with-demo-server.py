#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# with-demo-server.py SERVER [SERVER-ARGS...] -- COMMAND [ARGS...]
#
# Starts gquery-demo-server on a free loopback port, runs COMMAND with every
# "@URL@" in its arguments replaced by the server's URL (also exported as
# GQ_DEMO_URL), stops the server, and exits with COMMAND's status.

import os
import signal
import subprocess
import sys


def main(argv):
    if "--" not in argv:
        print("usage: with-demo-server.py SERVER [ARGS...] -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    split = argv.index("--")
    server_argv = argv[:split] + ["--port", "0"]
    command = argv[split + 1:]

    server = subprocess.Popen(server_argv, stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline().strip()
        prefix = "Listening on "
        if not line.startswith(prefix):
            print(f"the demo server did not start: {line!r}", file=sys.stderr)
            return 1
        url = line[len(prefix):].rstrip("/")
        env = dict(os.environ, GQ_DEMO_URL=url)
        command = [arg.replace("@URL@", url) for arg in command]
        return subprocess.run(command, env=env, timeout=240).returncode
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
