// The benchmarks' command-line options: `--name value`, a number, or the fallback when absent.
export function numberOption(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}
