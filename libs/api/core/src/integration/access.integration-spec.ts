import type { Role } from '@ecabinet/shared/contracts';
import { ALL_ROLES_AND_ANONYMOUS, startTestApp, testDatabaseDriver, type TestApp } from '../testing';

type Caller = Role | 'anonymous';
type Access = 'public' | 'authenticated' | readonly Role[];

/**
 * Who may call every route. The last test compares this table with the routes the API
 * actually serves (its OpenAPI document), so a new route cannot ship without an entry here.
 */
const ACCESS: Record<string, Access> = {
  'GET /api/health': 'public',
  'GET /api/health/live': 'public',
  'GET /api/health/ready': 'public',
  'GET /api/config': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/refresh': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/oidc/start': 'public',
  'GET /api/auth/oidc/callback': 'public',
  'POST /api/auth/oidc/second-factor': 'public',
  'POST /api/auth/logout-everywhere': 'authenticated',
  'GET /api/auth/me': 'authenticated',
  'POST /api/auth/password': 'authenticated',
  'POST /api/auth/totp/enroll': 'authenticated',
  'POST /api/auth/totp/confirm': 'authenticated',
  'POST /api/auth/totp/disable': 'authenticated',
  'GET /api/users': ['admin'],
  'POST /api/users': ['admin'],
  'GET /api/users/{id}': ['admin'],
  'PATCH /api/users/{id}': ['admin'],
  'POST /api/users/{id}/password': ['admin'],
  'GET /api/security-policy': ['admin'],
  'PUT /api/security-policy': ['admin'],
  'GET /api/audit': ['admin'],
  'GET /api/audit/verify': ['admin'],
  // Meetings: route-level access below; who may act in a given meeting is checked per meeting
  // (see meetings.integration-spec.ts).
  'GET /api/meetings': 'authenticated',
  'POST /api/meetings': ['secretary'],
  'GET /api/meetings/participant-choices': ['secretary'],
  'GET /api/meetings/{meetingId}': 'authenticated',
  'PATCH /api/meetings/{meetingId}': ['secretary'],
  'GET /api/meetings/{meetingId}/snapshot': 'authenticated',
  'PUT /api/meetings/{meetingId}/participants': ['secretary'],
  'POST /api/meetings/{meetingId}/status': 'authenticated',
  'PUT /api/meetings/{meetingId}/attendance/{userId}': 'authenticated',
  'GET /api/meetings/{meetingId}/agenda': 'authenticated',
  'POST /api/meetings/{meetingId}/agenda': ['secretary'],
  'PATCH /api/meetings/{meetingId}/agenda/{itemId}': ['secretary'],
  'POST /api/meetings/{meetingId}/agenda/{itemId}/move': ['secretary'],
  'POST /api/meetings/{meetingId}/agenda/{itemId}/status': ['secretary'],
  'POST /api/meetings/{meetingId}/agenda/{itemId}/complete': 'authenticated',
  'GET /api/meetings/{meetingId}/conclusions': 'authenticated',
  'GET /api/meetings/{meetingId}/minutes': 'authenticated',
  'PUT /api/meetings/{meetingId}/minutes': 'authenticated',
  'POST /api/meetings/{meetingId}/minutes/approve': 'authenticated',
  'GET /api/meetings/{meetingId}/minutes/pdf': 'authenticated',
  'GET /api/resolutions': 'authenticated',
  'POST /api/resolutions': ['secretary'],
  'GET /api/resolutions/{resolutionId}': 'authenticated',
  'PUT /api/resolutions/{resolutionId}': ['secretary'],
  'POST /api/resolutions/{resolutionId}/issue': ['chair'],
  'GET /api/resolutions/{resolutionId}/pdf': 'authenticated',
  'GET /api/tasks': 'authenticated',
  'GET /api/tasks/export': 'authenticated',
  'POST /api/tasks': ['secretary'],
  'POST /api/tasks/reminders': ['secretary'],
  'GET /api/tasks/{taskId}': 'authenticated',
  'POST /api/tasks/{taskId}/attachments': 'authenticated',
  'GET /api/tasks/{taskId}/attachments/{attachmentId}': 'authenticated',
  'POST /api/tasks/{taskId}/reports': 'authenticated',
  'POST /api/tasks/{taskId}/reports/{reportId}/decision': ['secretary'],
  'GET /api/statistics': ['secretary', 'chair'],
  'GET /api/search': 'authenticated',
  'GET /api/auth/devices': 'authenticated',
  'POST /api/auth/devices/{deviceId}/wipe': 'authenticated',
  'GET /api/users/{id}/devices': ['admin'],
  'POST /api/users/{id}/devices/{deviceId}/wipe': ['admin'],
  'GET /api/approvals': ['chair'],
  'POST /api/meetings/{meetingId}/agenda/{itemId}/conclusions': 'authenticated',
  'POST /api/meetings/{meetingId}/agenda/{itemId}/conclusions/approve': 'authenticated',
  'PUT /api/meetings/{meetingId}/current-item': 'authenticated',
  // Room screens: a screen pairs without an account; the chair and the secretariat of the meeting (checked by the service) pair, list and revoke.
  'POST /api/room-screens/pairings': 'public',
  'GET /api/rooms': ['secretary', 'chair'],
  'POST /api/rooms': ['secretary'],
  'PUT /api/rooms/{roomId}': ['secretary'],
  'GET /api/meetings/{meetingId}/seats': 'authenticated',
  'PUT /api/meetings/{meetingId}/seats': 'authenticated',
  'GET /api/meetings/{meetingId}/check-in/code': 'authenticated',
  'POST /api/meetings/{meetingId}/check-in': 'authenticated',
  // Chat: participants and the secretariat; muting, notices and the export are the chair's side's (checked by the service).
  'GET /api/meetings/{meetingId}/chat': 'authenticated',
  'POST /api/meetings/{meetingId}/chat': 'authenticated',
  'POST /api/meetings/{meetingId}/chat/read': 'authenticated',
  'PUT /api/meetings/{meetingId}/chat/mutes/{userId}': 'authenticated',
  'GET /api/meetings/{meetingId}/chat/export': 'authenticated',
  'POST /api/meetings/{meetingId}/video/token': 'authenticated',
  'POST /api/meetings/{meetingId}/video/joined': 'authenticated',
  'POST /api/room-screens/pairings/{pairingId}/claim': 'public',
  'GET /api/meetings/{meetingId}/room-screens': 'authenticated',
  'POST /api/meetings/{meetingId}/room-screens': 'authenticated',
  'DELETE /api/meetings/{meetingId}/room-screens/{screenId}': 'authenticated',
  'POST /api/meetings/{meetingId}/adopt-without-debate': 'authenticated',
  'PUT /api/meetings/{meetingId}/agenda/{itemId}/position': 'authenticated',
  'GET /api/meetings/{meetingId}/positions/mine': 'authenticated',
  'POST /api/meetings/{meetingId}/agenda/{itemId}/speakers': 'authenticated',
  'DELETE /api/meetings/{meetingId}/agenda/{itemId}/speakers/me': 'authenticated',
  'POST /api/meetings/{meetingId}/agenda/{itemId}/speakers/grant': 'authenticated',
  'POST /api/meetings/{meetingId}/agenda/{itemId}/speakers/{speakerId}/end': 'authenticated',
  'POST /api/meetings/{meetingId}/votes': 'authenticated',
  'GET /api/meetings/{meetingId}/votes/{voteId}': 'authenticated',
  'PUT /api/meetings/{meetingId}/votes/{voteId}/ballot': 'authenticated',
  'POST /api/meetings/{meetingId}/votes/{voteId}/close': 'authenticated',
  // Ballots: per-ballot visibility (drafts, recipients, tally) is checked by the service
  // (see ballots.integration-spec.ts).
  'GET /api/ballots': 'authenticated',
  'POST /api/ballots': ['secretary'],
  'GET /api/ballots/recipient-choices': ['secretary'],
  'GET /api/ballots/{ballotId}': 'authenticated',
  'PATCH /api/ballots/{ballotId}': ['secretary'],
  'POST /api/ballots/{ballotId}/submit': ['secretary'],
  'POST /api/ballots/{ballotId}/approve': ['chair'],
  'POST /api/ballots/{ballotId}/return': ['chair'],
  'POST /api/ballots/{ballotId}/issue': ['secretary'],
  'POST /api/ballots/{ballotId}/extend': ['chair'],
  'POST /api/ballots/{ballotId}/close': ['secretary'],
  'GET /api/ballots/{ballotId}/draft': 'authenticated',
  'PUT /api/ballots/{ballotId}/draft': 'authenticated',
  'POST /api/ballots/{ballotId}/answers': 'authenticated',
  'GET /api/ballots/{ballotId}/answers/mine': 'authenticated',
  'GET /api/ballots/{ballotId}/bundle': 'authenticated',
  'GET /api/ballots/{ballotId}/report': 'authenticated',
  // Ballot papers: readers are checked per ballot by the service (see ballot-papers.integration-spec.ts).
  'POST /api/ballots/{ballotId}/papers': ['secretary'],
  'DELETE /api/ballots/{ballotId}/papers/{paperId}': ['secretary'],
  'GET /api/ballots/{ballotId}/papers/{paperId}/view': 'authenticated',
  'GET /api/ballots/{ballotId}/papers/{paperId}/download': 'authenticated',
  'GET /api/ballots/{ballotId}/papers/{paperId}/offline': 'authenticated',
  'POST /api/signing-keys': 'authenticated',
  'GET /api/signing-keys': 'authenticated',
  'DELETE /api/signing-keys/{keyId}': 'authenticated',
  // Papers: who may read which paper is checked per meeting and paper (see papers.integration-spec.ts).
  'POST /api/meetings/{meetingId}/agenda/{itemId}/papers': ['secretary'],
  'GET /api/meetings/{meetingId}/papers': 'authenticated',
  'GET /api/meetings/{meetingId}/papers/{paperId}': 'authenticated',
  'PATCH /api/meetings/{meetingId}/papers/{paperId}': ['secretary'],
  'POST /api/meetings/{meetingId}/papers/{paperId}/versions': ['secretary'],
  'GET /api/meetings/{meetingId}/papers/{paperId}/view': 'authenticated',
  'GET /api/meetings/{meetingId}/papers/{paperId}/download': 'authenticated',
  'GET /api/meetings/{meetingId}/papers/{paperId}/offline': 'authenticated',
  'GET /api/meetings/{meetingId}/papers/{paperId}/received': ['secretary'],
  'GET /api/meetings/{meetingId}/book/view': 'authenticated',
  'GET /api/meetings/{meetingId}/book/download': 'authenticated',
  'GET /api/meetings/{meetingId}/agenda/{itemId}/exclusions': ['secretary'],
  'PUT /api/meetings/{meetingId}/agenda/{itemId}/exclusions': ['secretary'],
  'GET /api/paper-traces/{code}': ['admin'],
  'GET /api/audit/checkpoints': ['admin'],
  'POST /api/audit/checkpoints': ['admin'],
  'GET /api/audit/checkpoints/{size}': ['admin'],
  'GET /api/audit/entries/{seq}/proof': ['admin'],
  'GET /api/organisations': 'authenticated',
  'GET /api/organisations/{organisationId}': 'authenticated',
  'POST /api/organisations': ['admin'],
  'PATCH /api/organisations/{organisationId}': ['admin'],
  'GET /api/officer/authorities': ['officer'],
  'POST /api/officer/authorities': ['officer'],
  'GET /api/officer/pending-keys': ['officer'],
  'POST /api/officer/keys/{keyId}/certificate': ['officer'],
  'GET /api/officer/authorities/{authorityId}/revoked-keys': ['officer'],
  'PUT /api/officer/authorities/{authorityId}/crl': ['officer'],
  // Private annotations: anyone who may read the paper, on their own annotations only (see annotations.integration-spec.ts).
  'GET /api/meetings/{meetingId}/annotations': 'authenticated',
  'GET /api/meetings/{meetingId}/papers/{paperId}/annotations': 'authenticated',
  'POST /api/meetings/{meetingId}/papers/{paperId}/annotations': 'authenticated',
  'PATCH /api/meetings/{meetingId}/papers/{paperId}/annotations/{annotationId}': 'authenticated',
  'DELETE /api/meetings/{meetingId}/papers/{paperId}/annotations/{annotationId}': 'authenticated',
  // Notifications: every user has an inbox and reads only their own (see notifications.integration-spec.ts).
  'GET /api/notifications': 'authenticated',
  'POST /api/notifications/{notificationId}/read': 'authenticated',
  'POST /api/notifications/read-all': 'authenticated',
  'GET /api/notifications/preferences': 'authenticated',
  'PUT /api/notifications/preferences': 'authenticated',
  // This device's push subscription, tied to the caller's session (see push.integration-spec.ts).
  'PUT /api/notifications/push-subscription': 'authenticated',
  'DELETE /api/notifications/push-subscription': 'authenticated',
};

/** One user per role; `delegate` has no demo login, so the spec creates one. */
const LOGIN_FOR: Record<Role, string> = {
  admin: 'admin',
  secretary: 'secretary',
  chair: 'chair',
  member: 'member1',
  delegate: 'delegate-test',
  observer: 'observer',
  officer: 'officer',
};

function allowed(access: Access, caller: Caller): boolean {
  if (access === 'public') return true;
  if (caller === 'anonymous') return false;
  if (access === 'authenticated') return true;
  return access.includes(caller);
}

describe(`access to every route (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  const tokens: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.loginAs('admin');
    await t.request('POST', '/api/users', {
      token: admin.accessToken,
      body: { username: 'delegate-test', fullName: 'Người được ủy quyền', password: 'ecabinet-demo', roles: ['delegate'] },
    });
    for (const role of Object.keys(LOGIN_FOR) as Role[]) tokens[role] = (await t.loginAs(LOGIN_FOR[role])).accessToken;
  });
  afterAll(() => t.close());

  const cases = Object.entries(ACCESS).flatMap(([route, access]) => ALL_ROLES_AND_ANONYMOUS.map((caller) => [route, caller, access] as const));

  it.each(cases)('%s as %s', async (route, caller, access) => {
    const [method, template] = route.split(' ');
    // A well-formed id that names nobody: authorisation is decided before the lookup.
    const path = template.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
    const token = tokens[caller];
    const response = await t.request(method, path, { token, body: method === 'GET' ? undefined : {} });
    // Logout-everywhere ends every session of the caller: sign in again for the next routes.
    if (route === 'POST /api/auth/logout-everywhere' && caller !== 'anonymous') tokens[caller] = (await t.loginAs(LOGIN_FOR[caller])).accessToken;
    if (allowed(access, caller)) {
      // The guard let the call through; what the handler then says (400, 404, 401 REFRESH_INVALID…) is its own business.
      expect(['UNAUTHENTICATED', 'FORBIDDEN']).not.toContain(response.body?.code);
      expect(response.status).toBeLessThan(500);
    } else if (caller === 'anonymous') {
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    } else {
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
    }
  });

  it('the table covers exactly the routes the API serves', async () => {
    const document = (await t.request('GET', '/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(served.sort()).toEqual(Object.keys(ACCESS).sort());
  });
});
