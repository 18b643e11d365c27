// The editor's toolbar: wraps the selection (bold, italic, a link) or starts the line (a
// heading, a list, an action). Without JavaScript the toolbar stays hidden and the help below
// the field says how to write the same.
(function () {
  "use strict";
  document.querySelectorAll(".wiki-toolbar").forEach(function (toolbar) {
    var area = document.getElementById(toolbar.getAttribute("aria-controls"));
    if (!area) { return; }
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      var start = area.selectionStart, end = area.selectionEnd, text = area.value;
      if (button.dataset.wrap) {
        var before = button.dataset.wrap, after = button.dataset.end || before;
        area.value = text.slice(0, start) + before + text.slice(start, end) + after + text.slice(end);
        area.setSelectionRange(start + before.length, end + before.length);
      } else {
        var lineStart = text.lastIndexOf("\n", start - 1) + 1, prefix = button.dataset.line;
        area.value = text.slice(0, lineStart) + prefix + text.slice(lineStart);
        area.setSelectionRange(start + prefix.length, end + prefix.length);
      }
      area.focus();
      area.dispatchEvent(new Event("keyup"));
    });
  });
})();
