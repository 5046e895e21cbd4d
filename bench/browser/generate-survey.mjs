// Generates a valid sos-survey/1 definition of about `questions` questions
// with many conditions, for the browser benchmark: likert items scored into
// nine dimensions, a choice on every page that opens a panel, matrices,
// numbers with validators, visibleIf chains and requiredIf on answers and
// group attributes, pages shown to some groups only.

const languages = ['en', 'sv', 'nb'];
const text = (s) => Object.fromEntries(languages.map((l) => [l, `${s} (${l})`]));

/** @param {number} questions @returns {object} */
export function generateSurvey(questions) {
  const dimensions = Array.from({ length: 9 }, (_, i) => ({ id: `d${i}`, title: text(`Dimension ${i}`), description: text(`About ${i}`) }));
  dimensions[8].notApplicableIf = '{group.field_visits} = false';
  const pages = [];
  let count = 0;
  let previous = null;
  for (let p = 0; count < questions; p++) {
    const elements = [];
    const choice = `p${p}_open`;
    elements.push({ type: 'choice', id: choice, required: true, text: text(`Page ${p}: open the panel?`),
      options: [{ value: 'yes', text: text('Yes') }, { value: 'no', text: text('No') }] });
    count++;
    for (let i = 0; i < 6 && count < questions; i++) {
      const id = `p${p}_q${i}`;
      const q = { type: 'likert', id, text: text(`Statement ${id}`), notApplicable: i % 2 === 0,
        score: { dimension: `d${(p + i) % 9}`, reverse: i === 3 } };
      if (i % 3 === 0) q.required = true;
      if (previous && i % 3 === 1) q.visibleIf = `{${previous}} >= 3 or {group.selling} = 'volume'`;
      if (previous && i % 3 === 2) q.requiredIf = `{${previous}} = 5 and {group.performance_pay}`;
      elements.push(q);
      previous = id;
      count++;
    }
    const rows = [];
    for (let r = 0; r < 4 && count < questions; r++, count++) {
      rows.push({ id: `p${p}_m${r}`, text: text(`Row ${r}`), score: { dimension: `d${(p + r) % 9}` },
        ...(r === 3 ? { visibleIf: `{p${p}_m0} > 2` } : {}) });
    }
    const panel = [];
    if (rows.length) panel.push({ type: 'matrix', id: `p${p}_matrix`, text: text(`Matrix ${p}`), required: p % 2 === 0, rows });
    if (count < questions) {
      panel.push({ type: 'number', id: `p${p}_n`, min: 0, max: 1000, decimals: 1, text: text('How many?'),
        validators: [{ expression: `{p${p}_n} <= 500 or {p${p}_q0} = 5`, message: text('Really?') }] });
      count++;
    }
    if (count < questions && p % 3 === 0) {
      panel.push({ type: 'multichoice', id: `p${p}_kpi`, text: text('Which?'), minSelected: 1, maxSelected: 2,
        options: ['a', 'b', 'c', 'd'].map((v) => ({ value: v, text: text(v) })) });
      count++;
    }
    if (panel.length) {
      elements.push({ type: 'panel', id: `p${p}_panel`, title: text('More'), visibleIf: `{${choice}} = 'yes'`, elements: panel });
    }
    pages.push({ id: `page${p}`, title: text(`Page ${p}`), elements,
      ...(p % 5 === 4 ? { visibleIf: '{group.field_visits}' } : {}) });
  }
  pages.push({ id: 'last', title: text('Last'), elements: [{ type: 'comment', id: 'words', maxLength: 500, text: text('Anything else?') }] });
  return {
    format: 'sos-survey/1', id: `generated_${questions}`, version: '1', languages, fallbackLanguage: 'en',
    roles: [{ id: 'seller', title: text('Seller') }, { id: 'manager', title: text('Manager') }],
    groupAttributes: [
      { id: 'performance_pay', type: 'boolean' },
      { id: 'selling', type: 'choice', values: ['complex', 'volume'] },
      { id: 'field_visits', type: 'boolean' },
    ],
    dimensions,
    pages,
  };
}
