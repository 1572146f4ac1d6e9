import { AgendaItemEntity } from './agenda-item.entity';
import { ChatMessageEntity, ChatMuteEntity, ChatReadEntity, CheckInEntity, MeetingRoomEntity, MeetingSeatEntity } from './hybrid-session.entities';
import { ItemConclusionEntity } from './item-conclusion.entity';
import { MeetingEventEntity } from './meeting-event.entity';
import { MeetingEntity } from './meeting.entity';
import { ParticipantEntity } from './participant.entity';
import { PositionEntity } from './position.entity';
import { RoomScreenEntity, RoomScreenPairingEntity } from './room-screen.entity';
import { SpeakerEntity } from './speaker.entity';
import { SecretVoteCountEntity, VoteBallotEntity, VoteEntity } from './vote.entity';

export { AgendaItemEntity, ChatMessageEntity, ChatMuteEntity, ChatReadEntity, CheckInEntity, MeetingRoomEntity, MeetingSeatEntity, ItemConclusionEntity, MeetingEventEntity, MeetingEntity, ParticipantEntity, PositionEntity, RoomScreenEntity, RoomScreenPairingEntity, SecretVoteCountEntity, SpeakerEntity, VoteBallotEntity, VoteEntity };

export const MEETING_ENTITIES = [MeetingEntity, ParticipantEntity, AgendaItemEntity, MeetingEventEntity, PositionEntity, SpeakerEntity, VoteEntity, VoteBallotEntity, SecretVoteCountEntity, ItemConclusionEntity, RoomScreenEntity, RoomScreenPairingEntity, ChatMessageEntity, ChatReadEntity, ChatMuteEntity, CheckInEntity, MeetingRoomEntity, MeetingSeatEntity];
