// Ayni: small progressive enhancements. Every page works without this script.
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
    var map = L.map(element, { attributionControl: true }).setView([-9.19, -75.02], 5);
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
