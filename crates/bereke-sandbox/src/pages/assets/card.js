// The payment page's card form: groups the card number in fours as it is
// typed, checks it with the Luhn algorithm before posting, and posts only
// once. The page works without this: the server checks the same.
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form) { return; }
  var pan = form.elements["$PAN"];
  var panError = document.getElementById("pan-error");
  var button = form.querySelector("button[type=submit]");

  function digits(text) { return text.replace(/\D/g, ""); }

  function luhn(number) {
    if (number.length < 12 || number.length > 19) { return false; }
    var sum = 0;
    for (var i = 0; i < number.length; i++) {
      var d = number.charCodeAt(number.length - 1 - i) - 48;
      if (i % 2 === 1) { d *= 2; if (d > 9) { d -= 9; } }
      sum += d;
    }
    return sum % 10 === 0;
  }

  function showError(show) {
    panError.hidden = !show;
    if (show) {
      panError.textContent = form.getAttribute("data-pan-error");
      pan.setAttribute("aria-invalid", "true");
    } else {
      pan.removeAttribute("aria-invalid");
    }
  }

  pan.addEventListener("input", function () {
    var caret = pan.selectionStart === null ? pan.value.length : pan.selectionStart;
    var before = digits(pan.value.slice(0, caret)).length;
    var number = digits(pan.value).slice(0, 19);
    var grouped = number.replace(/(\d{4})(?=\d)/g, "$1 ");
    if (grouped !== pan.value) {
      pan.value = grouped;
      // Put the caret back after the same number of digits.
      var at = 0;
      for (var seen = 0; at < grouped.length && seen < before; at++) {
        if (grouped.charAt(at) !== " ") { seen++; }
      }
      pan.setSelectionRange(at, at);
    }
    if (pan.hasAttribute("aria-invalid") && luhn(number)) { showError(false); }
  });

  pan.addEventListener("blur", function () {
    var number = digits(pan.value);
    if (number.length > 0) { showError(!luhn(number)); }
  });

  form.addEventListener("submit", function (event) {
    if (!luhn(digits(pan.value))) {
      event.preventDefault();
      showError(true);
      pan.focus();
      return;
    }
    // A second click must not post the card twice.
    button.disabled = true;
  });

  // Coming back to the page from the history: the button works again.
  window.addEventListener("pageshow", function () { button.disabled = false; });
})();
