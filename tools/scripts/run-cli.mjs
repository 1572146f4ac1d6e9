// `npm run audit:verify`, `npm run migration:run`: build the API if needed, then run one of
// its operator commands against the configured database (DATABASE_URL, or SQLite under DATA_DIR).
import { nx, runForwardingSignals } from './nx-env.mjs';

const [command, ...rest] = process.argv.slice(2);
nx(['build', 'api']);
runForwardingSignals(process.execPath, ['dist/apps/api/main.js', command, ...rest]);
