// Security headers + CSP builder and evaluator: helmet options become a
// header set, and any policy string gets csp-evaluator's findings, in the
// browser (the module, via the npm package) and on the server (Go host).
import { debounce, el, millis, select, sideBySide } from '/panels/ui.js';

const optionExamples = {
  'strict CSP + WebAssembly': {
    contentSecurityPolicy: { preset: 'strict', wasmUnsafeEval: true },
    xFrameOptions: { action: 'deny' },
    permissionsPolicy: true,
  },
  "helmet's defaults": {},
  'strict + Trusted Types + reporting': {
    contentSecurityPolicy: {
      preset: 'strict',
      trustedTypes: { policies: ['default'] },
      directives: { reportTo: 'csp-endpoint' },
    },
    reportingEndpoints: { 'csp-endpoint': 'https://example.com/csp-reports' },
    strictTransportSecurity: { maxAge: 63072000, preload: true },
  },
  'allowlist CSP (weak)': {
    contentSecurityPolicy: {
      directives: { scriptSrc: ["'self'", 'https://www.google.com', "'unsafe-inline'"], objectSrc: null },
    },
  },
  'a typo (refused)': { xFrameOptions: { acton: 'deny' } },
};

// Policies for the evaluator; '' entries are filled in at run time.
const policyExamples = {
  'the CSP built above': '',
  "this page's own policy": '',
  'a weak policy': "script-src 'self' 'unsafe-inline' https://ajax.googleapis.com http:; default-src *; report-uri /csp",
  'nonce without base-uri': "script-src 'nonce-abc' 'unsafe-eval'; object-src 'none'",
};

// Most severe first, as csp-evaluator ranks them.
const SEVERITIES = ['HIGH', 'SYNTAX', 'MEDIUM', 'HIGH_MAYBE', 'STRICT_CSP', 'MEDIUM_MAYBE', 'INFO', 'NONE'];
const ALARMING = new Set(['HIGH', 'SYNTAX', 'MEDIUM', 'HIGH_MAYBE']);

function headerLines(set) {
  const lines = Object.entries(set.headers).map(([name, value]) => `${name}: ${value}`);
  for (const name of set.remove) lines.push(`(remove) ${name}`);
  return lines.join('\n');
}

export function findingLines(findings) {
  return findings.map((f) => `${f.severity} ${f.type} ${f.directive}${f.value === null ? '' : ` ${f.value}`}`).join('\n') || '(no findings)';
}

// A list of findings, most severe first (the text above keeps
// csp-evaluator's order, which is what the two sides compare); alarming
// severities in the page's "bad" colour.
export function findingList(findings) {
  const list = el('ul', {});
  const sorted = findings.map((f, i) => [f, i]).sort(([a, i], [b, j]) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || i - j);
  for (const [f] of sorted) {
    const sev = el('strong', { class: ALARMING.has(f.severity) ? 'status bad' : 'status' }, f.severity);
    list.append(el('li', {}, sev, ' ', el('code', {}, f.type), ` ${f.directive}${f.value === null ? '' : ` ${f.value}`} — ${f.description}`));
  }
  return list;
}

export function summary(findings) {
  const counts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]).filter(([, n]) => n);
  return counts.length ? counts.map(([s, n]) => `${n} ${s}`).join(', ') : 'no findings';
}

export default {
  id: 'headers',
  title: 'Security headers (helmet) and CSP evaluator',
  mount(section, { eg, server }) {
    // --- Security headers from helmet options ---
    const example = select('Example', [['', '(your own)'], ...Object.keys(optionExamples).map((k) => [k, k])], 'strict CSP + WebAssembly');
    const options = el('textarea', { id: 'headers-options', spellcheck: 'false', rows: '8' });
    options.value = JSON.stringify(optionExamples['strict CSP + WebAssembly'], null, 2);
    section.append(
      el('h3', {}, 'Security headers'),
      el('p', { class: 'meta' }, 'helmet 8 options (plus permissionsPolicy, reportingEndpoints, preset "strict", nonce, wasmUnsafeEval, trustedTypes). ' +
        'The browser fills the compiled template with a fresh nonce from crypto.getRandomValues; the server builds with that nonce, so the bytes must match.'),
      el('div', { class: 'controls' }, example.label),
      el('label', { class: 'block', for: 'headers-options' }, 'Options (JSON)'),
      options,
    );
    const headersView = sideBySide(section);

    // --- CSP evaluator ---
    const source = select('Policy', Object.keys(policyExamples).map((k) => [k, k]), 'the CSP built above');
    const checks = {};
    const boxes = ['strict', 'extra', 'wasm'].map((name) => {
      checks[name] = el('input', { type: 'checkbox', id: `csp-${name}` });
      checks[name].checked = true;
      return el('label', { for: `csp-${name}` }, checks[name], ` ${name}`);
    });
    const policy = el('textarea', { id: 'csp-policy', spellcheck: 'false', rows: '4' });
    section.append(
      el('h3', {}, 'CSP evaluator'),
      el('p', { class: 'meta' }, "Google csp-evaluator's checks and severities; strict: its strict-CSP checks; extra + wasm: edgeguard's duplicate-directive and 'wasm-unsafe-eval' checks."),
      el('div', { class: 'controls' }, source.label, ...boxes),
      el('label', { class: 'block', for: 'csp-policy' }, 'Content-Security-Policy'),
      policy,
    );
    const cspView = sideBySide(section);

    // --- This page's own violation reports ---
    const probe = el('button', { type: 'button' }, 'Try an injected inline event handler');
    const reportsMeta = el('p', { class: 'meta' });
    const reportsOut = el('pre', { class: 'code' });
    section.append(
      el('h3', {}, "This page's violation reports"),
      el('p', { class: 'meta' }, "The page's policy has script-src-attr 'none' and report-uri: an injected onerror handler is blocked, " +
        'the browser reports it, and the server turns the report into a security event with the module (query strings stripped, fields capped).'),
      el('div', { class: 'controls' }, probe),
      reportsMeta,
      reportsOut,
    );
    async function showReports(probed) {
      try {
        const res = await fetch('/api/headers/csp-reports');
        const { events, total } = await res.json();
        reportsOut.textContent = events.length ? events.slice(-5).map((e) => JSON.stringify(e, null, 1)).join('\n') : '(none yet)';
        reportsMeta.textContent = `${total} violation(s) reported since the server started` +
          (probed ? ` · the injected handler ${window.edgeguardDemoPwned ? 'RAN' : 'was blocked'}` : '');
      } catch (err) {
        reportsMeta.textContent = `request failed: ${err.message}`;
      }
    }
    probe.addEventListener('click', () => {
      // What an HTML injection would plant: an image whose error handler is
      // inline script. The policy refuses to run it.
      const img = el('img', { alt: '', src: 'data:,', onerror: 'window.edgeguardDemoPwned = true' });
      section.append(img);
      setTimeout(() => {
        img.remove();
        showReports(true);
      }, 1000);
    });
    showReports(false);

    let builtPolicy = '';
    let pagePolicy = '';
    fetch('/', { method: 'HEAD' }).then((r) => {
      pagePolicy = r.headers.get('content-security-policy') ?? '';
      if (source.input.value === "this page's own policy") fillPolicy();
    });

    function fillPolicy() {
      const name = source.input.value;
      policy.value = name === 'the CSP built above' ? builtPolicy : name === "this page's own policy" ? pagePolicy : policyExamples[name];
    }

    let headersSeq = 0;
    async function buildHeaders() {
      const mine = ++headersSeq;
      const text = options.value;
      let parsed;
      let nonce = '';
      let browserOut = null;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        headersView.browser.out.textContent = '';
        headersView.browser.meta.textContent = `not JSON: ${err.message}`;
      }
      if (eg && parsed !== undefined) {
        try {
          const t0 = performance.now();
          const set = eg.securityHeaders(parsed);
          const took = millis(performance.now() - t0);
          nonce = set.nonce ?? '';
          browserOut = headerLines(set);
          headersView.browser.out.textContent = browserOut;
          headersView.browser.meta.textContent = `${took}${nonce ? ` · nonce ${nonce} (${nonce.length} base64 characters, 128 bits)` : ''}`;
          builtPolicy = set.headers['Content-Security-Policy'] ?? set.headers['Content-Security-Policy-Report-Only'] ?? '';
        } catch (err) {
          headersView.browser.out.textContent = '';
          headersView.browser.meta.textContent = `error ${err.code}: ${err.message}`;
          builtPolicy = '';
        }
      }
      if (source.input.value === 'the CSP built above') {
        fillPolicy();
        evaluate();
      }
      let serverOut = null;
      try {
        const reply = await server(`/api/headers/build?nonce=${encodeURIComponent(nonce)}`, text);
        if (mine !== headersSeq) return;
        headersView.server.whereEl.textContent = `Go host (${reply.mode})`;
        if (reply.error) {
          headersView.server.out.textContent = '';
          headersView.server.meta.textContent = `error ${reply.error.code}: ${reply.error.message}`;
        } else {
          serverOut = headerLines(reply.output);
          headersView.server.out.textContent = serverOut;
          headersView.server.meta.textContent = `${(reply.micros / 1000).toFixed(2)} ms on the server (compile + build)`;
        }
      } catch (err) {
        headersView.server.meta.textContent = `request failed: ${err.message}`;
      }
      headersView.judge(browserOut, serverOut);
    }

    let cspSeq = 0;
    async function evaluate() {
      const mine = ++cspSeq;
      const text = policy.value;
      const opts = Object.fromEntries(Object.entries(checks).filter(([, box]) => box.checked).map(([name]) => [name, true]));
      let browserOut = null;
      const show = (side, findings, meta) => {
        cspView[side].out.textContent = findingLines(findings);
        cspView[side].meta.textContent = meta;
        cspView[side].extra.replaceChildren(findingList(findings));
      };
      if (eg) {
        try {
          const t0 = performance.now();
          const findings = eg.evaluateCsp(text, opts);
          browserOut = JSON.stringify(findings);
          show('browser', findings, `${summary(findings)} · ${millis(performance.now() - t0)}`);
        } catch (err) {
          cspView.browser.meta.textContent = `error ${err.code}: ${err.message}`;
        }
      }
      let serverOut = null;
      try {
        const query = new URLSearchParams(Object.entries(opts).map(([k]) => [k, '1']));
        const reply = await server(`/api/headers/evaluate?${query}`, text);
        if (mine !== cspSeq) return;
        cspView.server.whereEl.textContent = `Go host (${reply.mode})`;
        if (reply.error) {
          cspView.server.meta.textContent = `error ${reply.error.code}: ${reply.error.message}`;
        } else {
          serverOut = JSON.stringify(reply.output);
          show('server', reply.output, `${summary(reply.output)} · ${(reply.micros / 1000).toFixed(2)} ms on the server`);
        }
      } catch (err) {
        cspView.server.meta.textContent = `request failed: ${err.message}`;
      }
      cspView.judge(browserOut, serverOut);
    }

    options.addEventListener('input', debounce(buildHeaders));
    example.input.addEventListener('change', () => {
      if (example.input.value) options.value = JSON.stringify(optionExamples[example.input.value], null, 2);
      buildHeaders();
    });
    policy.addEventListener('input', debounce(evaluate));
    source.input.addEventListener('change', () => {
      fillPolicy();
      evaluate();
    });
    for (const box of Object.values(checks)) box.addEventListener('change', evaluate);
    buildHeaders();
  },
};
