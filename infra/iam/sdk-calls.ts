/**
 * Which AWS SDK commands the deployed Lambda functions can send: the project's
 * own source files inside each function's bundle (esbuild's metafile, so local
 * twins, the agent and the admin CLI, which are never bundled into a function,
 * do not count), and in them every `…Command` imported from an
 * `@aws-sdk/client-*` or `@aws-sdk/lib-dynamodb` package. DynamoDB
 * transactions need the item action of each kind of item they carry, so the
 * kinds (`Put:`, `Update:`, `Delete:`, `ConditionCheck:`) are listed too.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { functionBuildOptions, functionNames } from '../build.js';

export interface SdkCall {
  /** Repository-relative source file and line of the import. */
  file: string;
  line: number;
  pkg: string;
  command: string;
}

export type TransactItemKind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
export interface TransactItemUse {
  file: string;
  line: number;
  kind: TransactItemKind;
}

export interface SourceScan {
  calls: SdkCall[];
  transactItems: TransactItemUse[];
  /** `import * as x from '@aws-sdk/…'`: commands the scan cannot see. */
  opaqueImports: { file: string; line: number; pkg: string }[];
}

const SDK_PACKAGE = /^@aws-sdk\/(client-[a-z0-9-]+|lib-dynamodb)$/;
const TRANSACT_KINDS = new Set<string>(['Put', 'Update', 'Delete', 'ConditionCheck']);

/** One source file's SDK command imports and transaction item kinds. */
export function scanSource(file: string, text: string): SourceScan {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const scan: SourceScan = { calls: [], transactItems: [], opaqueImports: [] };
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && SDK_PACKAGE.test(node.moduleSpecifier.text)) {
      const pkg = node.moduleSpecifier.text;
      const bindings = node.importClause?.isTypeOnly ? undefined : node.importClause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) scan.opaqueImports.push({ file, line: line(node), pkg });
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) {
          const command = (el.propertyName ?? el.name).text;
          if (!el.isTypeOnly && /^[A-Z]\w*Command$/.test(command)) scan.calls.push({ file, line: line(el), pkg, command });
        }
      }
    }
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && TRANSACT_KINDS.has(node.name.text)) {
      scan.transactItems.push({ file, line: line(node), kind: node.name.text as TransactItemKind });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return scan;
}

/** The project's own source files (repository-relative) in each function's bundle. */
export async function functionSources(root: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const name of functionNames()) {
    const result = await build({ ...functionBuildOptions(name), absWorkingDir: root, write: false, metafile: true, logLevel: 'silent' });
    out.set(
      name,
      Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/') && /\.(ts|mts|js|mjs)$/.test(f)),
    );
  }
  return out;
}

/** Every SDK command the functions can send, and the transaction item kinds they build. */
export async function scanFunctions(root: string): Promise<SourceScan & { functions: Map<string, string[]> }> {
  const functions = await functionSources(root);
  const files = [...new Set([...functions.values()].flat())].sort();
  const all: SourceScan = { calls: [], transactItems: [], opaqueImports: [] };
  for (const file of files) {
    const scan = scanSource(file, readFileSync(join(root, file), 'utf8'));
    all.calls.push(...scan.calls);
    all.transactItems.push(...scan.transactItems);
    all.opaqueImports.push(...scan.opaqueImports);
  }
  return { ...all, functions };
}
