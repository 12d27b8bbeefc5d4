// Rate-limit panel: N requests in one burst through the same GCRA policy in
// the browser (eg.rateLimiter with its in-memory store) and on the server
// (the Go host, with the state in ratelimit.MemoryStore); both must decide
// every request the same way, with the same header fields.
import { el, sideBySide } from '/panels/ui.js';

function numberInput(id, value, min, max) {
  return el('input', { id, type: 'number', value: String(value), min: String(min), max: String(max), step: '1' });
}

// One line per decision, from either side's shape: the module's JSON (server)
// or the JS API's camelCase object (browser).
function line(i, d) {
  const retry = d.retryAfterMs ?? d.retry_after_ms;
  const headers = d.headers.map((h) => (Array.isArray(h) ? `${h[0]}: ${h[1]}` : `${h.name}: ${h.value}`)).join(' | ');
  return `#${String(i + 1).padStart(2)} ${d.allowed ? '✓ 200' : '✗ 429'} remaining ${d.policies[0].remaining}` +
    `${d.allowed ? '' : `, retry after ${retry} ms`}  ${headers}`;
}

export default {
  id: 'ratelimit',
  title: 'Rate limiting (GCRA, IETF RateLimit headers)',
  mount(section, { eg, server }) {
    const quota = numberInput('rl-quota', 5, 1, 1000);
    const windowS = numberInput('rl-window', 10, 1, 3600);
    const burst = numberInput('rl-n', 8, 1, 100);
    const send = el('button', { type: 'button', id: 'rl-send' }, 'Send the requests');
    const reset = el('button', { type: 'button', id: 'rl-reset' }, 'Reset both limiters');
    const summary = el('p', { class: 'meta', id: 'rl-summary' });
    section.append(
      el('p', {}, 'A policy of quota requests per window. Each click sends N requests at one instant; quota comes back one request every window / quota (no window edge to double-spend at). Click again to see it refill.'),
      el('div', { class: 'controls' },
        el('label', {}, 'Quota ', quota), el('label', {}, 'Window (s) ', windowS), el('label', {}, 'N requests ', burst), send, reset),
      summary,
    );
    const view = sideBySide(section);

    let limiter = null;
    let key = '';
    let policyKey = '';
    function policy() {
      return { name: 'demo', quota: Number(quota.value), windowS: Number(windowS.value) };
    }
    function fresh() {
      limiter?.close();
      limiter = null;
      key = `visitor-${crypto.getRandomValues(new Uint32Array(2)).join('-')}`;
      view.browser.out.textContent = '';
      view.server.out.textContent = '';
      view.judge(null, null);
      summary.textContent = '';
    }

    async function run() {
      const p = policy();
      if (JSON.stringify(p) !== policyKey) {
        fresh();
        policyKey = JSON.stringify(p);
      }
      const n = Math.min(100, Math.max(1, Number(burst.value) || 1));
      const now = Date.now();
      let mine = null;
      try {
        limiter ??= eg.rateLimiter(p);
        const t0 = performance.now();
        const decisions = [];
        for (let i = 0; i < n; i++) decisions.push(await limiter.limit(key, { now }));
        view.browser.meta.textContent = `${(performance.now() - t0).toFixed(2)} ms for ${n} decisions`;
        mine = decisions.map((d, i) => line(i, d)).join('\n');
        view.browser.out.textContent = mine;
        summary.textContent = `${decisions.filter((d) => d.allowed).length} of ${n} allowed in the browser`;
      } catch (err) {
        view.browser.out.textContent = `error ${err.code}: ${err.message}`;
      }
      let theirs = null;
      try {
        const config = { policies: [{ name: p.name, quota: p.quota, window_s: p.windowS }] };
        const reply = await server('/api/ratelimit/batch', JSON.stringify({ config, input: { key, n, now_ms: now } }));
        view.server.whereEl.textContent = `Go host (${reply.mode})`;
        view.server.meta.textContent = `${(reply.micros / 1000).toFixed(2)} ms for ${n} decisions on the server`;
        if (reply.error) {
          view.server.out.textContent = `error ${reply.error.code}: ${reply.error.message}`;
        } else {
          theirs = reply.output.map((d, i) => line(i, d)).join('\n');
          view.server.out.textContent = theirs;
        }
      } catch (err) {
        view.server.out.textContent = `request failed: ${err.message}`;
      }
      view.judge(mine, theirs);
    }

    send.addEventListener('click', run);
    reset.addEventListener('click', () => { fresh(); policyKey = ''; });
    if (eg) run();
  },
};
