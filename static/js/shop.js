// Small enhancements on top of pages that work without JavaScript.
(function () {
  "use strict";

  // The Content Security Policy allows no eval and no inline style: htmx needs neither. This
  // runs before the page has loaded, so before htmx would add its indicator <style>.
  if (window.htmx) {
    window.htmx.config.allowEval = false;
    window.htmx.config.includeIndicatorStyles = false;
  }

  // Show the chosen variant's price and stock next to the product name.
  function enhanceVariants(root) {
    var target = root.querySelector("[data-product-price]");
    if (!target) return;
    root.querySelectorAll(".variant-list input[name=sku]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        var price = radio.closest(".variant").querySelector(".variant-price");
        if (price) target.innerHTML = price.innerHTML;
      });
    });
  }

  // Swap the large picture when a thumbnail is chosen instead of leaving the page.
  function enhanceGallery(root) {
    var main = root.querySelector("[data-gallery-main]");
    if (!main) return;
    root.querySelectorAll("[data-gallery-thumb]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        main.src = link.href;
        main.alt = link.dataset.alt || "";
        root.querySelectorAll("[data-gallery-thumb]").forEach(function (other) {
          other.removeAttribute("aria-current");
        });
        link.setAttribute("aria-current", "true");
      });
    });
  }

  // Apply a new sort as soon as it is picked.
  function enhanceSort(root) {
    root.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      select.addEventListener("change", function () {
        select.form.submit();
      });
    });
  }

  // Filters start open beside the results on wide screens, folded on phones.
  function openWideFilters(root) {
    if (!window.matchMedia("(min-width: 900px)").matches) return;
    root.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = true;
    });
  }

  // Count down to a flash sale's end; the end time stays in the page without JavaScript.
  function enhanceCountdowns(root) {
    var clocks = root.querySelectorAll("[data-countdown]");
    if (!clocks.length) return;
    function pad(number) {
      return String(number).padStart(2, "0");
    }
    function tick() {
      clocks.forEach(function (clock) {
        var left = Math.max(0, Math.floor((Date.parse(clock.dataset.countdown) - Date.now()) / 1000));
        if (isNaN(left)) return;
        var days = Math.floor(left / 86400);
        var rest = pad(Math.floor((left % 86400) / 3600)) + ":" + pad(Math.floor((left % 3600) / 60)) + ":" + pad(left % 60);
        clock.textContent = (days ? days + "d " : "") + rest;
      });
    }
    tick();
    window.setInterval(tick, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceCountdowns(document);
    enhanceVariants(document);
    enhanceGallery(document);
    enhanceSort(document);
    openWideFilters(document);
  });
})();
