// The demo's panels, in page order. A panel is {id, title, mount(section, {eg, server})}.
import sanitize from '/panels/sanitize.js';
import validate from '/panels/validate.js';
import headers from '/panels/headers.js';
import jwt from '/panels/jwt.js';
import csrf from '/panels/csrf.js';
import ratelimit from '/panels/ratelimit.js';

export const panels = [sanitize, headers, validate, jwt, csrf, ratelimit];
