/* search-core.js: how a query is cut into terms and ranked against the index the build wrote
   (course/render/search.py, whose functions of the same names this file mirrors term for term;
   tests run both on the same texts). No DOM here, so Node can run it too (bench/search.py). */
(function () {
  "use strict";

  var CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af";
  var WORD = "0-9a-z\u00df-\u024f\u0370-\u03ff\u0400-\u04ff";
  var TITLE_BONUS = 1.5, HEADING_BONUS = 0.75;  // search.py's
  var STOP = {};
  ("a an and are as at be by for from has have in is it its of on or that the this to was were with")
    .split(" ").forEach(function (w) { STOP[w] = true; });

  function normalise(text) {
    text = String(text);
    if (text.normalize) { text = text.normalize("NFKC"); }
    text = text.toLowerCase();
    return text.replace(/[\u00c0-\u024f]/g, function (c) { return c.normalize ? c.normalize("NFD").charAt(0) : c; });
  }

  function endsWith(word, suffix) { return word.slice(-suffix.length) === suffix; }

  function stem(word) {
    if (word.length <= 3 || !/^[a-z]+$/.test(word)) { return word; }
    if (endsWith(word, "ies") && word.length > 4) { word = word.slice(0, -3) + "y"; }
    else if (endsWith(word, "sses") || endsWith(word, "xes") || endsWith(word, "ches") || endsWith(word, "shes")) {
      word = word.slice(0, -2);
    } else if (endsWith(word, "s") && !endsWith(word, "ss") && !endsWith(word, "us") && !endsWith(word, "is")) {
      word = word.slice(0, -1);
    }
    if (endsWith(word, "ing") && word.length > 5) { word = word.slice(0, -3); }
    else if (endsWith(word, "ed") && word.length > 4) { word = word.slice(0, -2); }
    if (endsWith(word, "e") && word.length > 4) { word = word.slice(0, -1); }
    return word;
  }

  function runs(text) {
    // [[isCjk, run]] of the normalised text, as search.py's _TOKEN finds them
    var pattern = new RegExp("([" + CJK + "]+)|([" + WORD + "]+)", "g");
    var found = [], m;
    text = normalise(text);
    while ((m = pattern.exec(text)) !== null) { found.push(m[1] ? [true, m[1]] : [false, m[2]]); }
    return found;
  }

  function tokens(text) {
    var terms = [];
    runs(text).forEach(function (run) {
      var s = run[1], i;
      if (run[0]) {
        for (i = 0; i < s.length; i++) { terms.push(s.charAt(i)); }
        for (i = 0; i + 1 < s.length; i++) { terms.push(s.substr(i, 2)); }
      } else if (!STOP[s]) {
        terms.push(stem(s));
      }
    });
    return terms;
  }

  function queryTerms(query) {
    var terms = [], seen = {};
    function add(term) { if (!seen[term]) { seen[term] = true; terms.push(term); } }
    runs(query).forEach(function (run) {
      var s = run[1], i;
      if (run[0]) {
        if (s.length === 1) { add(s); }
        for (i = 0; i + 1 < s.length; i++) { add(s.substr(i, 2)); }
      } else if (!STOP[s]) {
        add(stem(s));
      }
    });
    return terms;
  }

  function termShard(term, shards) {
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      h ^= term.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % shards;
  }

  function rank(head, postings, terms) {
    // head: the language's index (search/<lang>.js); postings: term -> its gap-coded posting.
    // -> doc ids, best first, one per page (search.py's rank)
    var n = head.n, average = head.avg || 1, scores = {}, matched = {}, docs = [];
    terms = terms.filter(function (t) { return Object.prototype.hasOwnProperty.call(postings, t); });
    terms.forEach(function (term) {
      var posting = postings[term], df = posting.length / 2, doc = 0;
      var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (var i = 0; i < posting.length; i += 2) {
        doc += posting[i];
        var tf = posting[i + 1] >> 2, flags = posting[i + 1] & 3;
        var norm = 1.2 * (0.25 + 0.75 * head.l[doc] / average);
        var bonus = TITLE_BONUS * (flags >> 1) + HEADING_BONUS * (flags & 1);
        if (!(doc in scores)) { scores[doc] = 0; matched[doc] = 0; docs.push(doc); }
        scores[doc] += idf * (tf * 2.2 / (tf + norm) + bonus);
        matched[doc] += 1;
      }
    });
    var best = 0;
    docs.forEach(function (d) { if (matched[d] > best) { best = matched[d]; } });
    docs = docs.filter(function (d) { return matched[d] === best; });
    docs.sort(function (a, b) { return scores[b] - scores[a] || a - b; });
    var pages = {}, results = [];
    docs.forEach(function (d) {
      var page = head.dp[d];
      if (!pages[page]) { pages[page] = true; results.push(d); }
    });
    return results;
  }

  window.courseSearchCore = {
    normalise: normalise, stem: stem, runs: runs, tokens: tokens, queryTerms: queryTerms,
    termShard: termShard, rank: rank, CJK: CJK
  };
})();
