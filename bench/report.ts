/** Writes benchmark results as JSON under bench/results/ and prints them as a table. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import os from 'node:os';
import type { Measurement } from './harness.js';
import { round } from './harness.js';

export interface BenchReport {
  readonly startedAt: string;
  readonly machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string };
  readonly results: Record<string, Measurement[]>;
}

export function machineInfo(): BenchReport['machine'] {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.versions.node,
  };
}

export async function writeReport(dir: string, report: BenchReport): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const file = join(dir, `bench-${stamp}.json`);
  const text = `${JSON.stringify(report, null, 2)}\n`;
  await writeFile(file, text);
  await writeFile(join(dir, 'latest.json'), text);
  return file;
}

export function renderTable(report: BenchReport): string {
  const rows: string[][] = [
    ['scenario', 'measurement', 'conc', 'ops/s', 'p50 ms', 'p99 ms', 'ceiling ops/s', 'ratio'],
  ];
  for (const [scenario, measurements] of Object.entries(report.results)) {
    for (const m of measurements) {
      rows.push([
        scenario,
        m.name,
        String(m.subject.concurrency),
        String(m.subject.perSecond),
        String(m.subject.p50Ms),
        String(m.subject.p99Ms),
        `${m.ceiling.perSecond} (${m.ceilingName})`,
        `${round((m.subject.perSecond / m.ceiling.perSecond) * 100, 1)}%`,
      ]);
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')).join('\n');
}
