/* The gateway's 3DS Method page: posts the method form into the hidden
   iframe, then the continue form once the method page has loaded in it (not
   its first, empty about:blank) with threeDSCompInd=Y, or after 10 s with N.
   The same steps as the client's method page (bereke::three_ds), which the
   sandbox does not use: it shares only the models with the merchant's client. */
(function () {
  var f = document.getElementById("three-ds-continue"),
    m = document.getElementById("three-ds-method-form"),
    done = false;
  function go(y) {
    if (done) return;
    done = true;
    f.elements.threeDSCompInd.value = y ? "Y" : "N";
    f.submit();
  }
  var w = document.getElementsByName("three-ds-method")[0];
  w.addEventListener("load", function () {
    try {
      if (w.contentWindow.location.href === "about:blank") return;
    } catch (e) {}
    go(true);
  });
  setTimeout(function () {
    go(false);
  }, 10000);
  m.submit();
})();
