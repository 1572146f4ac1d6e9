import createQpdfModule from '@neslinesli93/qpdf-wasm';

/** What one qpdf run said: its exit code (0 done, 2 failed, 3 done with warnings) and its messages. */
export interface QpdfRun {
  code: number;
  messages: string[];
}

/** The part of the Emscripten module this file uses (the package's d.ts omits NODEFS). */
interface QpdfModule {
  callMain(args: string[]): number;
  FS: { mkdir(path: string): void; mount(type: unknown, options: { root: string }, mountPoint: string): void };
  NODEFS: unknown;
}

type CreateQpdf = (options: { locateFile?: (name: string, directory: string) => string }) => Promise<QpdfModule>;

/** Where the files of a run appear inside qpdf's file system. */
export const QPDF_DIR = '/work';

/**
 * Runs qpdf, compiled to WebAssembly (`@neslinesli93/qpdf-wasm`: nothing to install, no child
 * process), on files of the local directory `dir`, which qpdf sees as `/work` (Emscripten's
 * NODEFS: qpdf reads and writes the disk, not copies in its own memory). A fresh instance per
 * run, so that what one file made qpdf allocate is released with it. Runs synchronously: call
 * it in a PDF worker thread, whose time bound ends a run that does not finish.
 */
export async function runQpdf(dir: string, args: string[]): Promise<QpdfRun> {
  const messages: string[] = [];
  // The module binds console.log and console.error when it is created: its output comes here.
  const saved = { log: console.log, error: console.error };
  console.log = console.error = (...parts: unknown[]) => {
    if (messages.length < 50) messages.push(parts.map(String).join(' '));
  };
  let qpdf: QpdfModule;
  try {
    // The .wasm file is found next to qpdf.js in node_modules (the API's bundles keep node_modules external).
    qpdf = await (createQpdfModule as unknown as CreateQpdf)({ locateFile: (name, directory) => directory + name });
  } finally {
    console.log = saved.log;
    console.error = saved.error;
  }
  qpdf.FS.mkdir(QPDF_DIR);
  qpdf.FS.mount(qpdf.NODEFS, { root: dir }, QPDF_DIR);
  try {
    return { code: qpdf.callMain(args), messages };
  } catch (error) {
    // An abort (out of memory in WebAssembly) or a thrown exit status.
    messages.push(error instanceof Error ? error.message : String(error));
    return { code: 2, messages };
  }
}
