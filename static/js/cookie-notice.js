// Cookie notice: shown until the reader dismisses it; the choice stays in
// this browser (localStorage), so the site itself sets no cookie for it.
(function () {
  "use strict";
  var KEY = "journos-cookie-notice-dismissed";
  var notice = document.querySelector("[data-cookie-notice]");
  if (!notice) return;
  try {
    if (window.localStorage.getItem(KEY)) return;
  } catch (error) { /* storage blocked: show the notice every time */ }
  notice.hidden = false;
  notice.querySelector("[data-cookie-dismiss]").addEventListener("click", function () {
    try { window.localStorage.setItem(KEY, "1"); } catch (error) { /* ignore */ }
    notice.hidden = true;
  });
})();
