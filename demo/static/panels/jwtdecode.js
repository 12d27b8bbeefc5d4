// JWT decode panel: the header and claims of a token, NOT verified (jose's
// decodeJwt / decodeProtectedHeader), to see what a token says, never to
// decide anything on it. The module has no decode operation — it is only
// base64url and JSON — so both columns are plain code: decodeUnverified
// below and its twin in demo/api_jwtdecode.go, which must agree on every
// token, messages included.
import { checker, debounce, el, members, select, sideBySide } from '/panels/ui.js';

const ALPHABET = /^[A-Za-z0-9_-]*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

class Malformed extends Error {
  code = 'malformed';
}

function segment(name, seg) {
  if (!ALPHABET.test(seg) || seg.length % 4 === 1) throw new Malformed(`the ${name} is not base64url`);
  const binary = atob(seg.replace(/-/g, '+').replace(/_/g, '/'));
  let text;
  try {
    text = utf8.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    throw new Malformed(`the ${name} is not UTF-8`);
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    value = null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Malformed(`the ${name} is not a JSON object`);
  return value;
}

/** {header, claims} of a compact JWS, without checking anything. */
function decodeUnverified(token) {
  const parts = token.split('.');
  if (parts.length === 5) throw new Malformed('a JWE (5 parts) is encrypted: it cannot be decoded without its key');
  if (parts.length !== 3) throw new Malformed(`a JWS has 3 parts separated by dots, this has ${parts.length}`);
  return { header: segment('header', parts[0]), claims: segment('claims', parts[1]) };
}

const b64url = (value) => btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
  .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

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
  'not a token': 'eyJhbGciOiJIUzI1NiJ9.not*base64.sig',
};

export default {
  id: 'jwt-decode',
  title: 'JWT decode (unverified)',
  async mount(section, { server }) {
    const token = el('textarea', { id: 'jwt-decode-token', spellcheck: 'false', rows: '4' });
    const example = select('Example', Object.keys(examples).map((k) => [k, k]), "the JWT panel's demo token");
    section.append(
      el('p', { class: 'unverified' }, '⚠ UNVERIFIED: decoding checks no signature, key, issuer or expiry. Anyone can write these claims; ',
        'decide nothing on them — the JWT verify panel above says whether a token is to be trusted.'),
      el('p', { class: 'meta' }, 'The module has no decode operation (it is base64url and JSON, which every runtime has): ',
        'both columns are plain code, JavaScript here and Go on the server, held to the same results and messages.'),
      el('div', { class: 'controls' }, example.label),
      el('label', { class: 'block', for: 'jwt-decode-token' }, 'Token'),
      token,
    );
    const view = sideBySide(section);
    view.browser.whereEl.textContent = 'JavaScript (atob, JSON.parse)';
    const check = checker(view, render);
    const run = () => check(
      () => decodeUnverified(token.value.trim()),
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
    run();
  },
};
