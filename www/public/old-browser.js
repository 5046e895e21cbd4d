// Runs only in browsers without ES modules (nomodule): shows the plain
// message instead of a blank page. ES3 on purpose.
(function () {
  var message = document.getElementById('unsupported');
  if (message) message.removeAttribute('hidden');
  var app = document.getElementById('app');
  if (app) app.style.display = 'none';
})();
