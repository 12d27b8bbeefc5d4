// gen.mjs regenerates ../../tables_gen.go from validator.js's locale tables.
//
// Usage (from this directory):
//   git clone https://github.com/validatorjs/validator.js && git -C validator.js checkout cdb7dafc281d14125b924969bf3ee5bc482ec169
//   node gen.mjs validator.js > ../../tables_gen.go && gofmt -w ../../tables_gen.go
// (cdb7daf is the commit the validator.js corpus was recorded at; the npm
// tarball of 13.15.35 predates it and lacks a few locales.)
//
// Every table entry is a JavaScript RegExp (or a one-line function returning
// `/re/.test(str)`); it is emitted as RE2 source. Entries RE2 cannot express
// (look-around, back-references) or that are real functions are emitted as
// references to hand-written Go matchers named in HAND below; the build fails
// if one is missing, so a new upstream entry can never be silently dropped.
import fs from 'node:fs';
import vm from 'node:vm';
import path from 'node:path';

const root = process.argv[2];
// Either a git checkout (src/lib) or an npm package (es/lib).
const lib = fs.existsSync(path.join(root, 'src/lib')) ? path.join(root, 'src/lib') : path.join(root, 'es/lib');

// load evaluates an ES module file of validator.js as a script and returns the
// named top-level variables.
function load(file, names) {
  let src = fs.readFileSync(path.join(lib, file), 'utf8');
  src = src.replace(/^import .*$/mg, '')
    .replace(/^export default function/mg, 'function')
    .replace(/^export (var|const|let|function)/mg, '$1')
    .replace(/^export default .*$/mg, '');
  const ctx = { assertString() {}, includes: (a, v) => a.some((x) => x === v), __out: null };
  vm.runInNewContext(src + `\n__out = {${names.join(',')}};`, ctx);
  return ctx.__out;
}

// Hand-written Go matchers, by table and key (see locale_hand.go).
const HAND = {
  phones: { 'el-GR': 'phoneElGR' },
  postal: { IE: 'postalIE', IN: 'postalIN', IR: 'postalIR', NL: 'postalNL' },
  passport: { CN: 'passportCN' },
  plates: { 'fi-FI': 'plateFI', 'hu-HU': 'plateHU' },
  vat: { AU: 'vatAU', CH: 'vatCH', PT: 'vatPT' },
};

const missing = [];

function goRE(re) {
  const unsupported = /\(\?[=!]|\(\?<[=!]|\\[1-9]/;
  if (unsupported.test(re.source)) return null;
  let s = re.source.replace(/\\u([0-9a-fA-F]{4})/g, '\\x{$1}').replace(/\(\?<(\w+)>/g, '(?P<$1>');
  if (re.flags.includes('i')) s = '(?i)' + s;
  return s;
}

function entry(table, key, v) {
  const hand = HAND[table] && HAND[table][key];
  if (hand) return hand;
  let re = v;
  let wrap = (s) => s;
  if (typeof v === 'function') {
    const m = /^(?:function \w*\(str\) \{\s*return |str =>\s*)(\/.*\/[gimsuy]*)\.test\(str(\.trim\(\))?\);?\s*\}?$/s.exec(v.toString());
    if (m && m[2]) wrap = (s) => `trimmed(${s})`;
    if (!m) { missing.push(`${table}[${key}] is a function`); return 'nil'; }
    re = vm.runInNewContext(m[1]);
  }
  if (typeof re === 'string') return JSON.stringify(re);
  const g = goRE(re);
  if (g === null) { missing.push(`${table}[${key}] = ${re}`); return 'nil'; }
  return wrap(`re(${JSON.stringify(g)})`);
}

// Every table is built on first use (sync.OnceValue): building them all in
// the package's init cost every wasm instance start time and allocations for
// tables most programs never touch. A built table is never modified.
function lazyHead(goName, doc, type) {
  return `// ${goName} ${doc} Built on first use.\nvar ${goName} = sync.OnceValue(func() ${type} {\n\treturn ${type}{`;
}
const lazyTail = '\t}\n})\n\n';

function emit(goName, doc, table, obj) {
  const keys = Object.keys(obj);
  let out = `${lazyHead(goName, doc, 'map[string]matcher')}\n`;
  for (const k of keys) out += `\t${JSON.stringify(k)}: ${entry(table, k, obj[k])},\n`;
  return out + lazyTail;
}

function emitStrings(goName, doc, obj) {
  let out = `${lazyHead(goName, doc, 'map[string]string')}\n`;
  for (const k of Object.keys(obj)) out += `\t${JSON.stringify(k)}: ${JSON.stringify(obj[k])},\n`;
  return out + lazyTail;
}

const { phones } = load('isMobilePhone.js', ['phones']);
const { patterns } = load('isPostalCode.js', ['patterns']);
const { passportRegexByCountryCode } = load('isPassportNumber.js', ['passportRegexByCountryCode']);
const { validators } = load('isLicensePlate.js', ['validators']);
const { vatMatchers } = load('isVAT.js', ['vatMatchers']);
const A = load('alpha.js', ['alpha', 'alphanumeric', 'decimal']);

function emitSet(goName, doc, set) {
  const vals = [...new Set(set)];
  let out = `${lazyHead(goName, doc, 'map[string]bool')}\n`;
  for (let i = 0; i < vals.length; i += 12) {
    out += '\t' + vals.slice(i, i + 12).map((v) => `${JSON.stringify(v)}: true,`).join(' ') + '\n';
  }
  return out + lazyTail;
}

const { ibanRegexThroughCountryCode } = load('isIBAN.js', ['ibanRegexThroughCountryCode']);
const sets = [
  ['iso6391Codes', 'isISO6391.js', 'isISO6391Set'],
  ['iso15924Codes', 'isISO15924.js', 'validISO15924Codes'],
  ['iso4217Codes', 'isISO4217.js', 'validISO4217CurrencyCodes'],
  ['iso31661Alpha2Codes', 'isISO31661Alpha2.js', 'validISO31661Alpha2CountriesCodes'],
  ['iso31661Alpha3Codes', 'isISO31661Alpha3.js', 'validISO31661Alpha3CountriesCodes'],
  ['iso31661NumericCodes', 'isISO31661Numeric.js', 'validISO31661NumericCountriesCodes'],
].map(([go, file, v]) => [go, file, load(file, [v])[v]]);

let out = `// Code generated by internal/gen/gen.mjs from validator.js @ cdb7daf (13.15.35+, MIT); DO NOT EDIT.

package validate

import "sync"

`;
out += emit('mobilePhones', 'is isMobilePhone\'s table (validator.js src/lib/isMobilePhone.js).', 'phones', phones);
out += emit('postalCodes', 'is isPostalCode\'s table (validator.js src/lib/isPostalCode.js).', 'postal', patterns);
out += emit('passportNumbers', 'is isPassportNumber\'s table (validator.js src/lib/isPassportNumber.js).', 'passport', passportRegexByCountryCode);
out += emit('licensePlates', 'is isLicensePlate\'s table (validator.js src/lib/isLicensePlate.js).', 'plates', validators);
out += emit('vatNumbers', 'is isVAT\'s table (validator.js src/lib/isVAT.js).', 'vat', vatMatchers);
out += emit('alphaLocales', 'is isAlpha\'s table (validator.js src/lib/alpha.js).', 'alpha', A.alpha);
out += emit('alphanumericLocales', 'is isAlphanumeric\'s table (validator.js src/lib/alpha.js).', 'alnum', A.alphanumeric);
out += emitStrings('decimalSeparators', 'maps a locale to its decimal separator (validator.js src/lib/alpha.js).', A.decimal);
if (missing.length) {
  process.stderr.write('needs a hand-written matcher:\n' + missing.join('\n') + '\n');
  process.exit(1);
}
out += emit('ibanPatterns', 'is isIBAN\'s per-country table (validator.js src/lib/isIBAN.js).', 'iban', ibanRegexThroughCountryCode);
for (const [go, file, set] of sets) out += emitSet(go, `is the code set of validator.js src/lib/${file}.`, set);
process.stdout.write(out);
