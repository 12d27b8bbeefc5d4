// gen.js SEED: random checkSchema × request cases for the differential check (see main.go).
// random schemas × requests for the differential check
let seed = +(process.argv[2]||7); const rnd = n => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const pick = a => a[rnd(a.length)];
const rules = [
  () => ['isInt', true], () => ['isAlpha', true], () => ['isEmail', {errorMessage: 'bad'}], () => ['isLength', {options: {min: 2, max: 4}}],
  () => ['exists', true], () => ['notEmpty', true], () => ['isString', true], () => ['isArray', true],
  () => ['trim', true], () => ['escape', true], () => ['toInt', true], () => ['default', {options: 'd'}], () => ['toArray', true],
  () => ['toLowerCase', true], () => ['isInt', {bail: true}], () => ['isIn', {options: [['a', 'b', '1']]}], () => ['isInt', {negated: true}],
  () => ['exists', {options: {values: 'falsy'}, bail: true}], () => ['isInt', {if: {field: 'b', in: ['body'], exists: true}}], () => ['isAlpha', {if: {field: 'c', in: ['body','query'], trim: true, isInt: true}, errorMessage: 'x'}], () => ['customSanitizerX', false], () => ['isIn', {options: [[]], negated: true}], () => ['replace', {options: [['a', 1], 'z']}],
  () => ['isLength', {options: {min: 1}, bail: {level: 'request'}}], () => ['matches', {options: ['^a', 'i']}],
  () => ['isURL', true], () => ['normalizeEmail', true], () => ['toBoolean', true], () => ['toFloat', true],
  () => ['isObject', true], () => ['isArray', {options: {max: 1}}], () => ['stripLow', true], () => ['isNumeric', true],
];
const values = ['1', 'a', ' b ', '', null, 3, ['1', 'x'], {k: 1}, 'ab@c.de', true];
const cases = [];
for (let i = 0; i < 400; i++) {
  const schema = {}; const body = {};
  const nf = 1 + rnd(4);
  for (let f = 0; f < nf; f++) {
    const name = pick(['a', 'b', 'c', 'd', 'e.*', 'g.h', 'g.*', 'e[1]', '**.h', '*']);
    const cfg = { in: rnd(3) ? ['body'] : ['body', 'query'] };
    if (rnd(4) === 0) cfg.optional = pick([true, {options: {values: 'null'}}, {options: {values: 'falsy'}}]);
    const n = rnd(5);
    for (let r = 0; r < n; r++) { const [k, v] = pick(rules)(); if (!(k in cfg)) cfg[k] = v; }
    schema[name] = cfg;
  }
  for (const k of ['a', 'b', 'c', 'd']) if (rnd(3)) body[k] = pick(values);
  if (rnd(2)) body.e = [pick(values), pick(values)];
  if (rnd(2)) body.g = { h: pick(values) };
  const query = {}; if (rnd(2)) query[pick(['a','b','c'])] = pick(values);
  cases.push({ name: 'rand' + i, schema, request: { body, query } });
}
process.stdout.write(JSON.stringify(cases));
