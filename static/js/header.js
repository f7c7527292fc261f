// Header: today's date from the reader's clock (the page may have been cached
// since yesterday) and the collapsible section menu on small screens.
(function () {
  "use strict";
  document.documentElement.classList.replace("no-js", "js");

  var today = document.querySelector("[data-today]");
  if (today) {
    var now = new Date();
    today.textContent = now.toLocaleDateString("en-US", {
      weekday: "long", year: "numeric", month: "long", day: "numeric",
    });
    var pad = function (n) { return String(n).padStart(2, "0"); };
    today.setAttribute("datetime", now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate()));
  }

  var toggle = document.querySelector(".site-nav__toggle");
  var menu = document.getElementById("section-menu");
  if (!toggle || !menu) return;
  toggle.hidden = false;
  menu.setAttribute("data-collapsed", "true");
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", String(!open));
    menu.setAttribute("data-collapsed", String(open));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      toggle.setAttribute("aria-expanded", "false");
      menu.setAttribute("data-collapsed", "true");
      toggle.focus();
    }
  });
})();
