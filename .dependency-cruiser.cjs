/**
 * Berth's layer rules (ARCHITECTURE.md), checked by `npm run lint` and so by
 * `npm test`: a violation fails the build. `npm run deps:graph` prints the
 * folder-level import graph these rules shape.
 *
 *   control plane:  functions ─► wiring ─► api ─► app ─► ports ─┐
 *                   admin (CLI) ─┘  │        │     ├──► auth ──┤
 *                                   │        └─────┴──► scheduler ─┴─► domain ─► protocol
 *                                   └─► adapters ─► ports                           ▲
 *   host agent:     agent ──────────────────────────────────────────────────────────┘
 *   web console:    console ─► domain (types only: the wire shapes)
 *   src/logging (the one Logger) may be used by both; it imports nothing.
 * An arrow means "may import"; every layer may also import the ones below it.
 *
 * The agent (a separate program on every host) and the control plane (the
 * Lambda functions) meet only in src/protocol, the wire contract: neither
 * imports the other. Type-only imports count: a type drags its module's
 * meaning along with it.
 */
const CONTROL_PLANE = '^(src/(adapters|admin|api|app|auth|domain|ports|scheduler|wiring)/|src/config\\.ts$|functions/)';
const PURE = '^src/(protocol|domain|scheduler)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere: every layer can be read, tested and replaced from the bottom up.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },

    // ── agent ↔ control plane: they meet only in src/protocol ─────────────────────────────
    {
      name: 'agent-imports-only-protocol-and-logging',
      comment:
        'The host agent ships without the control plane: besides itself it may import only the wire contract (src/protocol) and the Logger (src/logging).',
      severity: 'error',
      from: { path: '^src/agent/' },
      to: { path: '^src/', pathNot: '^src/(agent|protocol|logging)/' },
    },
    {
      name: 'control-plane-never-imports-agent',
      comment: 'The control plane knows agents only through src/protocol; what both sides need goes there, not into the agent.',
      severity: 'error',
      from: { path: CONTROL_PLANE },
      to: { path: '^src/agent/' },
    },
    {
      name: 'protocol-is-a-leaf',
      comment: 'src/protocol is the contract both sides import: it imports nothing from Berth, and packages only as types.',
      severity: 'error',
      from: { path: '^src/protocol/' },
      to: { path: '^src/', pathNot: '^src/protocol/' },
    },
    {
      name: 'protocol-through-its-index',
      comment: 'Outside src/protocol, the protocol is imported through src/protocol/index.ts: its public surface.',
      severity: 'error',
      from: { pathNot: '^src/protocol/' },
      to: { path: '^src/protocol/', pathNot: '^src/protocol/index\\.ts$' },
    },
    {
      name: 'logging-is-a-leaf',
      comment: 'src/logging (the one Logger) is used by both sides, so it imports nothing from Berth.',
      severity: 'error',
      from: { path: '^src/logging/' },
      to: { path: '^src/', pathNot: '^src/logging/' },
    },

    // ── the pure core ───────────────────────────────────────────────────────────────────
    {
      name: 'scheduler-imports-only-domain',
      comment: 'The scheduler is pure (placement and reconcile are functions of a snapshot): only the domain and the protocol, both pure.',
      severity: 'error',
      from: { path: '^src/scheduler/' },
      to: { path: '^src/', pathNot: '^src/(scheduler|domain|protocol)/' },
    },
    {
      name: 'domain-imports-only-protocol',
      comment: 'Records, ARNs, typed errors and transitions depend on nothing but the protocol (a report is what a transition applies).',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/(domain|protocol)/' },
    },
    {
      name: 'pure-layers-use-packages-only-as-types',
      comment: 'No AWS SDK, no I/O in protocol, domain and scheduler: packages (the ECS shapes) only as type imports.',
      severity: 'error',
      from: { path: PURE },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-no-pkg', 'npm-unknown', 'core'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'ports-are-interfaces',
      comment: 'Ports describe what use cases need, in domain terms (a stored credential carries its policy document).',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { path: '^src/', pathNot: '^(src/(ports|domain|protocol)/|src/auth/policy\\.ts$)' },
    },
    {
      name: 'auth-below-the-use-cases',
      comment:
        'SigV4 verification, policies and what Berth issues: used by the API layer and the use cases, built on ports and the domain; it never reaches up or picks adapters.',
      severity: 'error',
      from: { path: '^src/auth/' },
      to: { path: '^(src/(adapters|admin|api|app|wiring)/|src/config\\.ts$)' },
    },

    // ── use cases, adapters, entry points ───────────────────────────────────────────────────
    {
      name: 'app-depends-on-ports-not-adapters',
      comment: 'Use cases reach DynamoDB, Lambda and the rest through src/ports; only src/wiring picks the adapters.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^(src/(adapters|api|wiring)/|src/config\\.ts$)' },
    },
    {
      name: 'adapters-never-import-app',
      comment:
        'Adapters implement ports; the use cases sit above them, not below. (Local twins serve HTTP, so they may use src/api’s transport shapes.)',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/(app|wiring)/' },
    },
    {
      name: 'api-never-imports-adapters-or-wiring',
      comment: 'The API layer turns HTTP into use-case calls; which adapters back them is the wiring’s choice.',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: '^src/(adapters|wiring)/' },
    },
    {
      name: 'functions-import-only-wiring',
      comment: 'Lambda entry points stay one line: everything they build comes from src/wiring.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { pathNot: '^src/wiring/' },
    },
    {
      name: 'console-imports-only-wire-shapes',
      comment:
        'The web console is a client of the public APIs, bundled for the browser: from Berth it takes only the wire shapes, as types.',
      severity: 'error',
      from: { path: '^console/' },
      to: { path: '^src/', pathNot: '^src/domain/wire\\.ts$' },
    },
    {
      name: 'src-never-imports-tools',
      comment: 'Shipped code never depends on the local stack, tests or benchmarks.',
      severity: 'error',
      from: { path: '^(src|functions|console)/' },
      to: { path: '^(infra|test|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.berth)/' },
    // Type-only imports are dependencies too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: {
      text: { highlightFocused: false },
    },
  },
};
