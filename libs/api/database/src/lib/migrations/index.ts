import { IdentityAndAudit1763769600000 } from './1763769600000-identity-and-audit';
import { Meetings1763856000000 } from './1763856000000-meetings';
import { Ballots1763942400000 } from './1763942400000-ballots';
import { AuditOutbox1764028800000 } from './1764028800000-audit-outbox';
import { Papers1764115200000 } from './1764115200000-papers';
import { PaperAnnotations1764201600000 } from './1764201600000-paper-annotations';
import { UserDelegates1764288000000 } from './1764288000000-user-delegates';
import { BallotPapers1764374400000 } from './1764374400000-ballot-papers';
import { Notifications1764460800000 } from './1764460800000-notifications';
import { BallotReminderLog1764547200000 } from './1764547200000-ballot-reminder-log';
import { ReceivedFiles1764892800000 } from './1764892800000-received-files';
import { IdentityHardening1764633600000 } from './1764633600000-identity-hardening';
import { SignInMethod1764979200000 } from './1764979200000-sign-in-method';
import { KeyCertificates1765065600000 } from './1765065600000-key-certificates';
import { BallotApprovals1765152000000 } from './1765152000000-ballot-approvals';
import { AuditCheckpoints1765238400000 } from './1765238400000-audit-checkpoints';
import { SecretVotes1765324800000 } from './1765324800000-secret-votes';
import { SealedBundles1765411200000 } from './1765411200000-sealed-bundles';
import { CertificateOfficers1765497600000 } from './1765497600000-certificate-officers';
import { OfficerCrls1765584000000 } from './1765584000000-officer-crls';
import { Organisations1765670400000 } from './1765670400000-organisations';
import { ItemConclusions1765756800000 } from './1765756800000-item-conclusions';
import { Minutes1765843200000 } from './1765843200000-minutes';
import { Tasks1765929600000 } from './1765929600000-tasks';
import { ItemTime1766016000000 } from './1766016000000-item-time';
import { BallotResolutions1766102400000 } from './1766102400000-ballot-resolutions';

/** Every migration, oldest first. A new migration is added at the end of this list. */
export const MIGRATIONS = [IdentityAndAudit1763769600000, Meetings1763856000000, Ballots1763942400000, AuditOutbox1764028800000, Papers1764115200000, PaperAnnotations1764201600000, UserDelegates1764288000000, BallotPapers1764374400000, Notifications1764460800000, BallotReminderLog1764547200000, ReceivedFiles1764892800000, IdentityHardening1764633600000, SignInMethod1764979200000, KeyCertificates1765065600000, BallotApprovals1765152000000, AuditCheckpoints1765238400000, SecretVotes1765324800000, SealedBundles1765411200000, CertificateOfficers1765497600000, OfficerCrls1765584000000, Organisations1765670400000, ItemConclusions1765756800000, Minutes1765843200000, Tasks1765929600000, ItemTime1766016000000, BallotResolutions1766102400000];
