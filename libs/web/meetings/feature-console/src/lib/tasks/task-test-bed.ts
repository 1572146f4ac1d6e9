import type { TaskDetailResponse, TaskResponse, TaskUpdateResponse } from '@ecabinet/shared/contracts';

/** A task of the Ministry of Finance from resolution 12/NQ-CP, open and on track; `overrides` change it. */
export function taskFixture(overrides: Partial<TaskResponse> = {}): TaskResponse {
  return {
    id: 't-1',
    title: 'Hoàn thiện dự thảo Nghị định về quản lý tài liệu điện tử',
    description: '',
    leadOrganisation: { id: 'o-btc', name: 'Bộ Tài chính', symbol: 'BTC' },
    responsible: { id: 'u-huy', fullName: 'Lê Quang Huy' },
    coordinating: [{ id: 'o-btp', name: 'Bộ Tư pháp', symbol: 'BTP' }],
    dueDate: '2026-12-31',
    originalDueDate: '2026-12-31',
    status: 'open',
    timeliness: 'on-track',
    pending: null,
    source: { type: 'resolution', id: 'r-1', meetingId: 'm-1', label: '12/NQ-CP Phiên họp Chính phủ thường kỳ' },
    createdBy: { id: 'u-sec', fullName: 'Trần Thị Thu Hà' },
    createdAt: '2026-12-04T03:00:00.000Z',
    completedAt: null,
    lastReport: null,
    updatedAt: '2026-12-04T03:00:00.000Z',
    ...overrides,
  };
}

export function taskDetailFixture(overrides: Partial<TaskDetailResponse> = {}): TaskDetailResponse {
  return { ...taskFixture(), updates: [], canReport: false, canDecide: false, ...overrides };
}

export function taskUpdateFixture(overrides: Partial<TaskUpdateResponse> = {}): TaskUpdateResponse {
  return {
    id: 'up-1',
    kind: 'progress',
    text: 'Đã lấy ý kiến các bộ, ngành.',
    attachments: [],
    requestedDueDate: null,
    state: null,
    author: { id: 'u-huy', fullName: 'Lê Quang Huy' },
    createdAt: '2026-12-05T03:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
    ...overrides,
  };
}
