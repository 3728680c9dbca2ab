// Trims a botocore service model (service-2.json) to what Berth's API layer
// uses at run time: metadata, operations, and the shapes operation inputs
// reach with their types, members, required lists, enums, limits, patterns,
// union/document markers; exception shapes stay as names (and their query
// error codes). Documentation and output shapes are dropped. Works for any
// AWS service model (ECS, Application Auto Scaling, CloudWatch, …).
// With --outputs, output shapes stay too, with the serialization traits the
// query protocol and XML answers need (locationName, flattened, resultWrapper,
// xmlNamespace): for services whose answers Berth encodes from the model.
//
// Usage: node scripts/trim-model.mjs <service-2.json> <out.json> [--outputs] [--source "boto/botocore commit 0e6e2404"]
//   e.g. node scripts/trim-model.mjs ../shared/reference/ecs/service-2.json src/api/model/ecs-model.json --source "boto/botocore commit 0e6e2404"
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const KEEP_METADATA = [
  'apiVersion',
  'targetPrefix',
  'jsonVersion',
  'protocol',
  'protocols',
  'signingName',
  'serviceId',
  'endpointPrefix',
  'xmlNamespace',
];
const KEEP_SHAPE = ['type', 'members', 'member', 'key', 'value', 'required', 'enum', 'min', 'max', 'pattern', 'union', 'document'];
const KEEP_SERIALIZATION = ['flattened', 'timestampFormat'];
const KEEP_REF_SERIALIZATION = ['locationName', 'flattened'];

const pick = (obj, keys) => Object.fromEntries(keys.filter((k) => Object.hasOwn(obj, k)).map((k) => [k, obj[k]]));

/** The trimmed model: a plain JSON object (see src/api/model/botocore.ts for its type). */
export function trimModel(model, { source = 'boto/botocore', outputs = false } = {}) {
  const ref = (r) => (r ? { shape: r.shape, ...(outputs ? pick(r, KEEP_REF_SERIALIZATION) : {}) } : undefined);
  const reachable = new Set();
  const visit = (name) => {
    if (!name || reachable.has(name)) return;
    if (!Object.hasOwn(model.shapes, name)) throw new Error(`shape ${name} is referenced but not defined`);
    reachable.add(name);
    const s = model.shapes[name];
    for (const r of [...Object.values(s.members ?? {}), s.member, s.key, s.value]) if (r) visit(r.shape);
  };
  for (const op of Object.values(model.operations)) {
    visit(op.input?.shape);
    if (outputs) visit(op.output?.shape);
  }

  const shapes = {};
  for (const name of Object.keys(model.shapes).sort()) {
    const shape = model.shapes[name];
    if (shape.exception) {
      shapes[name] = {
        type: 'structure',
        exception: true,
        ...(shape.error ? { error: pick(shape.error, ['code', 'httpStatusCode', 'senderFault']) } : {}),
      };
      continue;
    }
    if (!reachable.has(name)) continue;
    const s = pick(shape, outputs ? [...KEEP_SHAPE, ...KEEP_SERIALIZATION] : KEEP_SHAPE);
    if (s.members) s.members = Object.fromEntries(Object.entries(s.members).map(([m, r]) => [m, ref(r)]));
    for (const k of ['member', 'key', 'value']) if (s[k]) s[k] = ref(s[k]);
    shapes[name] = s;
  }
  const operations = Object.fromEntries(
    Object.entries(model.operations).map(([name, op]) => [
      name,
      {
        input: op.input?.shape,
        output: op.output?.shape,
        ...(outputs && op.output?.resultWrapper ? { resultWrapper: op.output.resultWrapper } : {}),
        errors: (op.errors ?? []).map((e) => e.shape),
      },
    ]),
  );
  const service = model.metadata.serviceFullName ?? model.metadata.serviceId;
  return {
    _attribution: `Derived from the ${service} service model in ${source} (Apache-2.0); documentation removed. See src/api/model/NOTICE.`,
    metadata: pick(model.metadata, KEEP_METADATA),
    operations,
    shapes,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [input, output] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--source');
  const sourceAt = process.argv.indexOf('--source');
  if (!input || !output) {
    console.error('usage: node scripts/trim-model.mjs <service-2.json> <out.json> [--outputs] [--source "where the model comes from"]');
    process.exit(2);
  }
  const trimmed = trimModel(JSON.parse(readFileSync(input, 'utf8')), {
    outputs: process.argv.includes('--outputs'),
    ...(sourceAt > 0 ? { source: process.argv[sourceAt + 1] } : {}),
  });
  writeFileSync(output, JSON.stringify(trimmed));
  console.log(`wrote ${output}: ${Object.keys(trimmed.operations).length} operations, ${Object.keys(trimmed.shapes).length} shapes`);
}
