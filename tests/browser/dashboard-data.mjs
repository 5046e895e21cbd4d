// Demo-like data for the dashboard tests, made only through the real tools:
// a temp store, `sos` admin commands (org, groups, waves, viewer tokens), a
// real `sos serve` on a free loopback port, simulated respondents
// (`sos simulate --output submissions`) POSTed to the invite API, and waves
// closed with `sos wave close`; and a second organisation holding the golden
// report dataset, loaded the same way (dashboard-golden.mjs).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { seedGolden } from './dashboard-golden.mjs';
import { dist, root } from './harness.mjs';
import { postSealed } from './sealed-post.mjs';
import { sosPath, startSosServe } from './sos-serve.mjs';

export { dist };

export { sosPath };
// The example customer's survey: the standard survey plus battery items and
// its own open questions (comments).
export const customerPath = path.join(root, 'surveys/customers/example-customer.json');

const groupsCsv =
  'id,parent,name,headcount,performance_pay,selling,field_visits\n' +
  'acme,,Acme,3,true,complex,true\n' +
  'north,acme,North,14,true,complex,true\n' +
  'team_a,north,Team A,10,true,complex,true\n' +
  'team_b,north,Team B,9,true,complex,true\n' +
  'south,acme,South,12,true,complex,true\n' +
  'team_c,south,Team C,10,true,complex,true\n' +
  'tiny,south,Tiny team,4,true,complex,true\n';

// Respondents per wave and group (a group's own members, not its subtree).
export const plan = {
  w1: { team_a: 8, team_b: 7, team_c: 9, tiny: 2 },
  w2: { team_a: 9, team_b: 7, team_c: 8, tiny: 2 },
  w3: { team_a: 4, team_c: 2 },
};

export const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> & "quoted"';
// The customer's own comment question, worded as an attack: custom question
// texts are drawn as text too.
export const hostileQuestion = '<img src=x onerror="window.__pwned=3">Which offers are missing? & "quoted"';
export const ownCommentAnswer = 'Ask us for the service offer.';

/** @param {string[]} args */
export function sos(args) {
  return execFileSync(sosPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** @param {string} base @param {string} urlPath @param {string} body */
async function post(base, urlPath, body) {
  const r = await postSealed(base, urlPath, body);
  if (r.status >= 300) throw new Error(`POST ${urlPath}: ${r.status} ${await r.text()}`);
}

function attributes(line) {
  const [, , , , pay, selling, visits] = line.split(',');
  return JSON.stringify({ performance_pay: pay === 'true', selling, field_visits: visits === 'true' });
}

/**
 * Starts `sos serve` on a temp store and fills it. Returns the server's base
 * URL, viewer links, what was sent per wave and group, and close().
 */
export async function startDemo() {
  if (!fs.existsSync(sosPath)) throw new Error(`${sosPath} is missing: build the native tool or set SOS_BIN`);
  if (!fs.existsSync(path.join(dist, 'view/index.html'))) throw new Error('www/dist/view is missing: run `npm run build:www`');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sos-dashboard-'));
  const store = path.join(dir, 'store');
  const csv = path.join(dir, 'groups.csv');
  fs.writeFileSync(csv, groupsCsv);
  const org = ['--store', store];
  const surveyPath = path.join(dir, 'survey.json');
  const customer = JSON.parse(fs.readFileSync(customerPath, 'utf8'));
  const own = customer.questions.find((q) => q.type === 'comment');
  own.text = Object.fromEntries(Object.keys(own.text).map((language) => [language, hostileQuestion]));
  const customerCopy = path.join(dir, 'customer.json');
  fs.writeFileSync(customerCopy, JSON.stringify(customer));
  sos(['compose', customerCopy, '--standard', path.join(root, 'surveys/standard/survey.json'),
    '--battery', path.join(root, 'surveys/standard/battery.json'), '-o', surveyPath]);
  sos(['org', 'create', 'acme', ...org, '--name', 'Acme (demo)', '--k', '5', '--comment-k', '5', '--synthetic']);
  sos(['org', 'create', 'other', ...org, '--name', 'Other (demo)', '--synthetic']);
  sos(['group', 'import', ...org, 'acme', csv]);
  sos(['group', 'import', ...org, 'other', csv]);

  // A published benchmark (the golden dataset's invented one, one dimension
  // without a figure), so the report has red, yellow, green and grey.
  const golden = JSON.parse(fs.readFileSync(path.join(root, 'tests/fixtures/report/dataset.json'), 'utf8')).benchmark;
  const benchmarkPath = path.join(dir, 'benchmark.json');
  fs.writeFileSync(benchmarkPath, JSON.stringify({
    format: 'sos-benchmark/1', survey: JSON.parse(fs.readFileSync(surveyPath, 'utf8')).id, source: 'Demo benchmark', date: golden.date, k: 5, minOrganisations: 5,
    dimensions: golden.dimensions.map((d) => ({ id: d.dimension, mean: d.mean, organisations: d.mean === null ? 0 : 12 })),
  }));
  sos(['benchmark', 'import', ...org, benchmarkPath]);

  const server = await startSosServe([...org, '--www', dist, '--insecure-cookies', '--close-check', '3600',
    '--token-rate', '0', '--address-rate', '0']);
  const { base } = server;
  const attrs = Object.fromEntries(groupsCsv.trim().split('\n').slice(1).map((l) => [l.split(',')[0], attributes(l)]));

  /** @type {Record<string, Record<string, string[]>>} contributions sent, per wave and group */
  const sent = {};
  let seed = 100;
  for (const [wave, groups] of Object.entries(plan)) {
    const closes = wave === 'w3' ? '2099-01-01' : '2098-01-01';
    sos(['wave', 'create', ...org, 'acme', wave, '--survey', surveyPath, '--title', `Wave ${wave.slice(1)}`, '--closes', closes]);
    const links = Object.fromEntries(sos(['invite', 'issue', ...org, 'acme', wave]).trim().split('\n')
      .map((l) => l.split('\t')).map(([g, , link]) => [g, link.slice(link.indexOf('/#/i/') + 5)]));
    sent[wave] = {};
    for (const [group, n] of Object.entries(groups)) {
      const lines = sos(['simulate', surveyPath, '-n', String(n), '--seed', String(seed++), '--group', attrs[group],
        '--roles', 'seller=3', 'manager=1', '--output', 'submissions']).trim().split('\n');
      sent[wave][group] = [];
      for (const line of lines) {
        const doc = JSON.parse(line);
        const kind = doc.format === 'sos-comment/1' ? 'comments' : 'contributions';
        if (kind === 'contributions') sent[wave][group].push(line);
        await post(base, `/api/v1/invite/${links[group]}/${kind}`, line);
      }
      if (wave === 'w2' && group === 'team_a') {
        const first = JSON.parse(lines[0]);
        const comment = { format: 'sos-comment/1', survey: first.survey, version: first.version,
          question: commentQuestion(surveyPath), id: 'f00dfeedf00dfeedf00dfeedf00dfeed', text: hostile };
        await post(base, `/api/v1/invite/${links[group]}/comments`, JSON.stringify(comment));
        await post(base, `/api/v1/invite/${links[group]}/comments`, JSON.stringify({ ...comment, question: own.id,
          id: 'f00dfeedf00dfeedf00dfeedf00dfee2', text: ownCommentAnswer }));
      }
    }
    if (wave !== 'w3') sos(['wave', 'close', ...org, 'acme', wave]);
  }
  const goldenOrg = await seedGolden({ base, store, dir, org: 'golden', sos, post });
  const viewer = (extra = []) => sos(['viewer', 'issue', ...org, 'acme', '--base-url', base, ...extra]).trim().split('\t')[2];
  const links = {
    company: viewer(),
    north: viewer(['--subtree', 'north']),
    foreign: sos(['viewer', 'issue', ...org, 'other', '--base-url', base]).trim().split('\t')[2],
    golden: sos(['viewer', 'issue', ...org, 'golden', '--base-url', base]).trim().split('\t')[2],
    // Expires a second after it is issued: the tests use it later.
    expired: viewer(['--expires', '1s']),
  };
  return {
    base, links, sent, dir, surveyPath, golden: goldenOrg, store,
    async close() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The first comment question of the standard survey (read, not interpreted). */
function commentQuestion(surveyPath) {
  const survey = JSON.parse(fs.readFileSync(surveyPath, 'utf8'));
  const find = (node) => {
    if (Array.isArray(node)) { for (const x of node) { const f = find(x); if (f) return f; } return null; }
    if (node && typeof node === 'object') {
      if (node.type === 'comment' && typeof node.id === 'string') return node.id;
      for (const v of Object.values(node)) { const f = find(v); if (f) return f; }
    }
    return null;
  };
  return find(survey);
}
