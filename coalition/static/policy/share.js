// Copy a page's link to the clipboard. Without this file the link field is there to select and copy.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-link"));
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = "Link copied";
      });
    });
  });
})();
