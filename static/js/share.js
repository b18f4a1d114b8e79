// Copy a product's link with one tap; without JavaScript the link stays selectable in its field.
(function () {
  "use strict";

  function enhanceCopyButtons(root) {
    if (!navigator.clipboard) return;
    root.querySelectorAll("[data-copy-link]").forEach(function (button) {
      button.hidden = false;
      var label = button.textContent;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.dataset.copyLink).then(function () {
          button.textContent = button.dataset.copied || label;
          window.setTimeout(function () {
            button.textContent = label;
          }, 2000);
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceCopyButtons(document);
  });
})();
