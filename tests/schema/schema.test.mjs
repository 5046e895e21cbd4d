// Tests of the JSON Schemas in surveys/schema/: every bundled file validates
// against its schema, invalid files do not (with the keyword and place that
// say why), and the survey schema lists what docs/survey-format.md lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = (relative) => JSON.parse(fs.readFileSync(path.join(root, relative), 'utf8'));

function makeAjv() {
  // strictRequired would reject "required" inside if/then and not, which name
  // properties defined beside them: that is the intent here.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  for (const name of ['survey', 'battery', 'customer'])
    ajv.addSchema(readJson(`surveys/schema/${name}.schema.json`));
  return ajv;
}
const ajv = makeAjv();
const validators = {
  'sos-survey/1': ajv.getSchema('survey.schema.json'),
  'sos-battery/1': ajv.getSchema('battery.schema.json'),
  'sos-customer/1': ajv.getSchema('customer.schema.json'),
};

const describe = (errors) => JSON.stringify(errors, null, 1);

function jsonFilesUnder(relative) {
  const out = [];
  for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
    const child = path.posix.join(relative, entry.name);
    if (entry.isDirectory()) out.push(...jsonFilesUnder(child));
    else if (entry.name.endsWith('.json')) out.push(child);
  }
  return out;
}

test('the schemas compile in strict mode', () => {
  for (const [format, validate] of Object.entries(validators)) assert.ok(validate, format);
});

test('every bundled survey, battery and customer file validates against its schema', () => {
  const files = jsonFilesUnder('surveys').filter((f) => !f.startsWith('surveys/schema/'));
  files.push('tests/fixtures/surveys/basic.json');
  const formats = new Set();
  for (const file of files) {
    const doc = readJson(file);
    const validate = validators[doc.format];
    assert.ok(validate, `${file}: no schema for format ${doc.format}`);
    formats.add(doc.format);
    assert.ok(validate(doc), `${file}\n${describe(validate.errors)}`);
  }
  assert.deepEqual([...formats].sort(), ['sos-battery/1', 'sos-customer/1', 'sos-survey/1']);
});

test('the example survey of docs/survey-format.md validates', () => {
  const doc = fs.readFileSync(path.join(root, 'docs/survey-format.md'), 'utf8');
  const example = doc.match(/## A small example\s+```json\n([\s\S]*?)```/);
  assert.ok(example, 'the example is where the doc has it');
  const survey = JSON.parse(example[1]);
  assert.ok(validators['sos-survey/1'](survey), describe(validators['sos-survey/1'].errors));
});

// Field names in the first column of the Markdown table under `heading`.
function tableFields(markdown, heading) {
  const start = markdown.indexOf(heading);
  assert.ok(start >= 0, heading);
  const fields = [];
  let rows = 0;
  for (const line of markdown.slice(start + heading.length).split('\n').slice(1)) {
    if (!line.startsWith('|')) {
      if (rows > 0) break;
      continue;
    }
    if (++rows <= 2) continue;  // the header and its separator
    const cell = line.split('|')[1].trim();
    const name = cell.match(/^`([^`]+)`$/);
    if (name) fields.push(name[1]);
  }
  return fields;
}

test('the survey schema has exactly the top-level fields and question types of docs/survey-format.md', () => {
  const markdown = fs.readFileSync(path.join(root, 'docs/survey-format.md'), 'utf8');
  const schema = readJson('surveys/schema/survey.schema.json');
  assert.deepEqual(Object.keys(schema.properties).sort(), tableFields(markdown, '## Top level').sort());
  const documentedTypes = [...tableFields(markdown, '## Questions'), 'panel'];
  assert.deepEqual(schema.$defs.element.properties.type.enum.slice().sort(), documentedTypes.sort());
  for (const type of documentedTypes) assert.ok(schema.$defs[type], `no definition for ${type}`);
});

// One change at a time to a valid file, and the error that must follow.
const standard = () => readJson('surveys/standard/survey.json');
const battery = () => readJson('surveys/standard/battery.json');
const customer = () => readJson('surveys/customers/example-customer.json');
const firstItem = (s) => s.pages[0].elements[0];

const invalid = [
  ['survey: unknown top-level field', 'sos-survey/1', standard, (s) => { s.titel = 'x'; }, 'additionalProperties', ''],
  ['survey: wrong format', 'sos-survey/1', standard, (s) => { s.format = 'sos-survey/2'; }, 'const', '/format'],
  ['survey: missing pages', 'sos-survey/1', standard, (s) => { delete s.pages; }, 'required', ''],
  ['survey: bad id', 'sos-survey/1', standard, (s) => { firstItem(s).id = 'Q-1'; }, 'pattern', '/pages/0/elements/0/id'],
  ['survey: misspelt question field', 'sos-survey/1', standard, (s) => { firstItem(s).requird = true; },
    'additionalProperties', '/pages/0/elements/0'],
  ['survey: free text type', 'sos-survey/1', standard, (s) => { firstItem(s).type = 'text'; }, 'enum',
    '/pages/0/elements/0/type'],
  ['survey: weight out of range', 'sos-survey/1', standard, (s) => { firstItem(s).score.weight = 11; }, 'maximum',
    '/pages/0/elements/0/score/weight'],
  ['survey: text not a string', 'sos-survey/1', standard, (s) => { firstItem(s).text.sv = 3; }, 'type',
    '/pages/0/elements/0/text/sv'],
  ['survey: text in a non-language', 'sos-survey/1', standard, (s) => { firstItem(s).text.Swedish = 'x'; },
    'propertyNames', '/pages/0/elements/0/text'],
  ['survey: number without max', 'sos-survey/1', standard,
    (s) => { s.pages[0].elements.push({ type: 'number', id: 'n1', text: { en: 'N' }, min: 0 }); }, 'required',
    '/pages/0/elements/8'],
  ['survey: matrix row with an unknown field', 'sos-survey/1', standard,
    (s) => { s.pages[0].elements.find((e) => e.type === 'matrix').rows[0].weight = 1; }, 'additionalProperties',
    '/pages/0/elements/3/rows/0'],
  ['survey: choice attribute without values', 'sos-survey/1', standard, (s) => { delete s.groupAttributes[1].values; },
    'required', '/groupAttributes/1'],
  ['survey: boolean attribute with values', 'sos-survey/1', standard, (s) => { s.groupAttributes[0].values = ['a']; },
    'not', '/groupAttributes/0'],
  ['survey: unknown message code', 'sos-survey/1', standard, (s) => { s.messages = { hello: { en: 'Hi' } }; },
    'propertyNames', '/messages'],
  ['survey: tips not a list', 'sos-survey/1', standard, (s) => { s.dimensions[0].tips.low = { en: 'x' }; }, 'type',
    '/dimensions/0/tips/low'],
  ['survey: one option', 'sos-survey/1', standard,
    (s) => { s.pages[0].elements.push({ type: 'choice', id: 'c1', text: { en: 'C' }, options: [{ value: 'a', text: { en: 'A' } }] }); },
    'minItems', '/pages/0/elements/8/options'],
  ['battery: element scores', 'sos-battery/1', battery,
    (b) => { b.items[0].elements[0].score = { dimension: 'coaching' }; }, 'not', '/items/0/elements/0'],
  ['battery: element required', 'sos-battery/1', battery, (b) => { b.items[0].elements[0].required = true; }, 'const',
    '/items/0/elements/0/required'],
  ['battery: id without b_', 'sos-battery/1', battery, (b) => { b.items[1].elements[0].id = 'challenges'; }, 'pattern',
    '/items/1/elements/0/id'],
  ['battery: unknown topic', 'sos-battery/1', battery, (b) => { b.items[0].topic = 'weather'; }, 'enum',
    '/items/0/topic'],
  ['customer: own id without c_', 'sos-customer/1', customer, (c) => { c.questions[3].id = 'missing_offer'; }, 'pattern',
    '/questions/3/id'],
  ['customer: own panel child without c_', 'sos-customer/1', customer,
    (c) => { c.questions[2].elements[0].id = 'district_size'; }, 'pattern', '/questions/2/elements/0/id'],
  ['customer: own question scores', 'sos-customer/1', customer,
    (c) => { c.questions[0].score = { dimension: 'coaching' }; }, 'not', '/questions/0'],
  ['customer: questions without a page', 'sos-customer/1', customer, (c) => { delete c.page; }, 'required', ''],
  ['customer: page with elements', 'sos-customer/1', customer, (c) => { c.page.elements = []; },
    'additionalProperties', '/page'],
  ['customer: repeated language', 'sos-customer/1', customer, (c) => { c.languages = ['sv', 'sv']; }, 'uniqueItems',
    '/languages'],
];

for (const [name, format, make, change, keyword, instancePath] of invalid) {
  test(`rejects ${name}`, () => {
    const doc = make();
    change(doc);
    const validate = validators[format];
    assert.equal(validate(doc), false, name);
    assert.ok(
      validate.errors.some((e) => e.keyword === keyword && e.instancePath === instancePath),
      `expected ${keyword} at "${instancePath}", got\n${describe(validate.errors.map(({ keyword: k, instancePath: p, message }) => ({ k, p, message })))}`,
    );
  });
}
