/* Single and multiple choice: the key lists the ids of the right options ({correct, partial}). */
(function () {
  "use strict";

  var page = window.coursePage, grade = window.courseGrade;

  function options(q) { return page.all(q, ".q-option"); }
  function id(li) { return li.getAttribute("data-option"); }
  function isRight(li, key) { return key.correct.indexOf(id(li)) >= 0; }

  function score(picked, key) {
    var rightPicks = picked.filter(function (li) { return isRight(li, key); }).length;
    var wrongPicks = picked.length - rightPicks;
    if (rightPicks === key.correct.length && wrongPicks === 0) { return 1; }
    // partial credit: right picks minus wrong picks, never below zero
    return key.partial ? Math.max(0, (rightPicks - wrongPicks) / key.correct.length) : 0;
  }

  // single: its response is the id picked; multiple: the ids picked
  function behaviour(single) {
    return {
      grade: function (q, key) {
        var picked = options(q).filter(function (li) { return li.querySelector("input").checked; });
        if (!picked.length) { return null; }
        var response = picked.map(id);
        var result = score(picked, key);
        return {
          score: result, when: null, picked: picked, response: single ? response[0] : response,
          marks: picked.map(function (li) { return [li, isRight(li, key)]; }),
          // multiple: the right options left out, named with their feedback when the answer is not all right
          missed: single ? null : options(q).filter(function (li) {
            return isRight(li, key) && picked.indexOf(li) < 0;
          }),
          rightPicks: picked.filter(function (li) { return isRight(li, key); })
        };
      },
      reveal: function (q, key) {
        options(q).forEach(function (li) { if (isRight(li, key)) { li.classList.add("is-answer"); } });
      },
      reset: function (q, reshuffle) {
        if (reshuffle) {
          var list = q.querySelector(".q-options");
          page.shuffle(options(q)).forEach(function (li) { list.appendChild(li); });
        }
      }
    };
  }

  grade.register("single", behaviour(true));
  grade.register("multiple", behaviour(false));
})();
