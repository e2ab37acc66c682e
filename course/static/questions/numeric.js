/* Numeric: the key lists the accepted answers, each {answer, tolerance} or {range: [low, high]};
   a number within any of them is right. */
(function () {
  "use strict";

  var grade = window.courseGrade;

  // A number as a learner types it (docs/formats.md, "Numeric questions"). Full-width digits
  // and signs count as their ASCII forms (NFKC) and spaces around the number are dropped; "." is
  // the decimal point, and so is "," when it can be nothing else: one comma, no point, and not
  // followed by exactly three digits after a whole part other than 0 ("1,000" reads as a thousand in
  // English, as one in German: neither is guessed). Anything else (1,000  1 000  3.5e2  50%  3。5) is
  // not read: the learner is asked to write it again. Returns null (nothing typed), {value} or
  // {unreadable: true}.
  var NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
  var DECIMAL_COMMA = /^([+-]?)(\d*),(\d+)$/;
  function readNumber(text) {
    var s = grade.normalise(text, true).replace(/^\u2212/, "-");  // the minus sign as the hyphen-minus
    if (!s) { return null; }
    var comma = DECIMAL_COMMA.exec(s);
    if (comma && (comma[3].length !== 3 || comma[2] === "" || /^0+$/.test(comma[2]))) {
      s = comma[1] + comma[2] + "." + comma[3];
    }
    if (!NUMBER.test(s)) { return { unreadable: true }; }
    return { value: parseFloat(s) };
  }

  // A little slack for binary fractions: 0.3 ± 0.1 must accept 0.2, which floating point makes 0.19999999999999998.
  function slack(values) {
    return 1e-9 * Math.max.apply(null, [1].concat(values.map(Math.abs)));
  }

  function accepts(accepted, x) {
    if (accepted.range) {
      var low = accepted.range[0], high = accepted.range[1], eps = slack([low, high]);
      return x >= low - eps && x <= high + eps;
    }
    return Math.abs(x - accepted.answer) <= (accepted.tolerance || 0) + slack([accepted.answer, accepted.tolerance || 0]);
  }

  grade.register("numeric", {
    grade: function (q, key) {
      var read = readNumber(q.querySelector("input[type=text]").value);
      if (read === null) { return null; }
      if (read.unreadable) { return { unreadable: "number_unreadable" }; }
      var ok = key.accepted.some(function (accepted) { return accepts(accepted, read.value); });
      return { score: ok ? 1 : 0, when: ok ? "correct" : "incorrect", response: read.value };
    },
    read: readNumber
  });
})();
