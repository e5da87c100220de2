/* Answer page: in a multiple-choice question, an exclusive option (data-exclusive="1", such as
   "Ninguna de las anteriores") clears the others and is cleared by them. */
(function () {
  "use strict";
  var selector = "#answer-form input[type=checkbox][name=choice]";
  document.querySelectorAll(selector).forEach(function (box) {
    box.addEventListener("change", function () {
      if (!box.checked) { return; }
      document.querySelectorAll(selector).forEach(function (other) {
        if (other !== box && (box.dataset.exclusive === "1" || other.dataset.exclusive === "1")) {
          other.checked = false;
        }
      });
    });
  });
})();
