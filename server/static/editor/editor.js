// The query editor: YASGUI pointed at this server's /sparql, with the example queries from
// queries/ as tabs titled by their first comment line. The configuration comes from the
// JSON block #kg-editor-config that the server renders (never interpolated into code).
(function () {
  "use strict";

  var configEl = document.getElementById("kg-editor-config");
  var root = document.getElementById("yasgui");
  if (!configEl || !root) return;
  var config = JSON.parse(configEl.textContent);
  var examples = config.examples || [];

  if (typeof window.Yasgui !== "function") {
    // Assets missing: the page shows a notice and a plain form; example links stay plain links.
    return;
  }

  var requestConfig = { endpoint: config.endpoint, method: config.method };
  var yasgui = new window.Yasgui(root, {
    requestConfig: requestConfig,
    // Tabs and their queries survive a reload (browser's local storage, this origin only).
    persistenceId: "kg_editor",
    autoAddOnInit: false,
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: config.endpoint }]; }
    },
    yasqe: { value: config.new_tab_query || "SELECT * WHERE {\n  ?s ?p ?o\n} LIMIT 10\n" }
  });

  // Tabs restored from an earlier visit follow this server's endpoint and method.
  Object.keys(yasgui._tabs).forEach(function (id) {
    yasgui._tabs[id].setRequestConfig(requestConfig);
  });

  // One tab per example query, unless a tab of that title is already open. On a first visit
  // the first example is the active tab; later visits keep the tab the person left open.
  var hadActiveTab = !!yasgui.getTab();
  var firstExampleTab = null;
  examples.forEach(function (example) {
    var tab = yasgui.tabNameTaken(example.title);
    if (!tab) {
      tab = yasgui.addTab(!hadActiveTab && !firstExampleTab, {
        name: example.title,
        yasqe: { value: example.query },
        requestConfig: requestConfig
      });
    }
    if (!firstExampleTab) firstExampleTab = tab;
  });
  if (!yasgui.getTab()) {
    if (firstExampleTab) {
      yasgui.persistentConfig.setActive(firstExampleTab.getId());
      yasgui.markTabSelected(firstExampleTab.getId());
    } else {
      yasgui.addTab(true);
    }
  }

  // Long titles are cut in the tab bar; the whole title is the tab's tooltip.
  function labelTabs() {
    var links = root.querySelectorAll(".tabsList .tab a[role=tab]");
    Array.prototype.forEach.call(links, function (link) {
      var name = link.querySelector("span");
      if (!name) return;
      link.title = name.textContent;
      name.dir = "auto";
    });
  }
  labelTabs();
  ["tabAdd", "tabChange", "tabSelect"].forEach(function (event) {
    yasgui.on(event, function () { window.setTimeout(labelTabs, 0); });
  });

  // Results may be Arabic, English or both. Each literal's value gets its own direction
  // (dir="auto", an isolate), so "مايكروسوفت"@ar reads right inside a left-to-right table;
  // a MutationObserver catches every redraw (paging, sorting, a new query, "Simple view").
  function isolateValues(container) {
    var spans = container.querySelectorAll(".yasr_results td span.nonIri:not([data-kg-bidi])");
    Array.prototype.forEach.call(spans, function (span) {
      span.setAttribute("data-kg-bidi", "");
      var first = span.firstChild;
      if (!first || first.nodeType !== Node.TEXT_NODE) return;
      var text = first.nodeValue;
      var quoted = first.nextSibling && text.length >= 2 && text.charAt(0) === "\"" &&
        text.charAt(text.length - 1) === "\"";
      var value = document.createElement("span");
      value.className = "kg-value";
      value.dir = "auto";
      value.textContent = quoted ? text.slice(1, -1) : text;
      var parts = quoted ? [document.createTextNode("\""), value, document.createTextNode("\"")] : [value];
      parts.forEach(function (part) { span.insertBefore(part, first); });
      span.removeChild(first);
    });
  }
  isolateValues(root);
  new MutationObserver(function (mutations) {
    for (var i = 0; i < mutations.length; i++) {
      var target = mutations[i].target;
      if (target.nodeType === Node.ELEMENT_NODE && (target.closest(".yasr_results") || target.querySelector(".yasr_results td"))) {
        isolateValues(root);
        return;
      }
    }
  }).observe(root, { childList: true, subtree: true });

  // The example list under the editor opens the example's tab (or re-adds it if it was closed).
  Array.prototype.forEach.call(document.querySelectorAll("a.kg-example"), function (link) {
    link.addEventListener("click", function (event) {
      var example = examples[Number(link.getAttribute("data-index"))];
      if (!example) return;
      event.preventDefault();
      var tab = yasgui.tabNameTaken(example.title);
      if (tab) {
        yasgui.selectTabId(tab.getId());
      } else {
        yasgui.addTab(true, { name: example.title, yasqe: { value: example.query }, requestConfig: requestConfig });
      }
      root.scrollIntoView({ behavior: "smooth", block: "start" });
    });
  });

  window.kgEditor = { yasgui: yasgui, config: config };
})();
