// The UI's only script (served as /ui/assets/ui.js, same origin, no inline code so the pages'
// CSP can forbid inline scripts): copy buttons for citation lines, and live status badges on
// the Targets screen (polls /targets/status.json for the page shown, its cursor included).
export const CLIENT_JS = `'use strict';
document.addEventListener('click', function (ev) {
  var b = ev.target && ev.target.closest ? ev.target.closest('button.copy') : null;
  if (!b) return;
  var ta = document.querySelector('textarea[data-cite="' + b.getAttribute('data-copy') + '"]');
  if (!ta) return;
  ta.select();
  var done = function () { b.textContent = '✓'; };
  if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(ta.value).then(done, function () { document.execCommand('copy'); done(); });
  else { document.execCommand('copy'); done(); }
});
(function live() {
  if (!document.querySelector('span.status[data-target]')) return;
  var tick = function () {
    fetch('/targets/status.json' + location.search, { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : null; }).then(function (j) {
      if (!j) return;
      j.targets.forEach(function (t) {
        var el = document.querySelector('span.status[data-target="' + CSS.escape(t.id) + '"]');
        if (el && el.getAttribute('data-html') !== t.html) { el.innerHTML = t.html; el.setAttribute('data-html', t.html); }
      });
    }).catch(function () {});
  };
  setInterval(tick, 5000);
})();
`;
