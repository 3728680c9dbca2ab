// Copies a botocore service model into src/api/model/<name>.json without its
// documentation (names, shapes, enums, limits, serialization traits and errors are
// unchanged). Used for the models whose output shapes Berth serializes too (the
// local twins and Application Auto Scaling); see src/api/model/NOTICE.
// Usage: node scripts/trim-model.mjs <name> [<path to botocore service-2.json>]
import { readFileSync, writeFileSync } from 'node:fs';

const [name, source = `../shared/reference/${name}/service-2.json`] = process.argv.slice(2);
if (!name) throw new Error('usage: node scripts/trim-model.mjs <name> [<service-2.json>]');
const DROP = new Set(['documentation', 'documentationUrl', 'examples', 'deprecatedMessage', 'deprecatedSince']);
const strip = (o) =>
  Array.isArray(o)
    ? o.map(strip)
    : o && typeof o === 'object'
      ? Object.fromEntries(
          Object.entries(o)
            .filter(([k]) => !DROP.has(k))
            .map(([k, v]) => [k, strip(v)]),
        )
      : o;
const model = strip(JSON.parse(readFileSync(source, 'utf8')));
model._attribution = `Derived from the ${model.metadata.serviceFullName} model in boto/botocore (Apache-2.0); documentation removed. See src/api/model/NOTICE.`;
writeFileSync(new URL(`../src/api/model/${name}.json`, import.meta.url), JSON.stringify(model));
console.log(
  `wrote src/api/model/${name}.json: ${Object.keys(model.operations).length} operations, ${Object.keys(model.shapes).length} shapes`,
);
