// CSRF panel: a crafted request through the Fetch Metadata / Origin check,
// and a signed double-submit token minted and verified, in the browser (the
// module, via the npm package's eg.csrf) and on the server (Go host).
import { el, select, sideBySide } from '/panels/ui.js';

const DEMO_SECRET = 'demo-secret-please-change-me-0123456789';

// Crafted requests: [label, {method, host, path, site, origin}].
const requests = {
  'cross-site form POST': { method: 'POST', host: 'bank.example', path: '/transfer', site: 'cross-site', origin: 'https://evil.example' },
  'same-origin fetch': { method: 'POST', host: 'bank.example', path: '/transfer', site: 'same-origin', origin: 'https://bank.example' },
  'old browser, foreign Origin': { method: 'POST', host: 'bank.example', path: '/transfer', site: '', origin: 'https://evil.example' },
  'no browser headers (curl)': { method: 'POST', host: 'bank.example', path: '/transfer', site: '', origin: '' },
  'cross-site GET (safe method)': { method: 'GET', host: 'bank.example', path: '/account', site: 'cross-site', origin: '' },
  'trusted partner': { method: 'POST', host: 'bank.example', path: '/transfer', site: 'cross-site', origin: 'https://partner.example' },
  'webhook (bypass pattern)': { method: 'POST', host: 'bank.example', path: '/hooks/stripe', site: 'cross-site', origin: '' },
};

function input(id, value, attrs = {}) {
  const node = el('input', { id, type: 'text', value, spellcheck: 'false', ...attrs });
  return node;
}

function field(label, node) {
  return el('label', {}, `${label} `, node);
}

// Compares the browser's result with the server's reply in one column pair.
async function compare(view, mine, call) {
  view.browser.out.textContent = mine.error ? `error ${mine.error.code}: ${mine.error.message}` : JSON.stringify(mine.value, null, 1);
  let theirs = null;
  try {
    const reply = await call();
    view.server.whereEl.textContent = `Go host (${reply.mode})`;
    view.server.meta.textContent = `${(reply.micros / 1000).toFixed(2)} ms on the server`;
    if (reply.error) {
      view.server.out.textContent = `error ${reply.error.code}: ${reply.error.message}`;
      theirs = `error ${reply.error.code}`;
    } else {
      view.server.out.textContent = JSON.stringify(reply.output, null, 1);
      theirs = JSON.stringify(reply.output);
    }
  } catch (err) {
    view.server.out.textContent = `request failed: ${err.message}`;
  }
  view.judge(mine.error ? `error ${mine.error.code}` : JSON.stringify(mine.value), theirs);
}

function attempt(fn) {
  try {
    return { value: fn() };
  } catch (error) {
    return { error };
  }
}

export default {
  id: 'csrf',
  title: 'CSRF: Fetch Metadata and signed double-submit tokens',
  mount(section, { eg, server }) {
    // --- Fetch Metadata / Origin ---------------------------------------
    const example = select('Request', Object.keys(requests).map((k) => [k, k]), 'cross-site form POST');
    const method = select('Method', ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => [m, m]), 'POST');
    const site = select('Sec-Fetch-Site', [['', '(absent)'], ['same-origin', 'same-origin'], ['same-site', 'same-site'], ['cross-site', 'cross-site'], ['none', 'none']], 'cross-site');
    const host = input('csrf-host', 'bank.example', { size: '14' });
    const path = input('csrf-path', '/transfer', { size: '14' });
    const origin = input('csrf-origin', 'https://evil.example', { size: '22' });
    const trusted = input('csrf-trusted', 'https://partner.example', { size: '26' });
    const bypass = input('csrf-bypass', 'POST /hooks/', { size: '16' });
    const logOnly = el('input', { type: 'checkbox', id: 'csrf-logonly' });
    const checkBtn = el('button', { type: 'button', id: 'csrf-check' }, 'Check the request');
    section.append(
      el('h3', {}, 'Token-less: Fetch Metadata and Origin (Go 1.25 CrossOriginProtection)'),
      el('div', { class: 'controls' }, example.label, method.label, site.label),
      el('div', { class: 'controls' }, field('Host', host), field('Path', path), field('Origin', origin)),
      el('div', { class: 'controls' }, field('Trusted origins', trusted), field('Bypass patterns', bypass), el('label', {}, logOnly, ' log-only mode'), checkBtn),
    );
    const checkView = sideBySide(section);

    const list = (v) => v.split(/[\s,]+/).filter(Boolean);
    async function runCheck() {
      const options = { trustedOrigins: list(trusted.value), bypassPatterns: bypass.value.trim() ? [bypass.value.trim()] : [], logOnly: logOnly.checked };
      const headers = { host: host.value };
      if (site.input.value) headers['sec-fetch-site'] = site.input.value;
      if (origin.value) headers.origin = origin.value;
      const request = { method: method.input.value, url: path.value, headers };
      const now = Date.now();
      const t0 = performance.now();
      const mine = attempt(() => {
        const c = eg.csrf(options);
        try {
          return c.check(request, { now });
        } finally {
          c.close();
        }
      });
      checkView.browser.meta.textContent = `${(performance.now() - t0).toFixed(2)} ms (eg.csrf(options).check(request))`;
      const input = { method: request.method, host: host.value, path: path.value, now_ms: now };
      if (headers['sec-fetch-site']) input.sec_fetch_site = headers['sec-fetch-site'];
      if (headers.origin) input.origin = headers.origin;
      const config = { trusted_origins: options.trustedOrigins, bypass_patterns: options.bypassPatterns, log_only: options.logOnly };
      await compare(checkView, mine, () => server('/api/csrf/check', JSON.stringify({ config, input })));
    }
    example.input.addEventListener('change', () => {
      const r = requests[example.input.value];
      method.input.value = r.method;
      site.input.value = r.site;
      host.value = r.host;
      path.value = r.path;
      origin.value = r.origin;
      runCheck();
    });
    for (const node of [method.input, site.input, logOnly]) node.addEventListener('change', runCheck);
    checkBtn.addEventListener('click', runCheck);

    // --- Signed double-submit tokens ------------------------------------
    const session = input('csrf-session', 'session-1', { size: '14' });
    const secret = input('csrf-secret', DEMO_SECRET, { size: '40' });
    const verifySession = input('csrf-verify-session', 'session-1', { size: '14' });
    const token = el('textarea', { id: 'csrf-token', rows: '2', spellcheck: 'false' });
    const generateBtn = el('button', { type: 'button', id: 'csrf-generate' }, 'Generate a token (in the browser)');
    const verifyBtn = el('button', { type: 'button', id: 'csrf-verify' }, 'Verify it on both sides');
    const cookieLine = el('p', { class: 'meta', id: 'csrf-cookie' });
    section.append(
      el('h3', {}, 'Signed double-submit tokens (csrf-csrf 4 format: its tokens verify here and ours there)'),
      el('div', { class: 'controls' }, field('Secret (≥ 32 bytes)', secret), field('Session id', session), generateBtn),
      el('label', { class: 'block', for: 'csrf-token' }, 'Token (cookie and x-csrf-token header) — edit it to see the refusal'),
      token, cookieLine,
      el('div', { class: 'controls' }, field('Verify for session', verifySession), verifyBtn),
    );
    const tokenView = sideBySide(section);

    function generate() {
      const r = attempt(() => {
        const c = eg.csrf({ secrets: [secret.value] });
        try {
          return c.generate(session.value);
        } finally {
          c.close();
        }
      });
      if (r.error) {
        cookieLine.textContent = `error ${r.error.code}: ${r.error.message}`;
        return;
      }
      token.value = r.value.token;
      cookieLine.textContent = `Set-Cookie: ${r.value.setCookie}`;
      verify();
    }
    async function verify() {
      const now = Date.now();
      const mine = attempt(() => {
        const c = eg.csrf({ secrets: [secret.value] });
        try {
          return c.verify(verifySession.value, token.value.trim(), token.value.trim(), { now });
        } finally {
          c.close();
        }
      });
      const input = { session_id: verifySession.value, cookie_token: token.value.trim(), request_token: token.value.trim(), now_ms: now };
      await compare(tokenView, mine, () => server('/api/csrf/verify', JSON.stringify({ config: { secrets: [secret.value] }, input })));
    }
    generateBtn.addEventListener('click', generate);
    verifyBtn.addEventListener('click', verify);

    if (eg) {
      runCheck();
      generate();
    }
  },
};
