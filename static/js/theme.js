// Theme: loaded in <head> WITHOUT defer, so it runs before the first paint and the page is never drawn in the
// wrong colours. The stylesheet follows the system setting (prefers-color-scheme) by itself; a reader's own
// choice (the header's theme button) is kept in localStorage, never in a cookie, and set here as
// <html data-theme="light|dark">. It also marks <html class="js"> at once, so script-only controls (the
// section menu's toggle, the theme button) are laid out from the first paint: nothing opens, then collapses.
(function () {
  "use strict";
  var KEY = "journos-theme";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value === "light" || value === "dark" ? value : null;
    } catch (error) {
      return null; // storage blocked: follow the system setting
    }
  }

  var choice = stored();
  if (choice) root.setAttribute("data-theme", choice);

  var systemDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function current() {
    return root.getAttribute("data-theme") || (systemDark && systemDark.matches ? "dark" : "light");
  }

  function wire() {
    var buttons = document.querySelectorAll("[data-theme-toggle]");
    function show() {
      var dark = current() === "dark";
      for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-pressed", String(dark));
    }
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () {
        var next = current() === "dark" ? "light" : "dark";
        root.setAttribute("data-theme", next);
        try {
          window.localStorage.setItem(KEY, next);
        } catch (error) {
          // not remembered, but applied to this page
        }
        show();
      });
    }
    if (systemDark && systemDark.addEventListener) systemDark.addEventListener("change", show);
    show();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
