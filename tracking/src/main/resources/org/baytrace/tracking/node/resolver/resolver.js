// BayTrace consumer page: optional enhancements; the page works without them.
// Adds, under each event time given in the event's own time zone, the same moment in the
// viewer's time zone when the two differ (a durian shipped at 08:00 in Bangkok is 09:00 in
// Guangzhou).
(function () {
  'use strict';
  var root = document.documentElement;
  root.classList.add('js');
  var label = root.getAttribute('data-your-time') || 'Your time';
  var format;
  try {
    format = new Intl.DateTimeFormat(root.lang || undefined, {
      year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false
    });
  } catch (e) {
    return;
  }
  var times = document.querySelectorAll('time[data-offset-minutes]');
  for (var i = 0; i < times.length; i++) {
    var t = times[i];
    var when = new Date(t.getAttribute('datetime'));
    if (isNaN(when.getTime())) continue;
    var eventOffset = parseInt(t.getAttribute('data-offset-minutes'), 10);
    var viewerOffset = -when.getTimezoneOffset();
    if (eventOffset === viewerOffset) continue;
    var span = document.createElement('span');
    span.className = 'viewer-time';
    span.textContent = label + ': ' + format.format(when);
    t.parentNode.insertBefore(span, t.nextSibling);
  }
  root.setAttribute('data-enhanced', 'true');
})();
