// JWT panel: a token verified against the demo server's JWKS (fetched by
// the npm package's remote key set helper) and authorized by an editable
// rule, in the browser and on the server, with the RFC 6750 answer each
// would send.
import { debounce, el, select, sideBySide } from '/panels/ui.js';

const rules = {
  'editor may write orders': { roles_any: ['editor', 'admin'], scope: ['write:orders'] },
  'admins only': { roles: ['admin'] },
  'policy with a JSON Pointer': { rule: { claim_in: { '/sub': ['user-42', 'user-7'] } }, roles_claim: '/realm_access/roles' },
};

const pretty = (v) => JSON.stringify(v, null, 2);

export default {
  id: 'jwt',
  title: 'JWT verify & authorize',
  async mount(section, { eg }) {
    const token = el('textarea', { id: 'jwt-token', spellcheck: 'false', rows: '5' });
    const rule = el('textarea', { id: 'jwt-rule', spellcheck: 'false', rows: '4' });
    const example = select('Rule', [['', '(your own)'], ...Object.keys(rules).map((k) => [k, k])], 'editor may write orders');
    const reset = el('button', { type: 'button' }, 'Demo token');
    const note = el('p', { class: 'meta' });
    rule.value = pretty(rules['editor may write orders']);
    section.append(
      el('p', {}, 'The server made an Ed25519 key at start-up and serves its JWKS at ',
        el('code', {}, '/api/jwt/jwks.json'), '. Edit the token (or paste your own) and the rule.'),
      el('label', { class: 'block', for: 'jwt-token' }, 'Token'), token,
      el('div', { class: 'controls' }, example.label, reset),
      el('label', { class: 'block', for: 'jwt-rule' }, 'Authorization rule'), rule, note,
    );
    const view = sideBySide(section);

    let demo;
    try {
      demo = await (await fetch('/api/jwt/demo')).json();
    } catch (err) {
      note.textContent = `cannot load the demo token: ${err.message}`;
      return;
    }
    token.value = demo.token;
    // Keys come from the server's JWKS, fetched and cached as jose's
    // createRemoteJWKSet would; the verifier re-opens when they rotate.
    const verifier = eg?.jwtVerifier({
      ...demo.options,
      jwks: eg.createRemoteJWKSet(new URL('/api/jwt/jwks.json', location.href), { cooldownDuration: 5000, cacheMaxAge: 60000 }),
    });

    // The outcome, built with the same members in the same order as the
    // server's (demo/api_jwt.go), so that the two can be compared as text.
    let detail = '';
    async function outcome(tokenText, ruleDoc) {
      detail = '';
      const out = { verdict: 'valid', header: null, claims: null, decision: null, challenge: null };
      try {
        const t = await verifier.verify(tokenText);
        out.header = t.header;
        out.claims = t.claims;
      } catch (err) {
        if (!err.code) throw err;
        out.verdict = err.code;
        detail = err.message;
        out.challenge = eg.jwtChallenge(err, { realm: demo.realm });
        return out;
      }
      out.decision = eg.authorize(ruleDoc, out.claims);
      if (!out.decision.ok) out.challenge = eg.jwtChallenge(out.decision, { realm: demo.realm });
      return out;
    }

    const show = (side, result, meta) => {
      view[side].out.textContent = result;
      view[side].meta.textContent = meta;
    };

    let seq = 0;
    async function run() {
      const mine = ++seq;
      let ruleDoc;
      try {
        ruleDoc = JSON.parse(rule.value);
        note.textContent = '';
      } catch (err) {
        note.textContent = `the rule is not JSON: ${err.message}`;
        view.judge(null, null);
        return;
      }
      const tokenText = token.value.trim();
      let mineText = null;
      if (verifier) {
        const t0 = performance.now();
        try {
          mineText = pretty(await outcome(tokenText, ruleDoc));
          show('browser', mineText, `${(performance.now() - t0).toFixed(2)} ms (the first run fetches the JWKS) ${detail}`);
        } catch (err) {
          mineText = `error ${err.code}: ${err.message}`;
          show('browser', '', mineText);
          mineText = `error ${err.code}`;
        }
      }
      let theirs = null;
      try {
        const res = await fetch('/api/jwt/verify', { method: 'POST', body: JSON.stringify({ token: tokenText, rule: ruleDoc }) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const reply = await res.json();
        if (mine !== seq) return;
        view.server.whereEl.textContent = `Go host (${reply.mode})`;
        if (reply.error) {
          theirs = `error ${reply.error.code}`;
          show('server', '', `error ${reply.error.code}: ${reply.error.message}`);
        } else {
          theirs = pretty(reply.result);
          show('server', theirs, `${(reply.micros / 1000).toFixed(2)} ms on the server`);
        }
      } catch (err) {
        show('server', '', `request failed: ${err.message}`);
      }
      if (mine === seq) view.judge(mineText, theirs);
    }

    token.addEventListener('input', debounce(run));
    rule.addEventListener('input', debounce(run));
    example.input.addEventListener('change', () => {
      if (example.input.value) rule.value = pretty(rules[example.input.value]);
      run();
    });
    reset.addEventListener('click', () => {
      token.value = demo.token;
      run();
    });
    run();
  },
};
