// zakrila portal: small comforts on top of pages that work without JavaScript.
"use strict";
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  // Copy-link buttons on the dashboard.
  document.querySelectorAll("button.copy").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy");
      var done = function () { button.textContent = button.getAttribute("data-copied"); };
      // Without the clipboard API (or when it refuses), select the link's field and copy that.
      var select = function () {
        var cell = button.closest(".links");
        var field = cell && cell.querySelector("input.link-text");
        if (field) {
          field.focus();
          field.select();
        }
        try {
          if (document.execCommand("copy")) { done(); }
        } catch (e) { /* the link stays selected, for Ctrl+C */ }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, select);
      } else {
        select();
      }
    });
  });
  // Forms that undo something (a new link ends the old one) ask first.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  // Drag and drop a file onto an upload form, or onto a dashboard row holding one (a file
  // received by e-mail, dropped on its institution's row).
  document.querySelectorAll("[data-drop]").forEach(function (zone) {
    var form = zone.tagName === "FORM" ? zone : zone.querySelector("form");
    var input = form && form.querySelector("input[type=file]");
    if (!input) { return; }
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("dragging"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length > 0) {
        input.files = event.dataTransfer.files;
        form.submit();
      }
    });
  });
  // A file chosen on a dashboard row is sent at once.
  document.querySelectorAll("input[data-submit-on-choose]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.files.length > 0) { input.form.submit(); }
    });
  });
  document.querySelectorAll("button.print").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
});
