// The golden report dataset (tests/fixtures/report/dataset.json) loaded into a
// running `sos serve` through the real path: the respondents
// tools/golden/make_dataset.py simulated (the same `sos simulate` calls, the
// same seeds) are POSTed one by one as contributions through each team's
// invite link, and the waves are closed with `sos wave close`, so the
// endpoint's own release holds the dataset's figures. The dashboard test
// then compares what the dashboard shows with expected.json, computed
// independently by tools/golden/expected.py.
import fs from 'node:fs';
import path from 'node:path';

import { root } from './harness.mjs';

const surveyPath = path.join(root, 'surveys/standard/survey.json');

// As in tools/golden/make_dataset.py: team, parent, attributes, sellers, managers.
const teams = [
  ['team_n1', 'north', { performance_pay: true, selling: 'complex', field_visits: true }, 9, 2],
  ['team_n2', 'north', { performance_pay: false, selling: 'complex', field_visits: false }, 7, 2],
  ['team_s1', 'south', { performance_pay: true, selling: 'volume', field_visits: true }, 3, 1],
  ['team_s2', 'south', { performance_pay: false, selling: 'volume', field_visits: true }, 12, 2],
];
const firstSeed = 1000;

export const goldenNames = {
  acme: 'Golden company', north: 'Golden north', south: 'Golden south',
  team_n1: 'Team N1', team_n2: 'Team N2', team_s1: 'Team S1', team_s2: 'Team S2',
};

/** @param {any} attributes */
const csvAttributes = (attributes) => [attributes.performance_pay, attributes.selling, attributes.field_visits].join(',');

/**
 * Creates the organisation `org` in the store behind `base` and fills it with
 * the golden dataset. Returns the waves' ids and the dataset's benchmark.
 * @param {{base: string, store: string, dir: string, org: string,
 *   sos: (args: string[]) => string, post: (base: string, urlPath: string, body: string) => Promise<void>}} o
 */
export async function seedGolden({ base, store, dir, org, sos, post }) {
  const dataset = JSON.parse(fs.readFileSync(path.join(root, 'tests/fixtures/report/dataset.json'), 'utf8'));
  const at = ['--store', store];
  // The regions and the company have field visits in some team: the
  // attributes of a group's own link (nobody answers through them here).
  const parents = { performance_pay: true, selling: 'complex', field_visits: true };
  const csv = path.join(dir, 'golden-groups.csv');
  fs.writeFileSync(csv, 'id,parent,name,headcount,performance_pay,selling,field_visits\n' +
    dataset.groups.map((g) => {
      const team = teams.find((t) => t[0] === g.id);
      return [g.id, g.parent, goldenNames[g.id], team ? team[3] + team[4] : 0, csvAttributes(team ? team[2] : parents)].join(',');
    }).join('\n') + '\n');
  sos(['org', 'create', org, ...at, '--name', 'Golden (fixture)', '--k', String(dataset.k), '--synthetic']);
  sos(['group', 'import', ...at, org, csv]);
  sos(['benchmark', 'import', ...at, path.join(root, 'tests/fixtures/report/benchmark.json')]);

  let seed = firstSeed;
  for (const wave of dataset.waves) {
    sos(['wave', 'create', ...at, org, wave, '--survey', surveyPath, '--title', `Golden ${wave}`, '--closes', '2098-01-01']);
    const links = Object.fromEntries(sos(['invite', 'issue', ...at, org, wave]).trim().split('\n')
      .map((l) => l.split('\t')).map(([g, , link]) => [g, link.slice(link.indexOf('/#/i/') + 5)]));
    for (const [team, , attributes, sellers, managers] of teams) {
      for (const [role, n] of [['seller', sellers], ['manager', managers]]) {
        seed += 1;
        const lines = sos(['simulate', surveyPath, '--respondents', String(n), '--seed', String(seed),
          '--group', JSON.stringify(attributes), '--roles', `${role}=1`, '--output', 'contributions']).trim().split('\n');
        for (const line of lines) await post(base, `/api/v1/invite/${links[team]}/contributions`, line);
      }
    }
    sos(['wave', 'close', ...at, org, wave]);
  }
  return { waves: dataset.waves };
}
