"""Where new nodes go: next to the node they came from, while every node already on screen stays put.

dash-cytoscape would run the whole layout again on every addition (its autoRefreshLayout), throwing the
picture the reader has learnt into new random places. Instead the layout runs once, on the first view and
when the reader asks (Re-layout, or another layout), and this script places each later arrival on a ring
around its anchor (the neighbour already on screen), facing away from the picture's centre, at a free spot.
A node the reader drags is pinned: a re-layout leaves it where it was put, until Unpin. Hovering a node
shows its whole name, which the canvas label cuts short.
"""

from __future__ import annotations

import json

from dashboard.layouts import DEFAULT_LAYOUT, LAYOUTS

SPACING = 64  # px between neighbours on a ring, and the least distance between two nodes' centres
RING = 150  # px from an anchor to its first ring; further rings 80 px apart

PLACEMENT_JS = """
(function () {
  var SPACING = %(spacing)d, RING = %(ring)d;
  var layouts = %(layouts)s;
  window.geokg.layoutName = '%(default)s';
  window.geokg.layoutOptions = function () { return layouts[window.geokg.layoutName] || layouts['%(default)s']; };

  function occupied(cy, except) {
    // a grid of cells SPACING wide: a new spot is free when no node sits in its 3x3 neighbourhood
    var cells = {};
    cy.nodes().not(except).forEach(function (n) { mark(cells, n.position()); });
    return cells;
  }
  function key(x, y) { return Math.floor(x / SPACING) + ':' + Math.floor(y / SPACING); }
  function mark(cells, p) { var k = key(p.x, p.y); (cells[k] = cells[k] || []).push(p); }
  function free(cells, p) {
    var cx = Math.floor(p.x / SPACING), cy = Math.floor(p.y / SPACING);
    for (var i = -1; i <= 1; i++) { for (var j = -1; j <= 1; j++) {
      var near = cells[(cx + i) + ':' + (cy + j)] || [];
      for (var k = 0; k < near.length; k++) {
        if (Math.hypot(near[k].x - p.x, near[k].y - p.y) < SPACING) { return false; }
      }
    } }
    return true;
  }

  function ring(cells, anchor, count, away) {
    // spots around the anchor: rings of growing radius, starting on the side that faces away from the centre
    var spots = [], radius = RING, tries = 0;
    while (spots.length < count && tries < 50) {
      var slots = Math.max(6, Math.floor(2 * Math.PI * radius / SPACING));
      for (var s = 0; s < slots && spots.length < count; s++) {
        var step = (s %% 2 ? 1 : -1) * Math.ceil(s / 2);  // alternate around the outward direction
        var angle = away + step * 2 * Math.PI / slots;
        var p = {x: anchor.x + radius * Math.cos(angle), y: anchor.y + radius * Math.sin(angle)};
        if (free(cells, p)) { spots.push(p); mark(cells, p); }
      }
      radius += 80; tries++;
    }
    return spots;
  }

  function place(cy) {
    var fresh = cy.nodes().filter(function (n) { return n.scratch('geokgFresh'); });
    if (!fresh.length) { return; }
    fresh.forEach(function (n) { n.removeScratch('geokgFresh'); });
    var settled = cy.nodes().not(fresh);
    if (!settled.length) {  // the first view: the whole layout, once
      cy.layout(window.geokg.layoutOptions()).run();
      return;
    }
    var bb = settled.boundingBox(), centre = {x: (bb.x1 + bb.x2) / 2, y: (bb.y1 + bb.y2) / 2};
    var cells = occupied(cy, fresh), groups = {}, order = [];
    fresh.forEach(function (n) {
      var anchors = n.neighborhood('node').not(fresh);
      var anchor = anchors.length ? anchors.max(function (a) { return a.degree(); }).ele : null;
      var id = anchor ? anchor.id() : '';
      if (!groups[id]) { groups[id] = {anchor: anchor, nodes: []}; order.push(id); }
      groups[id].nodes.push(n);
    });
    order.forEach(function (id) {
      var g = groups[id];
      var from = g.anchor ? g.anchor.position() : {x: bb.x2 + RING, y: centre.y};  // no link yet: to the right
      var away = Math.atan2(from.y - centre.y, from.x - centre.x);
      var spots = ring(cells, from, g.nodes.length, g.anchor ? away : 0);
      g.nodes.forEach(function (n, i) { if (spots[i]) { n.position(spots[i]); } });
    });
  }

  function attach() {
    var cy = window.geokg.cy();
    if (!cy) { setTimeout(attach, 50); return; }
    if (cy.scratch('geokgPlacement')) { return; }
    cy.scratch('geokgPlacement', true);
    var pending = null;
    cy.on('add', 'node', function (event) {
      event.target.scratch('geokgFresh', true);
      if (!pending) { pending = setTimeout(function () { pending = null; place(cy); }, 0); }
    });
    cy.on('dragfree', 'node', function (event) { event.target.addClass('pinned'); });
    // a label is cut at 40 characters on the canvas: the whole name shows on hover, as the browser's tooltip
    cy.on('mouseover', 'node', function (event) { cy.container().title = event.target.data('name') || ''; });
    cy.on('mouseout', 'node', function () { cy.container().title = ''; });
    // a layout the reader asks for moves everything but what they pinned
    cy.on('layoutstart', function () { cy.nodes('.pinned').lock(); });
    cy.on('layoutstop', function () { cy.nodes('.pinned').unlock(); });
    cy.nodes().forEach(function (n) { n.scratch('geokgFresh', true); });  // anything already there, unplaced
    place(cy);
  }
  window.geokg.unpin = function () {
    var cy = window.geokg.cy();
    if (cy) { cy.nodes('.pinned').removeClass('pinned'); }
  };
  attach();
})();
""" % {"spacing": SPACING, "ring": RING, "default": DEFAULT_LAYOUT,
       "layouts": json.dumps({name: options for name, (_, options) in LAYOUTS.items()})}

# the layout the reader picks is the one a first view runs; the server's callback runs it on what is shown
LAYOUT_NAME_JS = "function (name) { window.geokg.layoutName = name; return window.dash_clientside.no_update; }"
UNPIN_JS = "function (_clicks) { window.geokg.unpin(); return window.dash_clientside.no_update; }"
