export {
  MEETING_ID,
  agendaItem,
  meetingEvent,
  meetingResponse,
  meetingSnapshot,
  participant,
  speaker,
  voteResponse,
} from './meeting-factories';
export { FakeLiveSocketClient, fakeLiveSocketFactory } from './fake-live-socket';
export { signInForTest } from './sign-in';
