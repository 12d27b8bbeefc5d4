// The demo's panels, in page order. A panel is {id, title, mount(section, {eg, server})}.
import sanitize from '/panels/sanitize.js';
import escape from '/panels/escape.js';
import validate from '/panels/validate.js';
import headers from '/panels/headers.js';
import csp from '/panels/csp.js';
import jwt from '/panels/jwt.js';
import jwtDecode from '/panels/jwtdecode.js';
import authz from '/panels/authz.js';
import csrf from '/panels/csrf.js';
import ratelimit from '/panels/ratelimit.js';

export const panels = [sanitize, escape, headers, csp, validate, jwt, jwtDecode, authz, csrf, ratelimit];
