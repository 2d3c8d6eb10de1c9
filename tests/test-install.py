#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# test-install.py BUILDDIR SRCDIR
#
# Installs the build into BUILDDIR/install-test (DESTDIR), then uses it as
# a developer would: the libraries are soname-versioned, the headers and
# pkg-config files are where the .pc files say, the examples compile with
# `cc $(pkg-config --cflags --libs gquery-1)` against the installed files
# only and run (the GTK one under Xvfb), the typelibs load in Python.
# Writes nothing outside BUILDDIR.

import glob
import json
import os
import shutil
import subprocess
import sys

BUILDDIR, SRCDIR = (os.path.abspath(p) for p in sys.argv[1:3])
ROOT = os.path.join(BUILDDIR, "install-test")
DESTDIR = os.path.join(ROOT, "destdir")
WORK = os.path.join(ROOT, "work")

cases = []


def case(name):
    def wrap(fn):
        cases.append((name, fn))
        return fn
    return wrap


def run(argv, env=None, **kwargs):
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} exited with {result.returncode}:\n"
                             f"{result.stdout}\n{result.stderr}")
    return result.stdout


def option(options, name):
    return next(o["value"] for o in options if o["name"] == name)


options = json.loads(run(["meson", "introspect", "--buildoptions", BUILDDIR]))
PREFIX = option(options, "prefix")
LIBDIR = os.path.join(PREFIX, option(options, "libdir"))
INCLUDEDIR = os.path.join(PREFIX, option(options, "includedir"))
BINDIR = os.path.join(PREFIX, option(options, "bindir"))
DATADIR = os.path.join(PREFIX, option(options, "datadir"))
HAS_GTK = os.path.exists(os.path.join(BUILDDIR, "meson-private", "gquery-gtk-1.pc"))
HAS_GIR = os.path.exists(os.path.join(BUILDDIR, "src", "gquery", "Gq-1.typelib"))


def staged(path):
    return DESTDIR + path


def pkg_env():
    # The .pc files say prefix=PREFIX; a copy relocated to the staged tree
    # is what a developer's pkg-config would read after a real install.
    pcdir = os.path.join(WORK, "pkgconfig")
    os.makedirs(pcdir, exist_ok=True)
    for pc in glob.glob(os.path.join(staged(LIBDIR), "pkgconfig", "*.pc")):
        with open(pc) as f:
            text = f.read()
        text = text.replace(f"prefix={PREFIX}\n", f"prefix={staged(PREFIX)}\n", 1)
        with open(os.path.join(pcdir, os.path.basename(pc)), "w") as f:
            f.write(text)
    env = dict(os.environ)
    env["PKG_CONFIG_PATH"] = pcdir + (":" + env["PKG_CONFIG_PATH"] if env.get("PKG_CONFIG_PATH") else "")
    env["LD_LIBRARY_PATH"] = staged(LIBDIR)
    env["GI_TYPELIB_PATH"] = os.path.join(staged(LIBDIR), "girepository-1.0")
    return env


def pc_fields(name):
    fields = {}
    with open(os.path.join(staged(LIBDIR), "pkgconfig", name)) as f:
        for line in f:
            if ":" in line and "=" not in line.split(":", 1)[0]:
                key, value = line.split(":", 1)
                fields[key.strip()] = value.strip()
    return fields


def compile_example(source, package, output):
    env = pkg_env()
    flags = run(["pkg-config", "--cflags", "--libs", package], env=env).split()
    for flag in flags:
        if flag.startswith("-I") and "gquery" in flag:
            assert flag[2:].startswith(DESTDIR), f"{flag} is not in the staged tree"
    exe = os.path.join(WORK, output)
    run(["cc", "-Wall", "-Werror", "-o", exe, os.path.join(SRCDIR, "examples", source)] + flags, env=env)
    return exe, env


@case("meson install --destdir stages every file")
def _():
    shutil.rmtree(ROOT, ignore_errors=True)
    os.makedirs(WORK)
    run(["meson", "install", "-C", BUILDDIR, "--no-rebuild", "--quiet", "--destdir", DESTDIR])
    assert os.path.isfile(staged(os.path.join(BINDIR, "gquery-demo-server")))


@case("libraries are soname-versioned")
def _():
    for lib in ["libgquery-1"] + (["libgquery-gtk-1"] if HAS_GTK else []):
        base = os.path.join(staged(LIBDIR), lib + ".so")
        assert os.path.islink(base), f"{base} is no symlink"
        assert os.path.realpath(base).endswith(".so.0.0.0"), os.path.realpath(base)
        soname = run(["objdump", "-p", base])
        assert f"SONAME               {lib}.so.0" in soname, soname


@case("headers under versioned include directories")
def _():
    inc = staged(os.path.join(INCLUDEDIR, "gquery-1"))
    for header in ["gquery.h", "gq-enum-types.h", "gq-query-client.h", "gq-version-macros.h"]:
        assert os.path.isfile(os.path.join(inc, header)), header
    assert not glob.glob(os.path.join(inc, "*-private.h")), "private headers installed"
    if HAS_GTK:
        assert os.path.isfile(staged(os.path.join(INCLUDEDIR, "gquery-gtk-1", "gquery-gtk.h")))


@case("pkg-config files")
def _():
    engine = pc_fields("gquery-1.pc")
    assert engine["Libs"] == "-L${libdir} -lgquery-1", engine
    assert engine["Cflags"] == "-I${includedir}/gquery-1", engine
    for dep in ("gio-2.0", "json-glib-1.0", "libsoup-3.0"):
        assert dep in engine["Requires"], engine
    if HAS_GTK:
        gtk = pc_fields("gquery-gtk-1.pc")
        requires = [r.split()[0] for r in gtk["Requires"].split(",")]
        assert "gquery-1" in requires and "gtk4" in requires, gtk
        assert gtk["Libs"] == "-L${libdir} -lgquery-gtk-1", gtk
        env = pkg_env()
        cflags = run(["pkg-config", "--cflags", "gquery-gtk-1"], env=env)
        assert "gquery-gtk-1" in cflags and "gquery-1" in cflags and "gtk-4.0" in cflags, cflags


@case("introspection data")
def _():
    if not HAS_GIR:
        return "introspection disabled"
    gir = staged(os.path.join(DATADIR, "gir-1.0"))
    typelibs = os.path.join(staged(LIBDIR), "girepository-1.0")
    names = ["Gq-1"] + (["GqGtk-1"] if HAS_GTK else [])
    for name in names:
        assert os.path.isfile(os.path.join(gir, name + ".gir")), name
        assert os.path.isfile(os.path.join(typelibs, name + ".typelib")), name
    code = ("import gi; gi.require_version('Gq', '1'); from gi.repository import Gq; "
            "print(Gq.key_hash(Gq.key_parse('[\"a\", {\"b\": 1}]')))")
    out = run(["/usr/bin/python3", "-c", code], env=pkg_env())
    assert out.strip() == '["a",{"b":1}]', out


@case("gquery-hello builds against the installed gquery-1 and runs")
def _():
    exe, env = compile_example("gquery-hello.c", "gquery-1", "gquery-hello")
    out = run([exe, os.path.join(SRCDIR, "examples", "todos.json")], env=env)
    assert "success  idle" in out, out


@case("gquery-projects builds against the installed gquery-1 and reads the installed demo server")
def _():
    exe, env = compile_example("gquery-projects.c", "gquery-1", "gquery-projects")
    server = staged(os.path.join(BINDIR, "gquery-demo-server"))
    out = run([os.path.join(SRCDIR, "build-aux", "with-demo-server.py"), server, "--", exe, "@URL@"], env=env)
    assert len([line for line in out.splitlines() if line[:4].strip().isdigit()]) == 5, out


@case("the Python example runs on the installed typelib")
def _():
    if not HAS_GIR:
        return "introspection disabled"
    env = pkg_env()
    server = staged(os.path.join(BINDIR, "gquery-demo-server"))
    out = run([os.path.join(SRCDIR, "build-aux", "with-demo-server.py"), server, "--",
               "/usr/bin/python3", os.path.join(SRCDIR, "examples", "projects.py"), "@URL@"], env=env)
    assert "projects: Written in Python" in out, out


@case("the GTK example builds against the installed gquery-gtk-1 and runs")
def _():
    source = os.path.join(SRCDIR, "examples", "gquery-gtk-tasks.c")
    if not HAS_GTK or not os.path.exists(source) or not shutil.which("xvfb-run"):
        return "no GTK layer, GTK example or xvfb-run"
    exe, env = compile_example("gquery-gtk-tasks.c", "gquery-gtk-1", "gquery-gtk-tasks")
    env["GQ_EXAMPLE_SMOKE"] = "1"
    server = staged(os.path.join(BINDIR, "gquery-demo-server"))
    out = run([os.path.join(SRCDIR, "build-aux", "with-demo-server.py"), server, "--",
               os.path.join(SRCDIR, "build-aux", "xvfb-test.sh"), exe, "@URL@"], env=env)
    assert "tasks shown" in out, out


def main():
    print(f"1..{len(cases)}")
    failed = 0
    for i, (name, fn) in enumerate(cases, 1):
        try:
            skipped = fn()
            print(f"ok {i} - {name}" + (f" # SKIP {skipped}" if skipped else ""))
        except Exception as e:  # noqa: BLE001 - every failure is a TAP line
            failed += 1
            print(f"not ok {i} - {name}")
            for line in f"{type(e).__name__}: {e}".splitlines():
                print(f"# {line}")
    shutil.rmtree(ROOT, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
