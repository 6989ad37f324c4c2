// Starts GraphiQL on /graphiql. The vendored UMD builds loaded before this script define
// React, ReactDOM and GraphiQL; the page's #graphiql element carries the endpoint and the
// query to open with. Headers (a bearer token) are typed in the Headers tab and never reach
// the browser's storage.
(function () {
  'use strict';

  // GraphiQL 3 keeps each history entry's headers in localStorage even with
  // shouldPersistHeaders off; a token must not outlive the tab, so they are blanked here.
  var WITH_HEADERS = ['graphiql:queries', 'graphiql:favorites', 'graphiql:tabState'];
  function withoutHeaders(key, value) {
    if (WITH_HEADERS.indexOf(key) < 0) return value;
    try {
      return JSON.stringify(JSON.parse(value), function (name, field) {
        return name === 'headers' ? '' : field;
      });
    } catch (error) {
      return value;
    }
  }
  var storage = {
    getItem: function (key) { return window.localStorage.getItem(key); },
    setItem: function (key, value) {
      if (key === 'graphiql:headers') window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, withoutHeaders(key, value));
    },
    removeItem: function (key) { window.localStorage.removeItem(key); },
    clear: function () {
      Object.keys(window.localStorage)
        .filter(function (key) { return key.indexOf('graphiql:') === 0; })
        .forEach(function (key) { window.localStorage.removeItem(key); });
    },
    get length() {
      return Object.keys(window.localStorage).filter(function (key) { return key.indexOf('graphiql:') === 0; }).length;
    },
  };

  var root = document.getElementById('graphiql');
  var fetcher = GraphiQL.createFetcher({ url: new URL(root.dataset.endpoint, window.location.href).href });
  var logo = React.createElement(GraphiQL.Logo, null, 'umkm-graph · Kota Palu');
  ReactDOM.createRoot(root).render(
    React.createElement(
      GraphiQL,
      {
        fetcher: fetcher,
        storage: storage,
        defaultQuery: root.dataset.defaultQuery,
        defaultEditorToolsVisibility: 'headers',
        shouldPersistHeaders: false,
      },
      logo
    )
  );
})();
