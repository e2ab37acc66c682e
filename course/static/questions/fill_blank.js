/* Fill in the blank: the key's accepted answers are normalised by the build; what the learner
   types is normalised the same way here (grade.js) and compared. */
(function () {
  "use strict";

  var grade = window.courseGrade;

  grade.register("fill_blank", {
    grade: function (q, key) {
      var typed = q.querySelector("input[type=text]").value;
      if (!grade.normalise(typed, true)) { return null; }
      var ok = key.answers.indexOf(grade.normalise(typed, key.case_sensitive)) >= 0;
      return { score: ok ? 1 : 0, when: ok ? "correct" : "incorrect", response: typed };
    }
  });
})();
