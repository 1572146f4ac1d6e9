import { startTestApp, testDatabaseDriver, type TestApp } from '../testing';

type Schema = Record<string, unknown>;
interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** A schema a generated client can type: a `$ref`, a typed schema, or a composition of them; not `{}`. */
function isTyped(schema: Schema | undefined): boolean {
  if (!schema) return false;
  return ['$ref', 'type', 'allOf', 'oneOf', 'anyOf', 'enum'].some((key) => key in schema);
}

/** Typed all the way down one level: not a bare `object` without properties, not an array of `{}`. */
function isPrecise(schema: Schema | undefined): boolean {
  if (!schema || !isTyped(schema)) return false;
  if (schema['type'] === 'array') return isTyped(schema['items'] as Schema | undefined);
  if (schema['type'] === 'object') return Boolean(schema['properties'] || schema['additionalProperties'] || schema['allOf']);
  return true;
}

/** Every `$ref` anywhere in `value`. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, out));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') out.push(item);
      else refsIn(item, out);
    }
  }
  return out;
}

describe(`OpenAPI document (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let document: OpenApiDocument;

  beforeAll(async () => {
    t = await startTestApp();
    document = (await t.request('GET', '/api/docs-json')).body as OpenApiDocument;
  });
  afterAll(() => t?.close());

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
    );

  it('documents every route (the count is reported)', () => {
    const routes = operations().map(({ route }) => route);
    console.info(`OpenAPI document: ${routes.length} routes`);
    expect(routes.length).toBeGreaterThan(0);
  });

  it('every route has a 2xx or 3xx response with a typed schema, or is documented as 204 No Content or a redirect', () => {
    const untyped = operations()
      .filter(({ operation }) => {
        const success = Object.entries(operation.responses ?? {}).filter(([status]) => /^[23]\d\d$/.test(status));
        return !success.some(([status, response]) => {
          if (status === '204' || /^3\d\d$/.test(status)) return true;
          const contents = Object.values(response.content ?? {});
          return contents.length > 0 && contents.every((content) => isPrecise(content.schema));
        });
      })
      .map(({ route }) => route);
    expect(untyped).toEqual([]);
  });

  it('every 4xx response a route declares uses the shared error shape', () => {
    const wrong = operations().flatMap(({ route, operation }) =>
      Object.entries(operation.responses ?? {})
        .filter(([status]) => /^4\d\d$/.test(status))
        .filter(([, response]) => !Object.values(response.content ?? {}).some((content) => content.schema?.['$ref'] === '#/components/schemas/ApiErrorResponse'))
        .map(([status]) => `${route} ${status}`),
    );
    expect(wrong).toEqual([]);
  });

  it('every $ref resolves, no schema component is an empty object and every property is typed', () => {
    const schemas = document.components?.schemas ?? {};
    const unresolved = refsIn(document).filter((ref) => !(ref.replace('#/components/schemas/', '') in schemas) || !ref.startsWith('#/components/schemas/'));
    expect([...new Set(unresolved)]).toEqual([]);
    const empty = Object.entries(schemas)
      .filter(([, schema]) => !isTyped(schema) || (schema['type'] === 'object' && Object.keys((schema['properties'] as Schema | undefined) ?? {}).length === 0 && !schema['additionalProperties']))
      .map(([name]) => name);
    expect(empty).toEqual([]);
    const untypedProperties = Object.entries(schemas).flatMap(([name, schema]) =>
      Object.entries((schema['properties'] as Record<string, Schema> | undefined) ?? {})
        .filter(([, property]) => !isPrecise(property))
        .map(([property]) => `${name}.${property}`),
    );
    expect(untypedProperties).toEqual([]);
  });
});
