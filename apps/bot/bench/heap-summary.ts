/**
 * Summarises a V8 heap snapshot (from `process-memory.bench.ts` with HEAP_SNAPSHOT_DIR): the self
 * size of its objects grouped by type and constructor, the largest groups first, and the largest
 * strings. Run: node bench/heap-summary.ts <file.heapsnapshot> [rows]
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

const file = process.argv[2];
if (file === undefined) throw new Error('usage: node bench/heap-summary.ts <file.heapsnapshot> [rows]');
const rows = Number(process.argv[3] ?? 25);
const data = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
const fields = data.snapshot.meta.node_fields;
const types = data.snapshot.meta.node_types[0];
const width = fields.length;
const typeAt = fields.indexOf('type');
const nameAt = fields.indexOf('name');
const sizeAt = fields.indexOf('self_size');
const groups = new Map<string, { count: number; bytes: number }>();
const strings: { bytes: number; text: string }[] = [];
let total = 0;
for (let index = 0; index < data.nodes.length; index += width) {
  const type = types[data.nodes[index + typeAt] ?? 0] ?? '?';
  const name = data.strings[data.nodes[index + nameAt] ?? 0] ?? '?';
  const bytes = data.nodes[index + sizeAt] ?? 0;
  total += bytes;
  const key = type === 'object' || type === 'closure' ? `${type} ${name}` : type;
  const group = groups.get(key) ?? { count: 0, bytes: 0 };
  group.count++;
  group.bytes += bytes;
  groups.set(key, group);
  if (type === 'string' && bytes > 20_000) strings.push({ bytes, text: name.slice(0, 100) });
}
const mb = (bytes: number): string => (bytes / 1024 ** 2).toFixed(2);
console.log(`${file}: ${mb(total)} MB in ${data.nodes.length / width} objects`);
for (const [key, group] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, rows)) console.log(`${mb(group.bytes).padStart(8)} MB ${String(group.count).padStart(8)}  ${key}`);
console.log('largest strings:');
for (const string of strings.sort((a, b) => b.bytes - a.bytes).slice(0, 10)) console.log(`${mb(string.bytes).padStart(8)} MB  ${JSON.stringify(string.text)}`);
