/* Dossier pages: keyboard and focus help around htmx swaps. Written for Một Cửa. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function focus(el) {
    if (!el) return;
    if (!el.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA|SUMMARY)$/.test(el.tagName)) {
      el.setAttribute("tabindex", "-1");
    }
    el.focus();
  }

  function showApplicantKind() {
    var checked = document.querySelector("input[name=kind]:checked");
    if (!checked) return;
    document.querySelectorAll("[data-kind]").forEach(function (block) {
      block.hidden = block.getAttribute("data-kind") !== checked.value;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // Where the server asks focus to go after a reload (errors, a procedure just chosen).
    var marker = document.getElementById("page-focus");
    var target = marker && marker.getAttribute("data-target");
    var first = document.querySelector("[data-focus-me]");
    if (first) {
      focus(first);
    } else if (target) {
      focus(document.getElementById(target));
    } else if (location.hash === "#status") {
      focus(document.getElementById("status"));
    }
    // An action form opened by a link (#act-...) gets its first field focused.
    if (location.hash.indexOf("#act-") === 0) {
      var details = document.getElementById(location.hash.slice(1));
      if (details && details.tagName === "DETAILS") {
        details.open = true;
        focus(details.querySelector("textarea, input:not([type=hidden]), select, button"));
      }
    }
    document.querySelectorAll("input[name=kind]").forEach(function (radio) {
      radio.addEventListener("change", showApplicantKind);
    });
    showApplicantKind();
    // Enter in the procedure search box searches (instead of submitting the whole form).
    var q = document.getElementById("id_q");
    if (q && q.form && q.form.id === "reception-form") {
      q.addEventListener("keydown", function (event) {
        if (event.key !== "Enter") return;
        event.preventDefault();
        if (window.htmx) {
          window.htmx.trigger(q, "search");
        } else {
          var button = q.form.querySelector("button[value=search]");
          if (button) button.click();
        }
      });
    }
  });

  // After an htmx swap, put focus where the swapped region says (tabs, filters), so that
  // keyboard and screen-reader users land on the new content rather than on <body>.
  document.addEventListener("htmx:afterSettle", function (event) {
    // With outerHTML swaps the target is the old element; its attribute names the new heading.
    var region = event.detail && event.detail.target;
    if (!region || !region.getAttribute) return;
    var wanted = region.getAttribute("data-focus-on-swap");
    if (wanted) focus(document.getElementById(wanted));
  });
})();
