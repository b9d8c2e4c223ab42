// The quick event form: show only the fields that belong to the chosen event type.
// Without JavaScript every field stays visible and the server still validates them.
(function () {
  function sync(select) {
    var form = select.form;
    form.querySelectorAll("[data-event-types]").forEach(function (field) {
      var types = field.getAttribute("data-event-types").split(" ");
      field.hidden = types.indexOf(select.value) === -1;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[name='event-type']").forEach(function (select) {
      sync(select);
      select.addEventListener("change", function () { sync(select); });
    });
  });
})();
