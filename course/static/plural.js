/* plural.js: which plural form a number takes, read from the catalog's Plural-Forms expression
   (the C syntax of gettext: "n != 1", "0", "n%10==1 && n%100!=11 ? 0 : ..."), which the build
   writes into the page's strings as "@plural". Parsed here into a tree of closures: a page may
   not evaluate text as code (the Content-Security-Policy forbids it, and rightly). */
(function () {
  "use strict";

  var TOKEN = /\s*(\d+|n|\|\||&&|==|!=|<=|>=|[<>?:()!%*\/+\-])/g;
  var BINARY = [["||"], ["&&"], ["==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/", "%"]];
  var APPLY = {
    "||": function (a, b) { return a || b ? 1 : 0; },
    "&&": function (a, b) { return a && b ? 1 : 0; },
    "==": function (a, b) { return a === b ? 1 : 0; },
    "!=": function (a, b) { return a !== b ? 1 : 0; },
    "<": function (a, b) { return a < b ? 1 : 0; },
    ">": function (a, b) { return a > b ? 1 : 0; },
    "<=": function (a, b) { return a <= b ? 1 : 0; },
    ">=": function (a, b) { return a >= b ? 1 : 0; },
    "+": function (a, b) { return a + b; },
    "-": function (a, b) { return a - b; },
    "*": function (a, b) { return a * b; },
    "/": function (a, b) { return b ? Math.floor(a / b) : 0; },
    "%": function (a, b) { return b ? a % b : 0; }
  };

  function tokens(text) {
    var list = [], m, at = 0;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text)) && m.index === at) { list.push(m[1]); at = TOKEN.lastIndex; }
    if (text.slice(at).replace(/\s+/g, "") !== "") { throw new Error("unreadable plural rule: " + text); }
    return list;
  }

  // A function of n giving the index of its form: the expression parsed by precedence climbing.
  function compile(text) {
    var list = tokens(String(text).replace(/;\s*$/, "")), i = 0;
    function peek() { return list[i]; }
    function expect(token) {
      if (list[i] !== token) { throw new Error("plural rule: expected " + token + " in " + text); }
      i++;
    }
    function atom() {
      var token = list[i++];
      if (token === "n") { return function (n) { return n; }; }
      if (token === "(") { var inner = ternary(); expect(")"); return inner; }
      if (token === "!") { var operand = atom(); return function (n) { return operand(n) ? 0 : 1; }; }
      if (/^\d+$/.test(token || "")) { var value = +token; return function () { return value; }; }
      throw new Error("plural rule: unexpected " + token + " in " + text);
    }
    function binary(level) {
      if (level === BINARY.length) { return atom(); }
      var left = binary(level + 1);
      while (BINARY[level].indexOf(peek()) >= 0) {
        left = (function (apply, a, b) { return function (n) { return apply(a(n), b(n)); }; })(
          APPLY[list[i++]], left, binary(level + 1));
      }
      return left;
    }
    function ternary() {
      var test = binary(0);
      if (peek() !== "?") { return test; }
      i++;
      var yes = ternary();
      expect(":");
      var no = ternary();
      return function (n) { return test(n) ? yes(n) : no(n); };
    }
    var rule = ternary();
    if (i !== list.length) { throw new Error("plural rule: trailing " + list[i] + " in " + text); }
    return rule;
  }

  // forms[rule(n)], the last form when the rule names one the catalog lacks
  function choose(forms, rule, n) {
    var index = rule(Math.abs(Math.floor(Number(n) || 0)));
    return forms[Math.min(Math.max(index, 0), forms.length - 1)];
  }

  window.coursePlural = { compile: compile, choose: choose };
})();
