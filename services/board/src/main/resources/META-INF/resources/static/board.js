// An open page of the board stays current without a reload. A team's pages follow the team's
// changes (server-sent events, data-live) and read themselves again (data-read) when one arrives;
// EventSource reconnects by itself with the last event's id, and the page is read again once it
// is back. They are also read every 30 seconds, so that the urgent response clocks count down.
// A page with no stream (the SPA's queues) is read every 15 seconds. The status line says which.
// A form someone is filling in is never replaced under them: the page waits until they finish.
(function () {
  var status = document.querySelector('[data-read]');
  var content = document.getElementById('live-content');
  if (!status || !content) {
    return;
  }
  var pending = null;
  var cut = false;

  function editing() {
    var fields = content.querySelectorAll('input:not([type=hidden]), select, textarea');
    for (var i = 0; i < fields.length; i++) {
      var field = fields[i];
      if (field === document.activeElement) { return true; }
      if (field.tagName === 'SELECT') {
        for (var j = 0; j < field.options.length; j++) {
          if (field.options[j].selected !== field.options[j].defaultSelected) { return true; }
        }
      } else if (field.value !== field.defaultValue) {
        return true;
      }
    }
    return false;
  }

  function refresh() {
    pending = null;
    if (editing()) {
      status.textContent = 'Not updated while you fill in a form: it updates once you have sent it.';
      pending = setTimeout(refresh, 5000);
      return;
    }
    fetch(status.getAttribute('data-read'), { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('live-content');
        if (fresh && !editing()) {
          content.innerHTML = fresh.innerHTML;
          status.textContent = (status.hasAttribute('data-live') ? 'Live: updated at ' : 'Updated at ')
            + new Date().toLocaleTimeString();
        }
      })
      .catch(function () {
        status.textContent = 'Not live: the page could not be read again. Reload the page.';
      });
  }

  function follow() {
    var source = new EventSource(status.getAttribute('data-live'));
    source.onopen = function () {
      status.textContent = 'Live: changes appear as they happen';
      status.classList.remove('not-live');
      if (cut) {
        // Back after a cut: the stream replays what was missed; reading the page now also covers
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
      // A few changes arrive together when a referral is routed: read the page once for them.
      if (!pending) { pending = setTimeout(refresh, 50); }
    });
  }

  if (status.hasAttribute('data-live') && window.EventSource) {
    follow();
    setInterval(function () { if (!pending && !cut) { refresh(); } }, 30000);
  } else {
    setInterval(function () { if (!pending) { refresh(); } }, 15000);
  }
})();
