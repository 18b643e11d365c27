// Recording one's voice in the browser (MediaRecorder), put into the sound field as a file; the
// field stays a plain file choice where the browser cannot record, or without JavaScript.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector("input[data-recorder]");
    var template = document.getElementById("recorder-template");
    if (!input || !template || !window.MediaRecorder || !navigator.mediaDevices || !window.DataTransfer) { return; }
    var box = template.content.firstElementChild.cloneNode(true);
    input.parentNode.insertBefore(box, input.nextSibling);
    var record = box.querySelector("[data-record]");
    var stop = box.querySelector("[data-stop]");
    var status = box.querySelector("[data-recorder-status]");
    var recorder = null;
    var chunks = [];
    record.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.ondataavailable = function (event) { chunks.push(event.data); };
        recorder.onstop = function () {
          stream.getTracks().forEach(function (track) { track.stop(); });
          var type = recorder.mimeType || "audio/webm";
          var file = new File(chunks, "voix." + (type.indexOf("mp4") >= 0 ? "m4a" : "webm"), { type: type });
          var transfer = new DataTransfer();
          transfer.items.add(file);
          input.files = transfer.files;
          status.textContent = status.getAttribute("data-done");
          record.hidden = false;
          stop.hidden = true;
        };
        recorder.start();
        record.hidden = true;
        stop.hidden = false;
        stop.focus();
        status.textContent = status.getAttribute("data-recording");
      }).catch(function () { status.textContent = status.getAttribute("data-error"); });
    });
    stop.addEventListener("click", function () { if (recorder) { recorder.stop(); } });
  });
})();
