// Regenerates src/api/model/ecs-model.json from botocore's ECS service model:
// keeps operations and the input shapes with their required members, enums and
// limits; drops output shapes and documentation (never used at run time).
// Usage: node scripts/trim-ecs-model.mjs <path to botocore ecs service-2.json>
import { readFileSync, writeFileSync } from 'node:fs';

const source = process.argv[2] ?? '../shared/reference/ecs/service-2.json';
const model = JSON.parse(readFileSync(source, 'utf8'));
const KEEP_SHAPE = ['type', 'members', 'member', 'key', 'value', 'required', 'enum', 'min', 'max', 'exception', 'error', 'pattern'];
const KEEP_MEMBER = ['shape'];

const pick = (obj, keys) => Object.fromEntries(keys.filter((k) => k in obj).map((k) => [k, obj[k]]));
// Only what validation walks: shapes reachable from operation inputs, plus the
// exception names (kept as empty structures so error codes can be checked).
const reachable = new Set();
const visit = (name) => {
  if (!name || reachable.has(name)) return;
  reachable.add(name);
  const s = model.shapes[name];
  for (const ref of [...Object.values(s.members ?? {}), s.member, s.key, s.value]) if (ref) visit(ref.shape);
};
for (const op of Object.values(model.operations)) visit(op.input?.shape);
const shapes = {};
for (const [name, shape] of Object.entries(model.shapes)) {
  if (shape.exception) {
    shapes[name] = { type: 'structure', exception: true };
    continue;
  }
  if (!reachable.has(name)) continue;
  const s = pick(shape, KEEP_SHAPE);
  if (s.members) s.members = Object.fromEntries(Object.entries(s.members).map(([m, v]) => [m, pick(v, KEEP_MEMBER)]));
  if (s.member) s.member = pick(s.member, KEEP_MEMBER);
  if (s.key) s.key = pick(s.key, KEEP_MEMBER);
  if (s.value) s.value = pick(s.value, KEEP_MEMBER);
  shapes[name] = s;
}
const operations = Object.fromEntries(
  Object.entries(model.operations).map(([name, op]) => [
    name,
    { input: op.input?.shape, output: op.output?.shape, errors: (op.errors ?? []).map((e) => e.shape) },
  ]),
);
const out = {
  _attribution:
    'Derived from the Amazon ECS service model in boto/botocore (Apache-2.0), commit 0e6e2404; documentation removed. See src/api/model/NOTICE.',
  metadata: pick(model.metadata, ['apiVersion', 'targetPrefix', 'jsonVersion', 'signingName']),
  operations,
  shapes,
};
writeFileSync(new URL('../src/api/model/ecs-model.json', import.meta.url), JSON.stringify(out));
console.log(`wrote ${Object.keys(operations).length} operations, ${Object.keys(shapes).length} shapes`);
