// The SPARQL editor: YASGUI (fetched from npm by scripts/fetch-yasgui, served by this site),
// sending queries to this dataset's endpoint only. Autocompletion is limited to prefixes and
// variables: the class and property completers would call a remote service (LOV).
(function () {
  "use strict";
  var element = document.getElementById("yasgui");
  if (!element || typeof window.Yasgui === "undefined") {
    return;
  }
  var endpoint = new URL(element.getAttribute("data-endpoint"), document.baseURI).href;
  var query = element.getAttribute("data-query") || "";
  var yasgui = new window.Yasgui(element, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    autofocus: false,
    copyEndpointOnNewTab: false,
    persistenceId: null,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { value: query, autocompleters: ["prefixes", "variables"] }
  });
  var tab = yasgui.getTab();
  if (tab && tab.getYasqe && query) {
    tab.getYasqe().setValue(query);
  }
  // YASGUI draws its run and share buttons in the query box, over its top right, where they hid the query's first
  // line (or, with the box padded, left an empty band above it): they go out of the box, just above it (style.css).
  var buttons = element.querySelector(".yasqe .CodeMirror > .yasqe_buttons");
  if (buttons) {
    buttons.parentNode.parentNode.insertBefore(buttons, buttons.parentNode);
  }
  // YASGUI's boxes have no label a screen reader can say (axe-core: label, critical): the query's text area and
  // the endpoint box are named here.
  var named = [[".CodeMirror textarea", "SPARQL query"], [".autocomplete", "SPARQL endpoint"],
               [".CodeMirror-scroll", "SPARQL query, scrolled"]];
  // (a scrolled query, on a phone, is scrolled by keyboard too: axe-core, scrollable-region-focusable)
  element.querySelectorAll(".CodeMirror-scroll").forEach(function (box) {
    box.setAttribute("tabindex", "0");
  });
  named.forEach(function (pair) {
    element.querySelectorAll(pair[0]).forEach(function (box) {
      if (!box.getAttribute("aria-label")) {
        box.setAttribute("aria-label", pair[1]);
      }
    });
  });
  var plain = document.querySelector(".plain-form");
  if (plain) {
    plain.removeAttribute("open");
  }
  window.kgYasgui = yasgui;
})();
