/* Matching: the key gives, for each left item in order, the value of its right item in the menu. */
(function () {
  "use strict";

  var page = window.coursePage, grade = window.courseGrade;

  grade.register("matching", {
    grade: function (q, key) {
      var selects = page.all(q, "select");
      if (!selects.some(function (s) { return s.value !== ""; })) { return null; }
      var marks = selects.map(function (s, i) { return [s.parentNode, s.value === String(key.matches[i])]; });
      var right = marks.filter(function (mark) { return mark[1]; }).length;
      var response = selects.map(function (s, i) { return [i, s.value === "" ? null : parseInt(s.value, 10)]; });
      return {
        score: grade.partialScore(right, selects.length, key.partial), when: right === selects.length ? "correct" : "incorrect",
        response: response, marks: marks
      };
    },
    reset: function (q, reshuffle) {
      if (reshuffle) {
        page.all(q, "select").forEach(function (select) {
          page.shuffle(page.all(select, "option[value]:not([value=''])")).forEach(function (o) { select.appendChild(o); });
        });
      }
    },
    openAnswer: true
  });
})();
