// Registration form: show only the contact field of the chosen channel and the
// organisation fields for an organisation. Without JavaScript every field stays visible.
(function () {
  "use strict";
  function setup(form) {
    function sync() {
      var channel = form.querySelector('input[name="channel"]:checked');
      var kind = form.querySelector('input[name="kind"]:checked');
      form.querySelectorAll("[data-channel]").forEach(function (block) {
        block.hidden = channel !== null && block.getAttribute("data-channel") !== channel.value;
      });
      form.querySelectorAll("[data-org-only]").forEach(function (block) {
        block.hidden = kind !== null && kind.value !== "organization";
      });
    }
    form.addEventListener("change", sync);
    sync();
  }
  document.querySelectorAll("form[data-register-form]").forEach(setup);
})();
