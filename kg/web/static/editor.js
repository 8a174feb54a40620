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
  var plain = document.querySelector(".plain-form");
  if (plain) {
    plain.removeAttribute("open");
  }
  window.kgYasgui = yasgui;
})();
