// Header: today's date from the reader's clock (the page may have been cached since yesterday), the section
// menu (the phone toggle and the sub-section buttons: aria-expanded drives what CSS shows), the compact
// sticky bar once the masthead has scrolled away, and the sticky bar's height as --sticky-header-height,
// which the stylesheet uses as scroll-padding-top so a focused element is never hidden under the bar.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.replace("no-js", "js"); // theme.js has done it already; kept for pages without it

  var today = document.querySelector("[data-today]");
  if (today) {
    // As the server writes it ("l, F j, Y"), without Intl: its first use costs a long task on a slow phone.
    var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December"];
    var now = new Date();
    today.textContent = DAYS[now.getDay()] + ", " + MONTHS[now.getMonth()] + " " + now.getDate() + ", " + now.getFullYear();
    var pad = function (n) { return String(n).padStart(2, "0"); };
    today.setAttribute("datetime", now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate()));
  }

  var nav = document.querySelector("[data-site-nav]");
  if (!nav) return;
  var toggle = nav.querySelector(".site-nav__toggle");
  var expanders = nav.querySelectorAll(".site-nav__expand");

  function setOpen(button, open) {
    button.setAttribute("aria-expanded", String(open));
  }
  function closeSubmenus(except) {
    for (var i = 0; i < expanders.length; i++) if (expanders[i] !== except) setOpen(expanders[i], false);
  }

  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      setOpen(toggle, open);
      if (!open) closeSubmenus();
    });
  }
  for (var i = 0; i < expanders.length; i++) {
    expanders[i].addEventListener("click", function (event) {
      var button = event.currentTarget;
      var open = button.getAttribute("aria-expanded") !== "true";
      closeSubmenus(button);
      setOpen(button, open);
    });
  }

  // Escape closes the innermost open menu and gives focus back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var openSub = nav.querySelector('.site-nav__expand[aria-expanded="true"]');
    if (openSub) {
      setOpen(openSub, false);
      openSub.focus();
    } else if (toggle && toggle.getAttribute("aria-expanded") === "true") {
      setOpen(toggle, false);
      toggle.focus();
    }
  });
  // Leaving the menu (Tab past it, a tap elsewhere) closes it, so an open menu never covers the page.
  nav.addEventListener("focusout", function (event) {
    if (event.relatedTarget && nav.contains(event.relatedTarget)) return;
    if (!event.relatedTarget && document.hasFocus() && nav.contains(document.activeElement)) return;
    closeSubmenus();
    if (toggle) setOpen(toggle, false);
  });
  document.addEventListener("click", function (event) {
    if (!nav.contains(event.target)) {
      closeSubmenus();
      if (toggle) setOpen(toggle, false);
    }
  });

  // The bar's height (it grows when the phone menu is open) for scroll-padding-top. A ResizeObserver also
  // reports the first size, after the browser's own layout: reading offsetHeight now would force a layout
  // of the whole page while it loads.
  function measure() {
    root.style.setProperty("--sticky-header-height", nav.offsetHeight + "px");
  }
  if (window.ResizeObserver) new ResizeObserver(measure).observe(nav);
  else measure();

  // The cookie notice is fixed at the bottom while shown: keep focused elements above it too.
  var notice = document.querySelector("[data-cookie-notice]");
  if (notice && window.ResizeObserver) {
    new ResizeObserver(function () {
      root.style.setProperty("--sticky-footer-height", (notice.hidden ? 0 : notice.offsetHeight) + "px");
    }).observe(notice);
  }

  // Compact: the small mark shows in the bar once the masthead (with the full logo) is out of view.
  var masthead = document.querySelector(".masthead");
  if (masthead && window.IntersectionObserver) {
    new IntersectionObserver(function (entries) {
      nav.setAttribute("data-compact", String(!entries[0].isIntersecting));
    }).observe(masthead);
  }
})();
