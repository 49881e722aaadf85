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
  // Drag and drop a file onto the upload form.
  document.querySelectorAll("form[data-drop]").forEach(function (form) {
    var input = form.querySelector("input[type=file]");
    ["dragenter", "dragover"].forEach(function (name) {
      form.addEventListener(name, function (event) { event.preventDefault(); form.classList.add("dragging"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      form.addEventListener(name, function () { form.classList.remove("dragging"); });
    });
    form.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length > 0) {
        input.files = event.dataTransfer.files;
        form.submit();
      }
    });
  });
  document.querySelectorAll("button.print").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
});
