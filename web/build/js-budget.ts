import { gzipSync } from "node:zlib";
import type { Plugin } from "vite";

/** Initial JavaScript a first visit downloads (entry chunk plus its static imports), gzipped. */
export const INITIAL_JS_BUDGET_KIB = 90;

export interface BudgetReport {
  initialKiB: number;
  totalKiB: number;
  chunks: { file: string; gzipKiB: number; initial: boolean }[];
}

interface ChunkLike {
  type: "chunk";
  fileName: string;
  code: string;
  isEntry: boolean;
  imports: string[];
}

const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

export function measure(chunks: ChunkLike[]): BudgetReport {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const initial = new Set<string>();
  const visit = (name: string) => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const next of byName.get(name)?.imports ?? []) visit(next);
  };
  for (const chunk of chunks) if (chunk.isEntry) visit(chunk.fileName);
  const sized = chunks
    .map((chunk) => ({
      file: chunk.fileName,
      bytes: gzipSync(chunk.code, { level: 9 }).length,
      initial: initial.has(chunk.fileName),
    }))
    .sort((a, b) => b.bytes - a.bytes);
  const sum = (list: typeof sized) => kib(list.reduce((total, item) => total + item.bytes, 0));
  return {
    initialKiB: sum(sized.filter((item) => item.initial)),
    totalKiB: sum(sized),
    chunks: sized.map(({ file, bytes, initial: first }) => ({
      file,
      gzipKiB: kib(bytes),
      initial: first,
    })),
  };
}

/** Prints the gzip size of every JS chunk and fails the build when the initial JS is over budget. */
export function jsBudget(
  options: { budgetKiB?: number; quiet?: boolean; onReport?: (report: BudgetReport) => void } = {},
): Plugin {
  const { budgetKiB = INITIAL_JS_BUDGET_KIB, quiet = false, onReport } = options;
  return {
    name: "termline-js-budget",
    apply: "build",
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter(
        (item): item is ChunkLike & typeof item => item.type === "chunk",
      );
      const report = measure(chunks);
      onReport?.(report);
      const lines = report.chunks.map(
        (chunk) =>
          `  ${chunk.initial ? "initial" : "lazy   "} ${String(chunk.gzipKiB).padStart(6)} KiB  ${chunk.file}`,
      );
      if (!quiet)
        console.log(
          `JS (gzip): initial ${report.initialKiB} KiB of a ${budgetKiB} KiB budget; all chunks ${report.totalKiB} KiB\n${lines.join("\n")}`,
        );
      if (report.initialKiB > budgetKiB)
        this.error(
          `Initial JS is ${report.initialKiB} KiB gzipped, over the ${budgetKiB} KiB budget. Lazy-load more, or raise the budget in web/build/js-budget.ts with a reason.`,
        );
    },
  };
}
