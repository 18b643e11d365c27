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
