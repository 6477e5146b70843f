/* KruCare's page behaviour, loaded (deferred) after htmx on every page. The Content-Security-
   Policy allows scripts from our own static files only: no inline <script>, no onclick= or
   onchange= attributes, no eval. Pages mark elements with data attributes instead:

     <select data-autosubmit>      submits its form when the choice changes
     <form data-submit-once>       disables its buttons once submitted (no double payment)  */
(function () {
  "use strict";

  if (window.htmx) {
    // htmx would add a <style> element for its indicators (the policy refuses inline styles;
    // krucare.css has the same rules) and could evaluate hx-on/js: attributes (none are used).
    htmx.config.includeIndicatorStyles = false;
    htmx.config.allowEval = false;
    htmx.config.allowScriptTags = false;
  }

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.requestSubmit();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-submit-once")) return;
    // After this event: disabling the submitter now would drop its name=value from the form.
    window.setTimeout(function () {
      form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
  });
})();
