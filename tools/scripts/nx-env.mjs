// Shared by the npm scripts: run Nx the same way locally and in CI (no cloud, no daemon, plain output).
import { spawn, spawnSync } from 'node:child_process';

export const nxEnv = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' };

/** Runs `npx nx …` to completion, inheriting the terminal; exits the script on failure. */
export function nx(args, env = nxEnv) {
  const result = spawnSync('npx', ['nx', ...args, '--output-style=static'], { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Runs a long-lived child, forwarding Ctrl-C and termination so it shuts down cleanly. */
export function runForwardingSignals(command, args, env = process.env) {
  const child = spawn(command, args, { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return child;
}
