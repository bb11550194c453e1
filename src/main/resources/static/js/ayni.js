// Ayni: small progressive enhancements. Every page works without this script.

// A map's zoom buttons, titled in the page's language (data-zoom-in, data-zoom-out).
function zoom(map, element) {
  'use strict';
  L.control.zoom({
    zoomInTitle: element.getAttribute('data-zoom-in') || 'Zoom in',
    zoomOutTitle: element.getAttribute('data-zoom-out') || 'Zoom out'
  }).addTo(map);
}

(function () {
  'use strict';

  // htmx requests carry the CSRF token of the page.
  document.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
  });

  // Forms that ask for confirmation before a destructive action.
  document.addEventListener('submit', function (event) {
    var message = event.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  function parse(text) {
    try {
      var value = JSON.parse(text);
      if (value && value.type === 'Feature') { return value.geometry; }
      if (value && value.type === 'FeatureCollection' && value.features && value.features.length) {
        return value.features[0].geometry;
      }
      return value;
    } catch (e) {
      return null;
    }
  }

  function initMap(element) {
    if (typeof L === 'undefined') { return; }
    var map = L.map(element, { attributionControl: true, zoomControl: false }).setView([-9.19, -75.02], 5);
    zoom(map, element);
    var tiles = element.getAttribute('data-tiles');
    if (tiles) {
      // If the tiles cannot be loaded (no network), the shapes are still drawn on a plain background.
      L.tileLayer(tiles, { maxZoom: 19, attribution: element.getAttribute('data-tiles-attribution') || '' }).addTo(map);
    }
    L.control.scale({ imperial: false }).addTo(map);
    var shapes = L.featureGroup().addTo(map);
    var context = L.featureGroup().addTo(map);

    function show(geometry, fit) {
      shapes.clearLayers();
      if (!geometry) { return; }
      try {
        L.geoJSON(geometry, { style: { color: '#7a3e12', weight: 2, fillOpacity: 0.25 } }).addTo(shapes);
        if (fit && shapes.getLayers().length) {
          map.fitBounds(shapes.getBounds(), { maxZoom: 17, padding: [20, 20] });
        }
      } catch (e) { /* an invalid shape is reported by the server beside the field */ }
    }

    var fixed = element.getAttribute('data-geojson');
    if (fixed) { show(parse(fixed), true); }

    var contextUrl = element.getAttribute('data-context-url');
    if (contextUrl) {
      fetch(contextUrl, { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (collection) {
          if (!collection) { return; }
          L.geoJSON(collection, {
            style: { color: '#2f6b3c', weight: 1, dashArray: '4', fillOpacity: 0.08 },
            // points as circles: a marker would be a focusable button named "Marker" that does nothing
            pointToLayer: function (feature, latlng) {
              return L.circleMarker(latlng, { radius: 5, color: '#2f6b3c', weight: 1, fillOpacity: 0.3 });
            },
            onEachFeature: function (feature, layer) {
              if (feature.properties && feature.properties.label) { layer.bindTooltip(feature.properties.label); }
            }
          }).addTo(context);
        }).catch(function () { /* context is optional */ });
    }

    var sourceSelector = element.getAttribute('data-geojson-source');
    if (!sourceSelector) { return; }
    var source = document.querySelector(sourceSelector);
    if (!source) { return; }
    show(parse(source.value), true);
    source.addEventListener('input', function () { show(parse(source.value), true); });

    // Drawing: each click adds a vertex; "finish" closes the ring and writes GeoJSON into the field.
    var vertices = [];
    var sketch = L.polyline([], { color: '#a4161a', weight: 2, dashArray: '3' }).addTo(map);
    map.on('click', function (e) {
      if (!element.classList.contains('drawing')) { return; }
      vertices.push([Number(e.latlng.lng.toFixed(6)), Number(e.latlng.lat.toFixed(6))]);
      sketch.setLatLngs(vertices.map(function (p) { return [p[1], p[0]]; }));
    });
    var tools = document.querySelectorAll('[data-map-for="' + element.id + '"]');
    tools.forEach(function (button) {
      button.addEventListener('click', function (event) {
        event.preventDefault();
        var action = button.getAttribute('data-map-action');
        if (action === 'draw') {
          element.classList.add('drawing');
          vertices = [];
          sketch.setLatLngs([]);
        } else if (action === 'undo') {
          vertices.pop();
          sketch.setLatLngs(vertices.map(function (p) { return [p[1], p[0]]; }));
        } else if (action === 'finish') {
          if (vertices.length >= 3) {
            var ring = vertices.slice();
            ring.push(ring[0]);
            source.value = JSON.stringify({ type: 'Polygon', coordinates: [ring] });
            source.dispatchEvent(new Event('input'));
          }
          element.classList.remove('drawing');
          vertices = [];
          sketch.setLatLngs([]);
        } else if (action === 'clear') {
          source.value = '';
          vertices = [];
          sketch.setLatLngs([]);
          shapes.clearLayers();
        }
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('.map').forEach(initMap);
  });
})();

// Production units: point entry and "my location" for the geometry field, maps that show several
// units (lists), and controls that only make sense with this script (marked data-needs-js hidden).
(function () {
  'use strict';

  // A coordinate as typed, a decimal comma read as a point (coordinates have no thousands: -7,5 is
  // -7.5; a number field dropped the comma and made it -75, a point 67 degrees away), within its
  // field's data-limit; else null, and the field is marked invalid.
  function number(selector) {
    var input = selector ? document.querySelector(selector) : null;
    if (!input) { return null; }
    var text = input.value.trim().replace(',', '.');
    var value = /^[-+]?\d+(\.\d+)?$/.test(text) ? parseFloat(text) : NaN;
    var limit = parseFloat(input.getAttribute('data-limit'));
    var valid = isFinite(value) && !(Math.abs(value) > limit);
    input.setAttribute('aria-invalid', valid ? 'false' : 'true');
    return valid ? value : null;
  }

  function writePoint(targetSelector, lat, lon) {
    var target = document.querySelector(targetSelector);
    if (!target || lat === null || lon === null) { return; }
    target.value = JSON.stringify({ type: 'Point', coordinates: [Number(lon.toFixed(6)), Number(lat.toFixed(6))] });
    target.dispatchEvent(new Event('input'));
  }

  function initCollection(element) {
    if (typeof L === 'undefined') { return; }
    var data;
    try { data = JSON.parse(element.getAttribute('data-geojson')); } catch (e) { return; }
    var map = L.map(element, { attributionControl: true, zoomControl: false }).setView([-9.19, -75.02], 5);
    zoom(map, element);
    var tiles = element.getAttribute('data-tiles');
    if (tiles) {
      // Without tiles (offline, or none configured) the shapes still draw on a plain background.
      L.tileLayer(tiles, { maxZoom: 19, attribution: element.getAttribute('data-tiles-attribution') || '' }).addTo(map);
    }
    L.control.scale({ imperial: false }).addTo(map);
    var layer = L.geoJSON(data, {
      style: { color: '#7a3e12', weight: 2, fillOpacity: 0.25 },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 6, color: '#7a3e12', weight: 2, fillOpacity: 0.6 });
      },
      onEachFeature: function (feature, shape) {
        var p = feature.properties || {};
        // The label comes HTML-escaped from the server.
        if (p.label) { shape.bindTooltip(p.label); }
        if (p.href) { shape.on('click', function () { window.location.href = p.href; }); }
      }
    }).addTo(map);
    if (layer.getLayers().length) {
      map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [20, 20] });
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-needs-js]').forEach(function (e) { e.hidden = false; });
    document.querySelectorAll('[data-point-for]').forEach(function (button) {
      button.addEventListener('click', function (event) {
        event.preventDefault();
        writePoint(button.getAttribute('data-point-for'),
          number(button.getAttribute('data-lat')), number(button.getAttribute('data-lon')));
      });
    });
    document.querySelectorAll('[data-locate-for]').forEach(function (button) {
      if (!navigator.geolocation) { button.hidden = true; return; }
      button.addEventListener('click', function (event) {
        event.preventDefault();
        navigator.geolocation.getCurrentPosition(function (position) {
          var lat = position.coords.latitude, lon = position.coords.longitude;
          var latInput = document.querySelector(button.getAttribute('data-lat'));
          var lonInput = document.querySelector(button.getAttribute('data-lon'));
          if (latInput) { latInput.value = lat.toFixed(6); }
          if (lonInput) { lonInput.value = lon.toFixed(6); }
          writePoint(button.getAttribute('data-locate-for'), lat, lon);
        }, function () { /* refused or unavailable: the fields stay as they were */ },
        { enableHighAccuracy: true, timeout: 30000 });
      });
    });
    document.querySelectorAll('.map-collection').forEach(initCollection);
  });
})();

// Traceability: a button before each node of the lineage trees folds its branches, and one button
// folds or unfolds them all (the trees are whole without the script).
(function () {
  'use strict';
  function fold(button, open) {
    button.setAttribute('aria-expanded', open ? 'true' : 'false');
    var branches = button.parentElement.querySelector(':scope > ul');
    if (branches) { branches.hidden = !open; }
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('.tree-node-toggle').forEach(function (button) {
      button.addEventListener('click', function () {
        fold(button, button.getAttribute('aria-expanded') !== 'true');
      });
    });
    document.querySelectorAll('[data-tree-toggle]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        var nodes = document.querySelectorAll('.lineage-tree .tree-node-toggle');
        var open = Array.prototype.some.call(nodes, function (b) {
          return b.getAttribute('aria-expanded') !== 'true';
        });
        nodes.forEach(function (b) { fold(b, open); });
      });
    });
  });
})();

// Corrections: an event cannot correct itself, so the event chosen as erroneous is not offered
// among those that correct it (the server refuses it all the same).
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-exclude-chosen]').forEach(function (list) {
      var chosen = document.getElementById(list.getAttribute('data-exclude-chosen'));
      if (!chosen) { return; }
      function exclude() {
        list.querySelectorAll('input[type=checkbox]').forEach(function (box) {
          var same = box.value === chosen.value;
          box.disabled = same;
          if (same) { box.checked = false; }
        });
      }
      chosen.addEventListener('change', exclude);
      exclude();
    });
  });
})();

// Transformations: a product chooser (data-narrows: the steps' chooser) offers only the steps that
// make its kind (each step's data-makes; none: any kind, ADR 0018). A step chosen that does not fit
// the product chosen after it is unchosen; one the server refused stays shown beside its message.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('select[data-narrows]').forEach(function (products) {
      var steps = document.getElementById(products.getAttribute('data-narrows'));
      if (!steps) { return; }
      function narrow(keepChosen) {
        var chosen = products.options[products.selectedIndex];
        var kind = chosen ? chosen.getAttribute('data-kind') : null;
        Array.prototype.forEach.call(steps.options, function (option) {
          var makes = option.getAttribute('data-makes');
          var fits = !kind || !makes || makes.split(' ').indexOf(kind) >= 0;
          if (option.selected && !fits && keepChosen) { return; }
          option.hidden = !fits;
          option.disabled = !fits;
          if (option.selected && !fits) { steps.value = ''; }
        });
      }
      products.addEventListener('change', function () { narrow(false); });
      narrow(true);
    });
  });
})();

// A place typed that is none of the list's (in any case, spacing or accents, as the server matches
// names): said to be a new place while it is typed, since a typing error would make one.
(function () {
  'use strict';
  function key(name) {
    return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ').trim();
  }
  document.addEventListener('DOMContentLoaded', function () {
    var input = document.querySelector('input[list=places]');
    var note = document.getElementById('new-place');
    var list = document.getElementById('places');
    if (!input || !note || !list) { return; }
    var known = {};
    Array.prototype.forEach.call(list.options, function (o) { known[key(o.value)] = true; });
    known[key(input.getAttribute('data-main') || '')] = true;
    function check() {
      var typed = key(input.value);
      note.hidden = typed === '' || known[typed] === true;
    }
    input.addEventListener('input', check);
    check();
  });
})();

// A quantity in the unit of the product chosen: the element data-unit-of (the product chooser's id)
// shows the chosen option's data-unit.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-unit-of]').forEach(function (unit) {
      var products = document.getElementById(unit.getAttribute('data-unit-of'));
      if (!products) { return; }
      function show() {
        var chosen = products.options[products.selectedIndex];
        unit.textContent = chosen ? (chosen.getAttribute('data-unit') || '') : '';
      }
      products.addEventListener('change', show);
      show();
    });
  });
})();

// Forms for one of several organisations: the organisation's chooser (data-owns: the id of a chooser
// whose options carry data-organisation) offers only the chosen organisation's options; the element
// data-none-of that chooser shows where it has none, its links (data-of-organisation) to that
// organisation's page. A choice the server refused stays shown.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('select[data-owns]').forEach(function (owner) {
      var owned = document.getElementById(owner.getAttribute('data-owns'));
      if (!owned) { return; }
      var none = document.querySelector('[data-none-of="' + owned.id + '"]');
      function narrow(keepChosen) {
        var any = false;
        Array.prototype.forEach.call(owned.options, function (option) {
          var of = option.getAttribute('data-organisation');
          if (!of) { return; }
          var fits = !owner.value || of === owner.value || (option.selected && keepChosen);
          option.hidden = !fits;
          option.disabled = !fits;
          if (option.selected && !fits) { owned.value = ''; }
          any = any || fits;
        });
        if (none) {
          none.hidden = any || !owner.value;
          // its links lead to the chosen organisation's page (data-of-organisation)
          none.querySelectorAll('a[data-of-organisation]').forEach(function (a) {
            a.search = owner.value ? '?organisationId=' + encodeURIComponent(owner.value) : '';
          });
        }
      }
      owner.addEventListener('change', function () { narrow(false); });
      narrow(true);
    });
  });
})();

// Forms: each control is described by its hint and, when the server refused it, by its message and
// marked invalid; the first refused control takes the focus, so that a screen reader reads the
// field with what is wrong with it. The form's error summary lists each message as a link to its
// control, and the window's title says that the form was refused.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var first = null;
    var summary = document.querySelector('.error-summary');
    var links = document.createElement('ul');
    // a field, or a cell of a table of rows (the lots of an operation, the parts of a split)
    document.querySelectorAll('.field, form td').forEach(function (field, n) {
      var control = field.querySelector('input:not([type=hidden]), select, textarea');
      if (!control) { return; }
      if (!control.id) { control.id = 'field-' + n; }
      var ids = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      var refused = field.closest('.has-error') !== null;
      field.querySelectorAll(refused ? '.hint, .field-error' : '.hint').forEach(function (text, k) {
        if (!text.id) { text.id = control.id + '-text-' + k; }
        if (ids.indexOf(text.id) < 0) { ids.push(text.id); }
      });
      if (ids.length) { control.setAttribute('aria-describedby', ids.join(' ')); }
      var message = refused ? field.querySelector('.field-error') : null;
      if (message) {
        control.setAttribute('aria-invalid', 'true');
        if (!first) { first = control; }
        var link = document.createElement('a');
        link.href = '#' + control.id;
        link.textContent = message.textContent;
        links.appendChild(document.createElement('li')).appendChild(link);
      }
    });
    if (summary) {
      if (links.children.length) { summary.appendChild(links); }
      var title = summary.getAttribute('data-title');
      if (title) { document.title = title.replace('{0}', document.title); }
    }
    if (first) { first.focus(); }
  });
})();
