/* certificate.js: the completion code, made as course/certificate.py makes it (tests/test_certificate.py
   holds the two to one table), and a part's score from its quizzes' best scores.

   The code is the first bits (at least 30) of the SHA-256 of the course id, the learner's normalised
   name and organisation and the best score of every quiz, then those scores (7 bits each), in
   Crockford's base32, in groups of four. A static page keeps no secret: the code shows that a
   certificate is consistent, not who earned it (docs/learners.md). Loaded after grade.js. */
(function () {
  "use strict";

  var ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  var SCORE_BITS = 7, CHECK_BITS = 30, GROUP = 4, TAG = "course-certificate/1";

  // SHA-256 (FIPS 180-4) of a byte array, as 256 "0"/"1" characters: synchronous, so it works from
  // file:// and in an LMS frame, where crypto.subtle may be missing.
  var K = [];
  (function () {
    function frac(x) { return ((x - Math.floor(x)) * 4294967296) >>> 0; }
    var n = 2, found = 0;
    while (found < 64) {
      var prime = true;
      for (var d = 2; d * d <= n; d++) { if (n % d === 0) { prime = false; break; } }
      if (prime) { K.push(frac(Math.pow(n, 1 / 3))); found++; }
      n++;
    }
  })();

  function sha256Bits(bytes) {
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var length = bytes.length, padded = bytes.slice();
    padded.push(0x80);
    while (padded.length % 64 !== 56) { padded.push(0); }
    var bitsHigh = Math.floor(length / 536870912), bitsLow = (length * 8) >>> 0;
    [bitsHigh >>> 24, bitsHigh >>> 16, bitsHigh >>> 8, bitsHigh, bitsLow >>> 24, bitsLow >>> 16, bitsLow >>> 8, bitsLow]
      .forEach(function (b) { padded.push(b & 255); });
    function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
    var w = new Array(64);
    for (var at = 0; at < padded.length; at += 64) {
      for (var i = 0; i < 16; i++) {
        w[i] = ((padded[at + 4 * i] << 24) | (padded[at + 4 * i + 1] << 16) | (padded[at + 4 * i + 2] << 8) | padded[at + 4 * i + 3]) >>> 0;
      }
      for (i = 16; i < 64; i++) {
        var s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        var s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (i = 0; i < 64; i++) {
        var t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        k = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      h = [h[0] + a, h[1] + b, h[2] + c, h[3] + d, h[4] + e, h[5] + f, h[6] + g, h[7] + k].map(function (x) { return x >>> 0; });
    }
    return h.map(function (x) { return bitString(x, 32); }).join("");
  }

  function bitString(value, width) {
    var text = value.toString(2);
    while (text.length < width) { text = "0" + text; }
    return text;
  }

  function utf8(text) {
    var bytes = [];
    var encoded = unescape(encodeURIComponent(text));  // one character per UTF-8 byte
    for (var i = 0; i < encoded.length; i++) { bytes.push(encoded.charCodeAt(i)); }
    return bytes;
  }

  function normaliseName(text) { return window.courseGrade.normalise(String(text || ""), false); }

  function checkBits(count) {
    var total = SCORE_BITS * count + CHECK_BITS;
    return CHECK_BITS + ((5 * GROUP - total % (5 * GROUP)) % (5 * GROUP));  // fills the last group of four
  }

  // scores: the best score of every quiz, whole percents, in the course's quiz order
  function code(courseId, name, organisation, scores) {
    var message = [TAG, courseId, normaliseName(name), normaliseName(organisation), scores.join(",")].join("\n");
    var bits = sha256Bits(utf8(message)).slice(0, checkBits(scores.length));
    scores.forEach(function (score) { bits += bitString(score, SCORE_BITS); });
    var chars = "";
    for (var i = 0; i < bits.length; i += 5) { chars += ALPHABET.charAt(parseInt(bits.slice(i, i + 5), 2)); }
    var groups = [];
    for (i = 0; i < chars.length; i += GROUP) { groups.push(chars.slice(i, i + GROUP)); }
    return groups.join("-");
  }

  // weights: {quiz id: points on the part}; best: {quiz id: best score}. A quiz not tried counts 0;
  // null when none was tried. Rounded half up, in whole numbers, as part_score() in Python.
  function partScore(weights, best) {
    var total = 0, got = 0, tried = false;
    Object.keys(weights).forEach(function (id) {
      total += weights[id];
      if (Object.prototype.hasOwnProperty.call(best, id)) { tried = true; got += weights[id] * best[id]; }
    });
    if (!tried || !total) { return null; }
    return Math.floor((2 * got + total) / (2 * total));
  }

  // "quiz-a:3 quiz-b:1" (a data attribute the build writes) -> {quiz-a: 3, quiz-b: 1}
  function readWeights(text) {
    var weights = {};
    String(text || "").split(" ").forEach(function (pair) {
      var cut = pair.lastIndexOf(":");
      if (cut > 0) { weights[pair.slice(0, cut)] = parseInt(pair.slice(cut + 1), 10) || 0; }
    });
    return weights;
  }

  window.courseCertificate = {
    sha256Bits: sha256Bits,
    utf8: utf8,
    normaliseName: normaliseName,
    code: code,
    partScore: partScore,
    readWeights: readWeights
  };
})();
