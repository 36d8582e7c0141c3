// The open board follows its team's changes (server-sent events) and reads the board again when
// one arrives, without reloading the page. EventSource reconnects by itself, sending the last
// event's id, so nothing is missed; the status line says when the page is not live.
(function () {
  var status = document.querySelector('[data-live]');
  var tables = document.getElementById('board-tables');
  if (!status || !tables || !window.EventSource) {
    return;
  }
  var pending = null;

  function refresh() {
    pending = null;
    fetch(window.location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('board-tables');
        if (fresh) {
          tables.innerHTML = fresh.innerHTML;
          status.textContent = 'Live: updated at ' + new Date().toLocaleTimeString();
        }
      })
      .catch(function () {
        status.textContent = 'Not live: the board could not be read again. Reload the page.';
      });
  }

  var source = new EventSource(status.getAttribute('data-live'));
  source.onopen = function () {
    status.textContent = 'Live: changes appear as they happen';
    status.classList.remove('not-live');
  };
  source.onerror = function () {
    status.textContent = 'Not live: reconnecting. What changes meanwhile will appear once it is back.';
    status.classList.add('not-live');
  };
  source.addEventListener('changed', function () {
    // A few changes arrive together when a referral is routed: read the board once for them.
    if (!pending) { pending = setTimeout(refresh, 150); }
  });
})();
