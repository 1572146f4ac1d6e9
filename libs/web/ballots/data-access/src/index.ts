export { BallotsApi, type BallotBox, type SavedDraft } from './lib/ballots.api';
export { canonicalJson } from '@ecabinet/shared/trust';
export { groupHex, toBase64, toHex } from './lib/base64';
export { DeviceKeyService, SigningUnavailableError, describeDevice, type SignedAnswer } from './lib/device-key.service';
export { DEVICE_KEY_VAULT, SUBTLE_CRYPTO, IndexedDbDeviceKeyVault, IndexedDbUserStore, openAppDatabase, type DeviceKeyVault, type StoredDeviceKey } from './lib/device-key.vault';
export { BallotAnswerService, DeviceKeyRefusedError, buildAnswerDocument, sendSigned, type AnswerInclusion, type DeviceKeyRefusal } from './lib/ballot-answer.service';
export { SIGNED_ANSWER_LOG, answerInclusion, type SignedAnswerLog, type SignedAnswerRecord, type SignedAnswers } from './lib/signed-answer-log';
export { BallotApprovalService } from './lib/ballot-approval.service';
