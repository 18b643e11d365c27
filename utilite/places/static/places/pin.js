// Placing a place's pin by hand: a map under the latitude and longitude fields; a click (or a
// drag of the pin) writes the position into them. Without JavaScript the fields are typed in.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("pin-map");
    var latitude = document.getElementById("id_latitude");
    var longitude = document.getElementById("id_longitude");
    if (!window.L || !box || !latitude || !longitude) { return; }
    var group = longitude.closest("div") || longitude.parentNode;
    group.parentNode.insertBefore(box.parentNode, group.nextSibling);
    box.parentNode.hidden = false;
    function read(input) { return parseFloat(String(input.value).replace(",", ".")); }
    var start = [read(latitude), read(longitude)];
    var placed = !isNaN(start[0]) && !isNaN(start[1]);
    var map = window.L.map(box).setView(placed ? start : [48.39, -4.49], placed ? 17 : 12);
    window.L.tileLayer(box.getAttribute("data-tiles"), {
      maxZoom: 19, attribution: box.getAttribute("data-attribution")
    }).addTo(map);
    var marker = null;
    function put(position) {
      latitude.value = position.lat.toFixed(6);
      longitude.value = position.lng.toFixed(6);
      if (!marker) {
        marker = window.L.marker(position, { draggable: true, alt: box.getAttribute("data-label") }).addTo(map);
        marker.on("dragend", function () { put(marker.getLatLng()); });
      } else {
        marker.setLatLng(position);
      }
    }
    if (placed) { put(window.L.latLng(start[0], start[1])); }
    map.on("click", function (event) { put(event.latlng); });
  });
})();
