// The counter tablet's "thank you" screen goes back to the waiting screen by itself.
(function () {
  "use strict";
  var link = document.getElementById("back-to-waiting");
  if (!link) return;
  window.setTimeout(function () { window.location.replace(link.href); }, 8000);
})();
