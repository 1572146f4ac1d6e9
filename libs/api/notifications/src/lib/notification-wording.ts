import type { NotificationKind } from '@ecabinet/shared/contracts';

/** What each kind is called in a message leaving the app (e-mail, push), in both languages; the title follows it. */
export const NOTIFICATION_WORDING: Record<NotificationKind, { vi: string; en: string }> = {
  'ballot-issued': { vi: 'Phiếu lấy ý kiến mới', en: 'A new opinion ballot awaits your answer' },
  'ballot-returned': { vi: 'Phiếu lấy ý kiến được trả lại để chỉnh sửa', en: 'An opinion ballot was returned for rework' },
  'ballot-reminder': { vi: 'Nhắc trả lời phiếu lấy ý kiến', en: 'Reminder to answer an opinion ballot' },
  'ballot-extended': { vi: 'Gia hạn phiếu lấy ý kiến', en: 'The deadline of an opinion ballot was extended' },
  'paper-added': { vi: 'Tài liệu họp mới', en: 'A meeting paper was added' },
  'paper-replaced': { vi: 'Tài liệu họp được thay bằng phiên bản mới', en: 'A meeting paper was replaced by a new version' },
  'meeting-published': { vi: 'Phiên họp được phát hành', en: 'A meeting was published' },
  'meeting-rescheduled': { vi: 'Phiên họp đổi thời gian', en: 'A meeting was rescheduled' },
  'meeting-started': { vi: 'Phiên họp bắt đầu', en: 'A meeting has started' },
  'floor-granted': { vi: 'Mời đồng chí phát biểu', en: 'You have the floor' },
  'resolution-issued': { vi: 'Nghị quyết mới được ban hành', en: 'A resolution was issued' },
  'minutes-approved': { vi: 'Biên bản phiên họp đã được duyệt', en: 'The minutes of a meeting were approved' },
  'task-assigned': { vi: 'Nhiệm vụ mới được giao', en: 'A task was assigned to your organisation' },
  'task-decided': { vi: 'Văn phòng Chính phủ đã xem xét đề nghị về nhiệm vụ', en: 'The Government Office decided on a task request' },
  'task-reminder': { vi: 'Nhắc thời hạn nhiệm vụ', en: 'A task falls due soon' },
  'task-overdue': { vi: 'Nhiệm vụ quá hạn', en: 'A task is overdue' },
  'signing-key-registered': {
    vi: 'Một khóa ký số vừa được đăng ký dưới tên đồng chí; nếu không phải đồng chí đăng ký, hãy báo ngay cho Văn phòng',
    en: 'A signing key was registered in your name; if it was not you, tell the Office at once',
  },
};
