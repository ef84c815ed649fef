// Portcullis admin UI: tabs, team switcher, and forms that post with fetch. No inline scripts anywhere (the
// Content-Security-Policy allows only this file and htmx), and nothing from the server is ever set as HTML.
(function () {
  'use strict';

  var PANELS = ['catalog', 'gateways', 'tools', 'resources', 'prompts', 'teams', 'keys', 'users', 'roles'];

  function teamId() {
    return new URLSearchParams(window.location.search).get('team_id');
  }

  /** Shows one panel and hides the others; the hash keeps the choice across reloads. */
  function showTab(name) {
    if (PANELS.indexOf(name) < 0) name = 'catalog';
    PANELS.forEach(function (panel) {
      var section = document.getElementById(panel + '-panel');
      var tab = document.getElementById('tab-' + panel);
      if (section) section.classList.toggle('hidden', panel !== name);
      if (tab) tab.setAttribute('aria-selected', panel === name ? 'true' : 'false');
    });
  }
  window.showTab = showTab;

  function shellUrl(tab) {
    var id = teamId();
    return '/admin' + (id ? '?team_id=' + encodeURIComponent(id) : '') + '#' + tab;
  }

  function setStatus(form, text, ok) {
    var status = form.querySelector('.form-status');
    if (!status) return;
    status.textContent = text;
    status.className = 'form-status ' + (ok ? 'ok' : 'error');
  }

  /** Create forms: multipart POST to the form's action, with the team of the current view. */
  function submitWithFetch(event) {
    var form = event.target;
    event.preventDefault();
    var data = new FormData(form);
    var id = teamId();
    if (id && !data.has('team_id')) data.append('team_id', id);
    var button = form.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    setStatus(form, 'Saving…', true);
    fetch(form.getAttribute('action'), { method: 'POST', body: data, credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return { success: false, message: 'Unexpected answer (HTTP ' + response.status + ')' };
          })
          .then(function (body) {
            if (response.ok && body.success) {
              if (body.secret) {
                // A new key is shown once, here, and never again.
                var secret = form.querySelector('.secret');
                if (secret) secret.textContent = body.secret;
                var done = form.querySelector('[data-reload]');
                if (done) done.classList.remove('hidden');
                setStatus(form, body.message + ' Copy it now: it will not be shown again.', true);
                return;
              }
              window.location.assign(shellUrl(form.getAttribute('data-tab')));
              window.location.reload();
              return;
            }
            var why = response.status === 401 || response.status === 403 ? 'Not allowed: ' : '';
            setStatus(form, why + (body.message || 'Request failed (HTTP ' + response.status + ')'), false);
          });
      })
      .catch(function () {
        setStatus(form, 'Network error: nothing was saved', false);
      })
      .finally(function () {
        if (button) button.disabled = false;
      });
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var question = form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (form.hasAttribute('data-fetch')) submitWithFetch(event);
  });

  document.addEventListener('change', function (event) {
    var select = event.target;
    if (!(select instanceof HTMLSelectElement) || select.id !== 'team-switcher') return;
    var hash = window.location.hash || '#catalog';
    window.location.assign('/admin' + (select.value ? '?team_id=' + encodeURIComponent(select.value) : '') + hash);
  });

  document.addEventListener('click', function (event) {
    if (event.target instanceof Element && event.target.closest('[data-reload]')) {
      window.location.reload();
      return;
    }
    var link = event.target instanceof Element ? event.target.closest('a[data-tab-link]') : null;
    if (!link) return;
    showTab(link.getAttribute('href').slice(1));
  });

  window.addEventListener('hashchange', function () {
    showTab(window.location.hash.slice(1));
  });

  function start() {
    showTab(window.location.hash.slice(1) || 'catalog');
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
