// CSP panel: a Content-Security-Policy built from a few options (eg.csp,
// the module's "csp" kind: helmet's contentSecurityPolicy options plus a
// strict preset, 'wasm-unsafe-eval' and Trusted Types), then graded by
// csp-evaluator's checks — findings with severities — in the browser and
// on the server, which builds with the browser's nonce so the bytes match.
import { checker, debounce, el, members, select, sideBySide } from '/panels/ui.js';
import { findingList, summary } from '/panels/headers.js';

// Every check the evaluator has: csp-evaluator's own, its strict-CSP ones,
// and edgeguard's duplicate-directive and 'wasm-unsafe-eval' checks.
const evaluation = { strict: true, extra: true, wasm: true };

export default {
  id: 'csp',
  title: 'CSP builder and evaluator',
  mount(section, { eg, server }) {
    const base = select('Start from', [
      ['strict', "strict (nonce + 'strict-dynamic')"],
      ['helmet', "helmet's defaults"],
      ['none', 'nothing (useDefaults: false)'],
    ], 'helmet');
    const boxes = {};
    const box = (name, label, checked) => {
      boxes[name] = el('input', { type: 'checkbox', id: `csp-build-${name}` });
      boxes[name].checked = checked;
      return el('label', { for: `csp-build-${name}` }, boxes[name], ` ${label}`);
    };
    const reportUri = el('input', { id: 'csp-build-report', type: 'text', size: '18', value: '/csp-report', spellcheck: 'false' });
    const directives = el('textarea', { id: 'csp-build-directives', spellcheck: 'false', rows: '4' });
    directives.value = members({ imgSrc: ["'self'", 'data:', 'https:'], connectSrc: ["'self'"] });
    const call = el('pre', { class: 'code', id: 'csp-build-call' });
    const note = el('p', { class: 'meta' });
    section.append(
      el('p', {}, "Pick the options; the policy is built and graded as you go. helmet's defaults are an allowlist policy: compare with ",
        el('em', {}, 'strict'), ', or add ', el('code', {}, `"scriptSrc": ["'unsafe-inline'"]`), '.'),
      el('div', { class: 'controls' }, base.label, box('wasm', "'wasm-unsafe-eval'", true), box('tt', 'Trusted Types', false),
        box('reportOnly', 'report-only', false), el('label', { for: 'csp-build-report' }, 'report-uri ', reportUri)),
      el('label', { class: 'block', for: 'csp-build-directives' }, 'More directives (JSON, helmet names; null removes a default)'),
      directives, note, call,
    );
    const view = sideBySide(section);
    const check = checker(view,
      ({ policy }) => `${policy.name}: ${policy.value}`,
      (side, { findings }) => view[side].extra.append(el('p', { class: 'meta' }, summary(findings)), findingList(findings)));

    function run() {
      let extra;
      try {
        extra = JSON.parse(directives.value || '{}');
        note.textContent = '';
      } catch (err) {
        note.textContent = `not JSON: ${err.message}`;
        return;
      }
      const options = {};
      if (base.input.value === 'strict') options.preset = 'strict';
      if (base.input.value === 'none') options.useDefaults = false;
      if (boxes.wasm.checked) options.wasmUnsafeEval = true;
      if (boxes.tt.checked) options.trustedTypes = true;
      if (boxes.reportOnly.checked) options.reportOnly = true;
      const dirs = { ...extra };
      if (reportUri.value.trim()) dirs.reportUri = reportUri.value.trim();
      call.textContent = `eg.csp(${JSON.stringify(dirs)},\n       ${JSON.stringify(options)})`;
      let nonce = '';
      return check(
        () => {
          const policy = eg.csp(dirs, options);
          nonce = policy.nonce ?? '';
          return { policy, findings: eg.evaluateCsp(policy.value, evaluation) };
        },
        () => {
          const query = new URLSearchParams({ ...Object.fromEntries(Object.keys(evaluation).map((k) => [k, '1'])), nonce });
          return server(`/api/csp?${query}`, JSON.stringify({ ...options, directives: dirs }));
        },
      );
    }

    directives.addEventListener('input', debounce(run));
    reportUri.addEventListener('input', debounce(run));
    base.input.addEventListener('change', run);
    for (const b of Object.values(boxes)) b.addEventListener('change', run);
    if (eg) run();
  },
};
