import { doubleCsrf } from "csrf-csrf";
import crypto from "node:crypto";
// Deterministic random: patch randomBytes via a fixed-size counter is not possible (ESM import binding),
// so generate tokens, then record them with their random part; Go recomputes the HMAC.
const secret = "0123456789abcdef0123456789abcdef-edgeguard-interop";
const cases = [];
for (const sid of ["session-1", "sess-é-中文-😀", "a!b!c", "x".repeat(200)]) {
  const { generateCsrfToken, validateRequest } = doubleCsrf({ getSecret: () => secret, getSessionIdentifier: (req) => req.sid });
  const req = { sid, cookies: {}, headers: {} };
  let cookie;
  const res = { cookie: (name, value, opts) => { cookie = { name, value, opts }; } };
  const token = generateCsrfToken(req, res);
  cases.push({ session: sid, token, cookie_name: cookie.name, cookie_opts: cookie.opts });
}
// Go-minted tokens verified by csrf-csrf, if given on stdin as JSON [{session, token}]
const input = process.argv[2] ? JSON.parse(process.argv[2]) : [];
const verified = input.map(({ session, token }) => {
  const { validateRequest } = doubleCsrf({ getSecret: () => secret, getSessionIdentifier: (req) => req.sid });
  return { session, token, valid: validateRequest({ sid: session, cookies: { "__Host-psifi.x-csrf-token": token }, headers: { "x-csrf-token": token } }) };
});
console.log(JSON.stringify({ secret, minted: cases, verified }, null, 1));
