// `npm start`: build the API and the web app if anything changed (Nx caches unchanged builds),
// then serve both on one port with the embedded defaults (SQLite and files under ./data).
import { nx, runForwardingSignals } from './nx-env.mjs';

nx(['run-many', '-t', 'build', '-p', 'api', 'web']);
runForwardingSignals(process.execPath, ['dist/apps/api/main.js', ...process.argv.slice(2)]);
