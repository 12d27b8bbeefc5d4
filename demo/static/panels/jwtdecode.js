// JWT decode panel: the header and claims of a token, NOT verified (jose's
// decodeJwt / decodeProtectedHeader), to see what a token says, never to
// decide anything on it. Both columns are the module's jwt_decode kind:
// eg.decodeJwt here, the Go host in demo/api_jwtdecode.go. It parses a
// token exactly as the verifier does (canonical base64url, strict JSON,
// a size cap), so what it shows is what verify would read.
import { checker, debounce, el, members, select, sideBySide } from '/panels/ui.js';

/** JSON text as one base64url segment (written out, so that it can hold what JSON.stringify never makes). */
const b64text = (text) => btoa(String.fromCharCode(...new TextEncoder().encode(text)))
  .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const b64url = (value) => b64text(JSON.stringify(value));

// NumericDate claims (RFC 7519 §2) shown as dates, as jwt.io does.
const DATES = new Set(['exp', 'nbf', 'iat']);

function render({ header, claims }) {
  const when = (name) => (DATES.has(name) && Number.isFinite(claims[name]) && Math.abs(claims[name]) < 8.64e12
    ? `  // ${new Date(claims[name] * 1000).toISOString()}` : '');
  return `// UNVERIFIED\nheader ${JSON.stringify(header)}\nclaims ${members(claims, when)}`;
}

// Claims in the examples, other than the demo token's, are the forger's.
const forged = { iss: 'https://edgeguard.demo/', aud: 'demo-api', sub: 'user-42', roles: ['admin'], exp: 4102444800 };
const examples = {
  "the JWT panel's demo token": '',
  "alg 'none', admin claims (forged)": `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(forged)}.`,
  // The five parts of a JWE (RFC 7516): header, encrypted key, IV, ciphertext, tag.
  'a JWE (encrypted)': `${b64url({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.ZW5jcnlwdGVkLWtleQ.aXYtOTYtYml0cw.Y2lwaGVydGV4dA.dGFnLTEyOC1iaXRz`,
  // JSON.parse would keep the last "sub"; the verifier refuses the token, so decoding does too.
  'two "sub" claims (refused)': `${b64url({ alg: 'none' })}.${b64text('{"sub":"user-42","sub":"admin"}')}.`,
  'not a token': 'eyJhbGciOiJIUzI1NiJ9.not*base64.sig',
};

export default {
  id: 'jwt-decode',
  title: 'JWT decode (unverified)',
  async mount(section, { eg, server }) {
    const token = el('textarea', { id: 'jwt-decode-token', spellcheck: 'false', rows: '4' });
    const example = select('Example', Object.keys(examples).map((k) => [k, k]), "the JWT panel's demo token");
    section.append(
      el('p', { class: 'unverified' }, '⚠ UNVERIFIED: decoding checks no signature, key, issuer or expiry. Anyone can write these claims; ',
        'decide nothing on them — the JWT verify panel above says whether a token is to be trusted.'),
      el('p', { class: 'meta' }, 'Decoded by the module (', el('code', {}, 'eg.decodeJwt'), ' here, the Go host on the server) with the ',
        'verifier\'s own parsing: padding, whitespace, duplicate or case-variant names make a token malformed here as they do in verify.'),
      el('div', { class: 'controls' }, example.label),
      el('label', { class: 'block', for: 'jwt-decode-token' }, 'Token'),
      token,
    );
    const check = checker(sideBySide(section), render);
    const run = () => check(
      () => eg.decodeJwt(token.value.trim()),
      () => server('/api/jwt/decode', token.value.trim()),
    );

    try {
      examples["the JWT panel's demo token"] = (await (await fetch('/api/jwt/demo')).json()).token;
    } catch (err) {
      examples["the JWT panel's demo token"] = `cannot load the demo token: ${err.message}`;
    }
    token.value = examples["the JWT panel's demo token"];
    token.addEventListener('input', debounce(run));
    example.input.addEventListener('change', () => {
      token.value = examples[example.input.value];
      run();
    });
    if (eg) run();
  },
};
