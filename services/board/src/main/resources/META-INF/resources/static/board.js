// The open board follows its team's changes (server-sent events) and reads the board again when
// one arrives, without reloading the page. EventSource reconnects by itself, sending the last
// event's id, so nothing is missed; the status line says when the page is not live. The board is
// also read again every 30 seconds, so that the urgent response clocks count down.
(function () {
  var status = document.querySelector('[data-live]');
  var tables = document.getElementById('live-content');
  if (!status || !tables || !window.EventSource) {
    return;
  }
  var pending = null;

  function refresh() {
    pending = null;
    fetch(status.getAttribute('data-read') || window.location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('live-content');
        if (fresh) {
          tables.innerHTML = fresh.innerHTML;
          status.textContent = 'Live: updated at ' + new Date().toLocaleTimeString();
        }
      })
      .catch(function () {
        status.textContent = 'Not live: the board could not be read again. Reload the page.';
      });
  }

  var cut = false;

  function follow() {
    var source = new EventSource(status.getAttribute('data-live'));
    source.onopen = function () {
      status.textContent = 'Live: changes appear as they happen';
      status.classList.remove('not-live');
      if (cut) {
        // Back after a cut: the stream replays what was missed; reading the board now also covers
        // what a new connection (without Last-Event-ID) or the stream's window cannot.
        cut = false;
        refresh();
      }
    };
    source.onerror = function () {
      cut = true;
      status.textContent = 'Not live: reconnecting. What changes meanwhile will appear once it is back.';
      status.classList.add('not-live');
      if (source.readyState === EventSource.CLOSED) {
        // The browser gives up on an answer that is not a stream (e.g. a 502): start again.
        setTimeout(follow, 5000);
      }
    };
    source.addEventListener('changed', function () {
      // A few changes arrive together when a referral is routed: read the board once for them.
      if (!pending) { pending = setTimeout(refresh, 50); }
    });
  }

  follow();
  setInterval(function () { if (!pending && !cut) { refresh(); } }, 30000);
})();
