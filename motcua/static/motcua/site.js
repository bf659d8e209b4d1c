/* Behaviour every page shares, kept out of the templates so that the
   Content-Security-Policy needs no inline script (motcua.core.csp). */
(function () {
  "use strict";
  // <button data-print>: print the page.
  document.addEventListener("click", function (event) {
    var printer = event.target.closest("[data-print]");
    if (printer) { event.preventDefault(); window.print(); return; }
    // <button data-confirm="Question?">: ask before submitting / following.
    var asking = event.target.closest("[data-confirm]");
    if (asking && !window.confirm(asking.dataset.confirm)) { event.preventDefault(); }
  });
  // <form data-autosave>: a change of any field except a file input fires "autosave",
  // which the form's hx-trigger listens to (no JavaScript filter in the attribute).
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-autosave]");
    if (form && event.target.type !== "file") {
      form.dispatchEvent(new CustomEvent("autosave", { bubbles: false }));
    }
  });
  // An error summary marked data-focus gets the focus when the page opens.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-focus]");
    if (summary) { summary.focus(); }
  });
})();
