/* Reflection: not scored; checking shows the model answer beside what the learner wrote. */
(function () {
  "use strict";

  window.courseGrade.register("reflection", {
    grade: function (q) {
      return { score: null, when: null, response: q.querySelector("textarea").value };
    }
  });
})();
