/* hoshin serve: a notice sheet embedded in the notices preview, laid out as printed. Adds
   `screen` to every `@media print` rule of the page's (same-origin) stylesheets and pads the
   body by the `@page` margin, once the stylesheets have loaded. */
(function () {
  function go() {
    for (var i = 0; i < document.styleSheets.length; i++) {
      var r;
      try { r = document.styleSheets[i].cssRules; } catch (e) { continue; }
      for (var j = 0; j < r.length; j++) {
        var x = r[j];
        if (x.type === 4 && /\bprint\b/.test(x.media.mediaText)) {
          try { x.media.appendMedium("screen"); } catch (e) {}
        }
        if (x.type === 6 && x.style.margin) {
          document.body.style.padding = x.style.margin;
        }
      }
    }
  }
  if (document.readyState === "complete") go();
  else addEventListener("load", go);
})();
