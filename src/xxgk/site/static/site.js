/* Language switch: Chinese first, English on request; the choice is remembered. */
(function () {
  "use strict";
  var KEY = "xxgk-lang";
  var root = document.documentElement;
  function apply(lang) {
    root.classList.toggle("lang-en", lang === "en");
    root.setAttribute("lang", lang === "en" ? "en" : "zh-CN");
  }
  var saved = null;
  try { saved = window.localStorage.getItem(KEY); } catch (e) { saved = null; }
  apply(saved === "en" ? "en" : "zh");
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("lang-toggle");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var lang = root.classList.contains("lang-en") ? "zh" : "en";
      apply(lang);
      try { window.localStorage.setItem(KEY, lang); } catch (e) { /* private mode */ }
    });
  });
})();
