/**
 * graph-node names its query fields with the Rust `Inflector` crate: `to_camel_case` for the
 * singular field and `to_plural().to_camel_case()` for the collection. This is a port of the
 * Rails-derived rules Inflector uses, which covers entity names in practice.
 */
const UNCOUNTABLE = new Set([
  'accommodation', 'adulthood', 'advertising', 'advice', 'aggression', 'aid', 'air', 'aircraft', 'alcohol', 'anger',
  'applause', 'arithmetic', 'assistance', 'athletics', 'bacon', 'baggage', 'beef', 'biology', 'blood', 'botany',
  'bread', 'butter', 'carbon', 'cardboard', 'cash', 'chalk', 'chaos', 'chess', 'crossroads', 'countryside', 'dancing',
  'deer', 'dignity', 'dirt', 'dust', 'economics', 'education', 'electricity', 'engineering', 'enjoyment', 'envy',
  'equipment', 'ethics', 'evidence', 'evolution', 'fame', 'fiction', 'flour', 'flu', 'food', 'fuel', 'fun', 'furniture',
  'gallows', 'garbage', 'garlic', 'genetics', 'gold', 'golf', 'gossip', 'grammar', 'gratitude', 'grief', 'guilt',
  'gymnastics', 'happiness', 'hardware', 'harm', 'hate', 'hatred', 'health', 'heat', 'help', 'homework', 'honesty',
  'honey', 'hospitality', 'housework', 'humour', 'hunger', 'hydrogen', 'ice', 'importance', 'inflation', 'information',
  'innocence', 'iron', 'irony', 'jam', 'jewelry', 'judo', 'karate', 'knowledge', 'lack', 'laughter', 'lava', 'leather',
  'leisure', 'lightning', 'linguine', 'linguini', 'linguistics', 'literature', 'litter', 'livestock', 'logic',
  'loneliness', 'luck', 'luggage', 'macaroni', 'machinery', 'magic', 'management', 'mankind', 'marble', 'mathematics',
  'mayonnaise', 'measles', 'methane', 'milk', 'money', 'mud', 'music', 'mumps', 'nature', 'news', 'nitrogen',
  'nonsense', 'nurture', 'nutrition', 'obedience', 'obesity', 'oxygen', 'pasta', 'patience', 'physics', 'poetry',
  'pollution', 'poverty', 'pride', 'psychology', 'publicity', 'punctuation', 'quartz', 'racism', 'relaxation',
  'reliability', 'research', 'respect', 'revenge', 'rice', 'rubbish', 'rum', 'safety', 'scenery', 'seafood',
  'seaside', 'series', 'shame', 'sheep', 'shopping', 'sleep', 'smoke', 'smoking', 'snow', 'soap', 'software', 'soil',
  'spaghetti', 'species', 'steam', 'stuff', 'stupidity', 'sunshine', 'symmetry', 'tennis', 'thirst', 'thunder',
  'timber', 'traffic', 'transportation', 'trust', 'underwear', 'unemployment', 'unity', 'validity', 'veal',
  'vegetation', 'vegetarianism', 'vengeance', 'violence', 'vitality', 'warmth', 'wealth', 'weather', 'welfare',
  'wheat', 'wildlife', 'wisdom', 'yoga', 'zinc', 'zoology',
]);

const PLURAL_RULES: [RegExp, string][] = [
  [/(\w*)s$/, '$1s'],
  [/(\w*([^aeiou]ese))$/, '$1'],
  [/(\w*(ax|test))is$/, '$1es'],
  [/(\w*(alias|[^aou]us|tlas|gas|ris))$/, '$1es'],
  [/(\w*(e[mn]u))s?$/, '$1s'],
  [/(\w*([^l]ias|[aeiou]las|[emjzr]as|[iu]am))$/, '$1'],
  [/(\w*(alumn|syllab|octop|vir|radi|nucle|fung|cact|stimul|termin|bacill|foc|uter|loc|strat))(?:us|i)$/, '$1i'],
  [/(\w*(alumn|alg|vertebr))(?:a|ae)$/, '$1ae'],
  [/(\w*(seraph|cherub))(?:im)?$/, '$1im'],
  [/(\w*(her|at|gr))o$/, '$1oes'],
  [/(\w*(agend|addend|millenni|dat|extrem|bacteri|desiderat|strat|candelabr|errat|ov|symposi|curricul|automat|quor))(?:a|um)$/, '$1a'],
  [/(\w*(apheli|hyperbat|periheli|asyndet|noumen|phenomen|criteri|organ|prolegomen|hedr|automat))(?:a|on)$/, '$1a'],
  [/(\w*)sis$/, '$1ses'],
  [/(\w*(kni|wi|li))fe$/, '$1ves'],
  [/(\w*(ar|l|ea|eo|oa|hoo))f$/, '$1ves'],
  [/(\w*([^aeiouy]|qu))y$/, '$1ies'],
  [/(\w*([^ch][ieo][ln]))ey$/, '$1ies'],
  [/(\w*(x|ch|ss|sh|zz)es)$/, '$1'],
  [/(\w*(x|ch|ss|sh|zz))$/, '$1es'],
  [/(\w*(matr|cod|mur|sil|vert|ind|append))(?:ix|ex)$/, '$1ices'],
  [/(\w*(m|l)(?:ice|ouse))$/, '$1ice'],
  [/(\w*(pe)(?:rson|ople))$/, '$1ople'],
  [/(\w*(child))(?:ren)?$/, '$1ren'],
  [/(\w*eaux)$/, '$1'],
];

function camelCase(name: string): string {
  // Inflector's to_camel_case: split on non-alphanumerics and case changes, lower the first word.
  const words = name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z\d]+/)
    .filter(Boolean);
  return words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
}

function pluralWord(word: string): string {
  const lower = word.toLowerCase();
  if (UNCOUNTABLE.has(lower)) return word;
  for (let i = PLURAL_RULES.length - 1; i >= 0; i--) {
    const [re, replacement] = PLURAL_RULES[i]!;
    if (re.test(lower)) {
      const replaced = lower.replace(re, replacement);
      // Keep the original casing of the unchanged prefix.
      const common = Math.min(word.length, replaced.length);
      let prefix = 0;
      while (prefix < common && word[prefix]!.toLowerCase() === replaced[prefix]) prefix++;
      return word.slice(0, prefix) + replaced.slice(prefix);
    }
  }
  return `${word}s`;
}

/** Singular query field name, e.g. `DailySnapshot` -> `dailySnapshot`. */
export function singularFieldName(typeName: string): string {
  return camelCase(typeName);
}

/** Collection query field name, e.g. `DailySnapshot` -> `dailySnapshots`. */
export function pluralFieldName(typeName: string): string {
  // Inflector pluralises the last word of the name only.
  const match = /^(.*?)([A-Z]?[a-z\d]*)$/.exec(typeName);
  const head = match?.[1] ?? '';
  const last = match?.[2] || typeName;
  const plural = camelCase(head + pluralWord(last));
  const singular = singularFieldName(typeName);
  // graph-node disambiguates types whose plural equals the singular (e.g. `Series`).
  return plural === singular ? `${plural}_collection` : plural;
}
