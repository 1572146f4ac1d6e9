import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startTestApp, testDatabaseDriver, type TestApp } from '../testing';

/**
 * docs/screens.md names, for every route, the screen that calls it or why it is API only
 * (apps/web/src/app/screens.spec.ts checks the web side). Here: it lists exactly the routes
 * the API serves, each once, so a route cannot ship without a screen or a stated reason.
 */
const SCREENS_MD = resolve(__dirname, '../../../../../docs/screens.md');

function listedRoutes(): string[] {
  return readFileSync(SCREENS_MD, 'utf8')
    .split('\n')
    .map((line) => /^\|\s*`((?:GET|POST|PUT|PATCH|DELETE) \/api\/[^`]*)`/.exec(line)?.[1])
    .filter((route): route is string => route !== undefined);
}

describe(`docs/screens.md (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t?.close());

  it('lists every route of the OpenAPI document exactly once, and nothing else', async () => {
    const document = (await t.request('GET', '/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    const listed = listedRoutes();
    expect(listed.filter((route, index) => listed.indexOf(route) !== index)).toEqual([]);
    expect({ missing: served.filter((route) => !listed.includes(route)), stale: listed.filter((route) => !served.includes(route)) }).toEqual({ missing: [], stale: [] });
  });
});
