/* True or false: the key is {answer: true or false}; the feedback shown is the one for the answer given. */
(function () {
  "use strict";

  var page = window.coursePage, grade = window.courseGrade;

  function options(q) { return page.all(q, ".q-option"); }
  function isRight(li, key) { return li.getAttribute("data-value") === String(key.answer); }

  grade.register("true_false", {
    grade: function (q, key) {
      var picked = options(q).filter(function (li) { return li.querySelector("input").checked; });
      if (!picked.length) { return null; }
      var right = isRight(picked[0], key);
      var value = picked[0].getAttribute("data-value");
      return { score: right ? 1 : 0, when: value, picked: picked, response: value === "true", marks: [[picked[0], right]] };
    },
    reveal: function (q, key) {
      options(q).forEach(function (li) { if (isRight(li, key)) { li.classList.add("is-answer"); } });
    }
  });
})();
