// On a phone the main navigation folds behind a "Menu" button. Without
// JavaScript the button is never shown and the navigation stays visible.
(function () {
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".menu-button");
    var header = document.querySelector("header.top");
    if (!button || !header) return;
    button.addEventListener("click", function () {
      var open = header.classList.toggle("menu-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
})();
