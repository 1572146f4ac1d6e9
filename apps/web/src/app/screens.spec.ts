import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type Type } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { AuditApi } from '@ecabinet/web/admin/feature-audit';
import { BallotsApi } from '@ecabinet/web/ballots/data-access';
import { AuthApi, OrganisationsApi, UsersApi } from '@ecabinet/web/identity/data-access';
import { ApprovalsApi, MeetingsApi, MinutesApi, ResolutionsApi, RoomScreenApi, StatisticsApi, TasksApi } from '@ecabinet/web/meetings/data-access';
import { NotificationsApi } from '@ecabinet/web/notifications/data-access';
import { OfficerApi } from '@ecabinet/web/officer/feature';
import { ClientConfigApi } from '@ecabinet/web/shell';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Observable, isObservable } from 'rxjs';

/**
 * docs/screens.md says, for every route of the API, which screen calls it and through which
 * web client method, or "API only" with the reason. (Its list of routes is compared with the
 * OpenAPI document by libs/api/core/src/integration/screens.integration-spec.ts.) This spec
 * proves the other half mechanically: each named client method really sends that method and
 * path, and some code outside the client calls it through an injected client.
 */

const ROOT = resolve(__dirname, '../../../..');
const CLIENTS: Record<string, Type<unknown>> = { ApprovalsApi, AuditApi, AuthApi, BallotsApi, ClientConfigApi, MeetingsApi, MinutesApi, NotificationsApi, OfficerApi, OrganisationsApi, ResolutionsApi, RoomScreenApi, StatisticsApi, TasksApi, UsersApi };
beforeAll(async () => {
  // The app loads the papers library lazily (app.config.ts), so this spec does too.
  const { PapersApi, SearchApi } = await import('@ecabinet/web/papers/data-access');
  Object.assign(CLIENTS, { PapersApi, SearchApi });
});

interface ScreenRow {
  readonly route: string;
  readonly screen: string;
  readonly client: string | null;
  /** A browser navigation's address, as the exported constant the web app links to. */
  readonly link: string | null;
}

function screenRows(): ScreenRow[] {
  const text = readFileSync(join(ROOT, 'docs/screens.md'), 'utf8');
  return text
    .split('\n')
    .filter((line) => /^\|\s*`(GET|POST|PUT|PATCH|DELETE) /.test(line))
    .map((line) => {
      const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
      const client = /^`([A-Za-z]+\.[A-Za-z]+)`$/.exec(cells[2] ?? '');
      const link = /^`([A-Z][A-Z0-9_]+)`$/.exec(cells[2] ?? '');
      return { route: cells[0].replace(/`/g, ''), screen: cells[1], client: client ? client[1] : null, link: link ? link[1] : null };
    });
}

function webSources(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'node_modules' && entry !== 'testing') webSources(path, found);
    } else if (path.endsWith('.ts') && !path.endsWith('.spec.ts')) {
      found.push(path);
    }
  }
  return found;
}

/** `/api/meetings/{meetingId}/papers` as a pattern a concrete URL must match whole. */
function routePattern(path: string): RegExp {
  const escaped = path
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${escaped}$`);
}

const rows = screenRows();
const sources = webSources(join(ROOT, 'libs/web')).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

describe('docs/screens.md', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
  });

  it('lists routes, each with a client method or "API only" and a reason', () => {
    expect(rows.length).toBeGreaterThan(80);
    for (const row of rows) {
      if (row.client) {
        expect([row.route, row.screen]).toEqual([row.route, expect.stringMatching(/`[A-Z][A-Za-z]+Component`/)]);
      } else if (row.link) {
        expect([row.route, row.screen]).toEqual([row.route, expect.stringMatching(/^Browser navigation: .{12,}`[A-Z][A-Za-z]+Component`/)]);
      } else {
        expect([row.route, row.screen]).toEqual([row.route, expect.stringMatching(/^(API only|Browser navigation): .{12,}/)]);
      }
    }
  });

  it.each(rows.filter((row) => row.client).map((row) => [row.route, row.client as string]))('%s is sent by %s', (route, client) => {
    const [className, methodName] = client.split('.');
    const clientClass = CLIENTS[className];
    expect(clientClass).toBeDefined();
    const instance = TestBed.inject(clientClass) as Record<string, (...args: unknown[]) => Observable<unknown>>;
    const method = instance[methodName];
    expect(typeof method).toBe('function');

    // Placeholders: a file stands in for every argument (it encodes to a path segment no literal
    // route segment equals, and uploads accept it as their file).
    const placeholder = new File(['%PDF-1.7'], 'placeholder.pdf', { type: 'application/pdf' });
    const result = method.apply(instance, Array.from({ length: Math.max(method.length, 1) }, () => placeholder));
    expect(isObservable(result)).toBe(true);
    const subscription = result.subscribe({ error: () => undefined });
    const requests = TestBed.inject(HttpTestingController).match(() => true);
    subscription.unsubscribe();
    expect(requests.length).toBeGreaterThan(0);

    const [verb, path] = route.split(' ');
    const sent = requests[0].request;
    expect(`${sent.method} ${sent.url}`).toMatch(new RegExp(`^${verb} `));
    expect(sent.url).toMatch(routePattern(path));
    // No other listed route with fewer parameters also fits: the row names the route actually hit.
    const closer = rows.filter((other) => other.route !== route && other.route.startsWith(`${verb} `) && routePattern(other.route.split(' ')[1]).test(sent.url));
    expect(closer.filter((other) => other.route.split('{').length < route.split('{').length).map((other) => other.route)).toEqual([]);
  });

  it.each(rows.filter((row) => row.client).map((row) => [row.client as string, row.route]))('%s (%s) is called outside its client', (client) => {
    const [className, methodName] = client.split('.');
    const callers = sources.filter(({ text }) => {
      const fields = [...text.matchAll(new RegExp(`(\\w+)\\s*=\\s*inject\\(${className}\\)`, 'g'))].map((match) => match[1]);
      return fields.some((field) => new RegExp(`\\b${field}\\s*\\.${methodName}\\(`).test(text));
    });
    expect(callers.map(({ path }) => path.replace(`${ROOT}/`, ''))).not.toEqual([]);
  });

  it.each(rows.filter((row) => row.link).map((row) => [row.route, row.link as string]))('%s is the address %s, which a screen links to', (route, link) => {
    const [verb, path] = route.split(' ');
    expect(verb).toBe('GET');
    const definitions = sources.filter(({ text }) => new RegExp(`export const ${link} = \`\\$\\{API_BASE\\}${path.replace(/^\/api/, '')}\``).test(text));
    expect(definitions.map(({ path: file }) => file.replace(`${ROOT}/`, ''))).toHaveLength(1);
    const users = sources.filter(({ path: file, text }) => file !== definitions[0].path && new RegExp(`\\b${link}\\b`).test(text));
    expect(users).not.toEqual([]);
  });

  it('names screens that exist', () => {
    const components = new Set(sources.flatMap(({ text }) => [...text.matchAll(/export class (\w+Component)\b/g)].map((match) => match[1])));
    const named = rows.flatMap((row) => [...row.screen.matchAll(/`(\w+Component)`/g)].map((match) => match[1]));
    expect(named.filter((name) => !components.has(name))).toEqual([]);
  });
});
