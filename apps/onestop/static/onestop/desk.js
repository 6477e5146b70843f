/* The desk's live timers. Each <span class="desk-timer" data-elapsed data-standard data-near>
   counts on from the seconds the server measured when it rendered the page (so a wrong clock
   on the office computer does not matter), and turns amber near and red past the standard.
   htmx replaces the queue every few seconds; the timers are found again on every tick. */
(function () {
  "use strict";
  var loaded = new WeakMap();

  function tick() {
    var now = Date.now();
    document.querySelectorAll(".desk-timer[data-elapsed]").forEach(function (el) {
      if (!loaded.has(el)) loaded.set(el, now);
      var elapsed = Number(el.dataset.elapsed) + Math.floor((now - loaded.get(el)) / 1000);
      var standard = Number(el.dataset.standard);
      var near = Number(el.dataset.near || "0.8");
      var minutes = Math.floor(elapsed / 60);
      var seconds = elapsed % 60;
      el.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      el.classList.toggle("desk-timer--over", elapsed > standard);
      el.classList.toggle("desk-timer--near", elapsed <= standard && elapsed >= standard * near);
      el.classList.toggle("desk-timer--ok", elapsed < standard * near);
    });
  }

  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
})();
