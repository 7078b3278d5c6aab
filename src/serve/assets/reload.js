/* hoshin serve: reload after a build. `window.__hoshin` holds the generations the page was
   served at (g: build attempt, p: pages, s: stylesheets; t: a preview tool page). Reload when
   pages changed, swap stylesheets when only CSS did, show or clear the error overlay when a
   build fails or recovers; the preview's own pages reload after every build attempt. */
(function () {
  var s = window.__hoshin;
  var es = new EventSource("/_hoshin/events");
  function overlay(html) {
    var o = document.getElementById("hoshin-overlay");
    if (o) o.remove();
    if (html) document.body.insertAdjacentHTML("beforeend", html);
  }
  es.addEventListener("build", function (e) {
    var d = e.data.split(" ").map(Number);
    if (d[0] === s.g) return;
    s.g = d[0];
    if (s.t) { location.reload(); return; }
    if (!d[3]) {
      fetch("/_hoshin/overlay", { cache: "no-store" })
        .then(function (r) { return r.text(); })
        .then(overlay);
      return;
    }
    if (d[1] !== s.p) { location.reload(); return; }
    overlay("");
    if (d[2] !== s.s) {
      s.s = d[2];
      document.querySelectorAll('link[rel="stylesheet"]').forEach(function (l) {
        var u = new URL(l.href);
        u.searchParams.set("hoshin", d[2]);
        l.href = u.href;
      });
    }
  });
})();
