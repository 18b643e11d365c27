// The directory's map: an enhancement of the list (which holds the same places). It shows the
// places of the current filters from the GeoJSON feed, clustered; without tiles it stays a plain
// frame with its markers, and without JavaScript it is not shown at all.
(function () {
  "use strict";
  var map = null;
  var layer = null;

  function notice(box, text) {
    var note = box.parentNode.querySelector(".places-map__note");
    if (!note) {
      note = document.createElement("p");
      note.className = "places-map__note meta";
      box.parentNode.insertBefore(note, box.nextSibling);
    }
    note.textContent = text;
    note.hidden = !text;
  }

  function load(box) {
    if (!window.L || !box) { return; }
    box.hidden = false;
    if (!map || map.getContainer() !== box) {
      map = window.L.map(box, { scrollWheelZoom: false }).setView([48.39, -4.49], 12);
      window.L.tileLayer(box.getAttribute("data-tiles"), {
        maxZoom: 19, attribution: box.getAttribute("data-attribution")
      }).addTo(map);
    }
    fetch(box.getAttribute("data-feed"), { headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.json(); })
      .then(function (feed) {
        if (layer) { map.removeLayer(layer); }
        layer = window.L.markerClusterGroup ? window.L.markerClusterGroup() : window.L.layerGroup();
        var geo = window.L.geoJSON(feed, {
          onEachFeature: function (feature, marker) {
            var link = document.createElement("a");
            link.href = feature.properties.url;
            link.textContent = feature.properties.nom;
            var wrapper = document.createElement("div");
            wrapper.appendChild(link);
            wrapper.appendChild(document.createElement("br"));
            wrapper.appendChild(document.createTextNode(feature.properties.adresse));
            marker.bindPopup(wrapper);
            marker.options.alt = feature.properties.nom;
          }
        });
        layer.addLayer(geo);
        layer.addTo(map);
        box.setAttribute("data-count", String(feed.features.length));
        if (feed.features.length) { map.fitBounds(geo.getBounds(), { padding: [20, 20], maxZoom: 16 }); }
        notice(box, feed.truncated ? box.getAttribute("data-truncated") : "");
      })
      .catch(function () { box.hidden = true; });
  }

  document.addEventListener("DOMContentLoaded", function () { load(document.getElementById("places-map")); });
  // The filters replace the results (with the map's frame): load the new places.
  document.body && document.body.addEventListener("htmx:afterSettle", function () {
    map = null;
    load(document.getElementById("places-map"));
  });
})();
