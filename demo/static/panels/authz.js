// Authorization panel: a token's claims and an access rule in, the
// decision out ({ok} or {ok: false, code: 'insufficient_scope', missing}),
// by eg.authorize in the browser and the module's "authz" kind on the
// server. The JWT panel runs the same rules after verifying a real token;
// here the claims are typed directly, to try every condition.
import { checker, debounce, el, members, select, sideBySide } from '/panels/ui.js';

const claims = {
  sub: 'user-42',
  scope: 'read:orders write:orders',
  roles: ['editor'],
  tenant: 'acme',
  realm_access: { roles: ['auditor'] },
  account: { status: 'active' },
};

const rules = {
  'editor may write orders': { roles_any: ['editor', 'admin'], scope: ['write:orders'] },
  'admins only (denied)': { roles: ['admin'], scope: ['delete:orders'] },
  'any / not with JSON Pointers': {
    rule: {
      scope: ['read:orders'],
      any: [{ roles_any: ['admin'] }, { claim_equals: { tenant: 'acme' } }],
      not: { claim_in: { '/account/status': ['suspended', 'closed'] } },
    },
    roles_claim: '/realm_access/roles',
  },
  'a typo (refused)': { rolez: ['admin'] },
};

export default {
  id: 'authz',
  title: 'Authorization: claims + rule → decision',
  mount(section, { eg, server }) {
    const claimsInput = el('textarea', { id: 'authz-claims', spellcheck: 'false', rows: '8' });
    const ruleInput = el('textarea', { id: 'authz-rule', spellcheck: 'false', rows: '8' });
    const example = select('Rule', [['', '(your own)'], ...Object.keys(rules).map((k) => [k, k])], 'admins only (denied)');
    const note = el('p', { class: 'meta', id: 'authz-note' });
    claimsInput.value = members(claims);
    ruleInput.value = members(rules['admins only (denied)']);
    section.append(
      el('p', {}, 'express-oauth2-jwt-bearer style rules (scopes, roles, permissions, claims by JSON Pointer, ',
        el('code', {}, 'any'), ' / ', el('code', {}, 'not'), '); a denial names every missing grant. Unknown rule keys are refused, never ignored.'),
      el('div', { class: 'controls' }, example.label),
      el('div', { class: 'columns' },
        el('div', {}, el('label', { class: 'block', for: 'authz-claims' }, 'Claims (of a verified token)'), claimsInput),
        el('div', {}, el('label', { class: 'block', for: 'authz-rule' }, 'Rule or policy'), ruleInput)),
      note,
    );
    const check = checker(sideBySide(section), (decision) => JSON.stringify(decision));

    function run() {
      let rule;
      let claimsDoc;
      try {
        rule = JSON.parse(ruleInput.value);
        claimsDoc = JSON.parse(claimsInput.value);
        note.textContent = '';
      } catch (err) {
        note.textContent = `not JSON: ${err.message}`;
        return;
      }
      return check(
        () => eg.authorize(rule, claimsDoc),
        () => server('/api/authz', JSON.stringify({ config: rule, input: claimsDoc })),
      );
    }

    claimsInput.addEventListener('input', debounce(run));
    ruleInput.addEventListener('input', debounce(run));
    example.input.addEventListener('change', () => {
      if (example.input.value) ruleInput.value = members(rules[example.input.value]);
      run();
    });
    if (eg) run();
  },
};
