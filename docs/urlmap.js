// SPDX-License-Identifier: LGPL-2.1-or-later
// Where gi-docgen links the namespaces the references depend on.
baseURLs = [
  ['GLib', 'https://docs.gtk.org/glib/'],
  ['GObject', 'https://docs.gtk.org/gobject/'],
  ['Gio', 'https://docs.gtk.org/gio/'],
  ['Gdk', 'https://docs.gtk.org/gdk4/'],
  ['Gsk', 'https://docs.gtk.org/gsk4/'],
  ['Gtk', 'https://docs.gtk.org/gtk4/'],
  ['Pango', 'https://docs.gtk.org/Pango/'],
  ['Json', 'https://gnome.pages.gitlab.gnome.org/json-glib/'],
  ['Soup', 'https://libsoup.org/libsoup-3.0/'],
  ['Gq', '../gquery-1/'],
]
