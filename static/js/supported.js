// Loaded in the head, before the page is drawn, so that GOV.UK Frontend's styles for pages
// with its script (a collapsed menu on small screens, closed accordions, hidden conditional
// questions) apply from the first paint rather than when app.js runs, which moved the page
// under the reader. The test is GOV.UK Frontend's own: app.js is a module, so only a browser
// that runs modules gets the class. app.js adds it to <body> too, where the components look.
if ("noModule" in HTMLScriptElement.prototype) {
  document.documentElement.classList.add("js-enabled", "govuk-frontend-supported");
}
