// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  function focusErrorSummary(root) {
    var summary = root.querySelector("[data-focus-on-load]");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusErrorSummary(event.target); });
  // Filter forms marked data-autosubmit refresh their results as soon as a choice changes.
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-autosubmit") && window.htmx) {
      window.htmx.trigger(form, "submit");
    }
  });
})();
// Workshop board: drag a card onto a group. The same move is a form in each card ("Sort").
(function () {
  "use strict";
  var dragged = null;
  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest("[data-card][draggable]");
    if (card) { dragged = card.getAttribute("data-card"); event.dataTransfer.setData("text/plain", dragged); }
  });
  document.addEventListener("dragover", function (event) {
    if (dragged && event.target.closest && event.target.closest("[data-cluster]")) { event.preventDefault(); }
  });
  document.addEventListener("drop", function (event) {
    var column = dragged && event.target.closest && event.target.closest("[data-cluster]");
    var form = document.getElementById("drop-form");
    if (!column || !form) { return; }
    event.preventDefault();
    form.elements.card.value = dragged;
    form.elements.cluster.value = column.getAttribute("data-cluster");
    dragged = null;
    form.submit();
  });
})();
// Buttons marked data-print print the page (hidden without JavaScript: the browser's menu prints too).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
