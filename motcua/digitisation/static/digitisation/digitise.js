// The digitising screen: drag and drop or a scanner's folder onto a required document,
// upload with a progress bar, and reuse from the wallet without reloading the page.
// No inline script, no third-party code (Content-Security-Policy friendly).
(function () {
  "use strict";
  var screen = document.getElementById("digitise-screen");
  if (!screen) { return; }
  var status = function (text, bad) {
    var box = document.getElementById("digitise-status");
    if (box) { box.textContent = text; box.className = "small " + (bad ? "text-danger" : "text-success"); }
  };
  var byName = function (a, b) {
    var x = a.webkitRelativePath || a.name, y = b.webkitRelativePath || b.name;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  var accepted = /\.(pdf|jpe?g|png)$/i;

  function send(form, files) {
    var data = new FormData();
    form.querySelectorAll("input[type=hidden], input[type=text], input[type=date]").forEach(function (input) {
      if (input.name) { data.append(input.name, input.value); }
    });
    files.filter(function (f) { return accepted.test(f.name); }).sort(byName).forEach(function (f) {
      data.append("files", f, f.name);
    });
    var bar = form.querySelector("progress");
    screen.dataset.progress = "0";
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        var percent = Math.round(100 * event.loaded / event.total);
        // Kept on the screen (which outlives the swapped checklist): the last progress.
        screen.dataset.progress = String(percent);
        status((screen.dataset.sending || "…") + " " + percent + " %", false);
        if (bar) { bar.classList.remove("d-none"); bar.value = percent; }
      }
    });
    xhr.addEventListener("load", function () {
      var answer = {};
      try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = { error: xhr.statusText }; }
      if (answer.html) { screen.innerHTML = answer.html; }
      status(answer.error || screen.dataset.done || "✓", Boolean(answer.error));
    });
    xhr.addEventListener("error", function () { status("Lỗi kết nối, chưa tải lên được.", true); });
    xhr.send(data);
  }

  function collect(form) {
    var files = [];
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      Array.prototype.push.apply(files, Array.prototype.slice.call(input.files));
    });
    return files;
  }

  screen.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList.contains("drop-zone")) {
      event.preventDefault();
      send(form, collect(form));
    } else if (form.classList.contains("reuse-form")) {
      event.preventDefault();
      send(form, []);
    }
  });
  screen.addEventListener("dragover", function (event) {
    var zone = event.target.closest && event.target.closest(".drop-zone");
    if (zone) { event.preventDefault(); zone.classList.add("bg-azure-lt"); }
  });
  screen.addEventListener("dragleave", function (event) {
    var zone = event.target.closest && event.target.closest(".drop-zone");
    if (zone) { zone.classList.remove("bg-azure-lt"); }
  });
  screen.addEventListener("drop", function (event) {
    var zone = event.target.closest && event.target.closest(".drop-zone");
    if (!zone) { return; }
    event.preventDefault();
    zone.classList.remove("bg-azure-lt");
    send(zone, Array.prototype.slice.call(event.dataTransfer.files));
  });
}());
